// Engine effects of recovery commands. Engine REST takes no idempotency key, so each one re-reads the
// engine first and counts an effect that is already there as done.
import type { EngineAdapter } from '../engine/adapter.js';
import type { CaseIncidentRow } from '../store/cases-repo.js';

export interface EngineStepResult {
  outcome: 'DONE' | 'ALREADY_DONE';
  calls: Record<string, unknown>[];
}

/** Gives a failed job or external task one more attempt, unless the engine already has it going again. */
export async function retryInEngine(engine: EngineAdapter, root: CaseIncidentRow): Promise<EngineStepResult> {
  const calls: Record<string, unknown>[] = [];
  if (!(await engine.incidentExists(root.incident_id))) {
    calls.push({ call: 'GET /incident/count', incidentId: root.incident_id, result: 'gone' });
    return { outcome: 'ALREADY_DONE', calls };
  }
  if (!root.configuration) throw new Error(`Incident ${root.incident_id} names no job or external task`);
  if (root.incident_type === 'failedExternalTask') {
    const task = await engine.getExternalTask(root.configuration);
    if ((task.retries ?? 0) > 0) return { outcome: 'ALREADY_DONE', calls: [...calls, { call: 'GET /external-task', id: task.id, retries: task.retries }] };
    await engine.setExternalTaskRetries(task.id, 1);
    calls.push({ call: 'PUT /external-task/{id}/retries', id: task.id, retries: 1, result: 'ok' });
    return { outcome: 'DONE', calls };
  }
  if (root.incident_type === 'failedJob') {
    const job = await engine.getJob(root.configuration);
    if (job.retries > 0) return { outcome: 'ALREADY_DONE', calls: [...calls, { call: 'GET /job', id: job.id, retries: job.retries }] };
    await engine.setJobRetries(job.id, 1);
    calls.push({ call: 'PUT /job/{id}/retries', id: job.id, retries: 1, result: 'ok' });
    return { outcome: 'DONE', calls };
  }
  throw new Error(`Incident type ${root.incident_type} cannot be retried`);
}

/**
 * What shows that an earlier attempt already got through when nothing waits for the message any more: the
 * failed step's incident is gone, or (for a token stuck without an incident) the token has left the step.
 */
export type ConfirmationEvidence = { incident: CaseIncidentRow } | { waitingAt: { processInstanceId: string; activityId: string } };

/**
 * Sends the message the process models for an operator's confirmation. "Nothing waits for it" with the step
 * already left behind means an earlier attempt got through: done, not an error.
 */
export async function correlateConfirmation(
  engine: EngineAdapter,
  input: { messageName: string; processInstanceId: string; evidence: ConfirmationEvidence; variable: string; reference: string },
): Promise<EngineStepResult> {
  const calls: Record<string, unknown>[] = [];
  const result = await engine.correlateMessage({
    messageName: input.messageName,
    processInstanceId: input.processInstanceId,
    variables: { [input.variable]: { value: input.reference, type: 'String' } },
  });
  calls.push({ call: 'POST /message', messageName: input.messageName, processInstanceId: input.processInstanceId, result });
  if (result === 'CORRELATED') return { outcome: 'DONE', calls };
  if ('incident' in input.evidence) {
    if (!(await engine.incidentExists(input.evidence.incident.incident_id))) {
      calls.push({ call: 'GET /incident/count', incidentId: input.evidence.incident.incident_id, result: 'gone' });
      return { outcome: 'ALREADY_DONE', calls };
    }
  } else {
    const { processInstanceId, activityId } = input.evidence.waitingAt;
    if (!(await engine.isWaitingAt(processInstanceId, activityId))) {
      calls.push({ call: 'GET /process-instance/{id}/activity-instances', processInstanceId, activityId, result: 'left' });
      return { outcome: 'ALREADY_DONE', calls };
    }
  }
  throw new Error(`The process no longer waits for ${input.messageName}; nothing was changed in the engine.`);
}
