// Direct engine reads for assertions: tests observe the engine on their own, not through the code under test.
export function engineReader(engineUrl: string) {
  const auth = 'Basic ' + Buffer.from('workbench:workbench-secret').toString('base64');
  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${engineUrl}${path}`, { headers: { authorization: auth } });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
  return {
    get,
    incidents: (query = '') => get<{ id: string; rootCauseIncidentId: string | null; activityId: string; processInstanceId: string; incidentType: string }[]>(`/incident${query}`),
    /** The order process of a business key from history: found whether it still runs or has already ended. */
    orderInstance: async (businessKey: string) =>
      (await get<{ id: string; state: string }[]>(`/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(businessKey)}&processDefinitionKey=order-orchestration`))[0],
    processInstances: (businessKey: string) => get<{ id: string; ended: boolean }[]>(`/process-instance?businessKey=${encodeURIComponent(businessKey)}`),
    activityInstances: (processInstanceId: string) => get<{ childActivityInstances: { activityId: string }[]; childTransitionInstances: { activityId: string }[] }>(`/process-instance/${processInstanceId}/activity-instances`),
    history: (processInstanceId: string) => get<{ activityId: string; endTime: string | null }[]>(`/history/activity-instance?processInstanceId=${processInstanceId}&sortBy=occurrence&sortOrder=asc`),
  };
}

export interface SeedManifestOrder {
  orderId: string;
  businessKey: string;
  scenario: string;
}

export function ordersOf(manifestJson: string, scenario: string): SeedManifestOrder[] {
  const manifest = JSON.parse(manifestJson) as { orders: SeedManifestOrder[] };
  return manifest.orders.filter((o) => o.scenario === scenario);
}

/** Polls until `probe` holds, against a deadline (never a fixed sleep). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
