// What an operator does in Cockpit, done the way Cockpit does it: engine REST calls as an engine user other
// than the workbench's (the reference engine's Cockpit admin), so the engine's user operation log names them.
export const COCKPIT_USER = { id: 'admin', password: 'admin' };

export function cockpit(engineUrl: string, user = COCKPIT_USER) {
  const auth = 'Basic ' + Buffer.from(`${user.id}:${user.password}`).toString('base64');
  async function call(method: 'GET' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${engineUrl}${path}`, {
      method,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${user.id} → ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    user: user.id,
    /** The open incidents of an instance (to find the external task or job behind one). */
    incidents: (processInstanceId: string) =>
      call('GET', `/incident?processInstanceId=${processInstanceId}`) as Promise<{ id: string; configuration: string | null; incidentType: string; activityId: string }[]>,
    /** "Suspend process instance" in Cockpit: its external tasks are no longer fetched by workers. */
    suspend: (processInstanceId: string) => call('PUT', `/process-instance/${processInstanceId}/suspended`, { suspended: true }),
    activate: (processInstanceId: string) => call('PUT', `/process-instance/${processInstanceId}/suspended`, { suspended: false }),
    /** "Increment number of retries" on a failed external task: the incident is resolved in place. */
    setExternalTaskRetries: (externalTaskId: string, retries: number) => call('PUT', `/external-task/${externalTaskId}/retries`, { retries }),
    /** "Cancel process instance" in Cockpit. */
    cancel: (processInstanceId: string) => call('DELETE', `/process-instance/${processInstanceId}`),
    /** What a history cleanup (or a script) does to an ended instance. */
    deleteHistory: (processInstanceId: string) => call('DELETE', `/history/process-instance/${processInstanceId}`),
  };
}
