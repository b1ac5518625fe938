// Early warnings (playbook §5.3, §6.3): steps failing but still retrying before they become incidents, and lock
// expirations per topic, derived from two bounded engine reads per sample (tasks some worker fetched, jobs that
// failed with retries left). Pure: the sampler passes the engine's answers in.
import type { EngineFetchedTask, EngineRetryingJob } from '../engine/adapter.js';
import type { RetryingStepRow } from '../store/release-repo.js';

export interface TopicFigures {
  retrying: number;
  lockExpired: number;
  /** A worker holds a task of the topic right now. */
  heldNow: boolean;
}

export type RetryingStep = Omit<RetryingStepRow, 'engine_id' | 'sampled_at' | 'definition_version'> & { definition_version: number | null };

const EXAMPLES = 5;

/**
 * A fetched task is one of three things: held (its lock runs in the future, no failure since), failing but
 * retrying (the worker reported a failure with retries left: the lock time is then the next try), or a lock
 * that ran out with no answer from the worker (lock time past, no error message). A task that failed earlier,
 * was fetched again and then ran out keeps its old error message and counts as retrying: the engine does not
 * tell the two apart.
 */
export function summarizeTasks(tasks: EngineFetchedTask[], now: Date): {
  topics: Map<string, TopicFigures>;
  expiries: { taskId: string; topic: string; at: string }[];
  steps: RetryingStep[];
} {
  const topics = new Map<string, TopicFigures>();
  const expiries: { taskId: string; topic: string; at: string }[] = [];
  const steps = new Map<string, RetryingStep>();
  const figures = (topic: string) => {
    let f = topics.get(topic);
    if (!f) topics.set(topic, (f = { retrying: 0, lockExpired: 0, heldNow: false }));
    return f;
  };
  for (const t of tasks) {
    const f = figures(t.topicName);
    const lockEnd = t.lockExpirationTime ? new Date(t.lockExpirationTime) : null;
    const failing = t.errorMessage !== null && (t.retries ?? 1) > 0;
    if (failing) {
      f.retrying++;
      const key = `${t.processDefinitionId}|${t.activityId}`;
      const step = steps.get(key) ?? {
        kind: 'externalTask' as const, definition_id: t.processDefinitionId, definition_key: t.processDefinitionKey, definition_version: null,
        activity_id: t.activityId, activity_name: null, topic: t.topicName, count: 0, min_retries_left: Number.MAX_SAFE_INTEGER, next_try_at: null, last_error: null, example_instance_ids: [],
      };
      step.count++;
      step.min_retries_left = Math.min(step.min_retries_left, t.retries ?? 0);
      if (lockEnd && lockEnd > now && (!step.next_try_at || lockEnd < step.next_try_at)) step.next_try_at = lockEnd;
      step.last_error ??= t.errorMessage;
      if (step.example_instance_ids.length < EXAMPLES) step.example_instance_ids.push(t.processInstanceId);
      steps.set(key, step);
    } else if (lockEnd && lockEnd <= now && t.errorMessage === null) {
      f.lockExpired++;
      expiries.push({ taskId: t.id, topic: t.topicName, at: lockEnd.toISOString() });
    } else if (lockEnd && lockEnd > now && t.workerId) {
      f.heldNow = true;
    }
  }
  return { topics, expiries, steps: [...steps.values()] };
}

/** Jobs that failed with retries left, per definition and step. */
export function summarizeJobs(jobs: EngineRetryingJob[]): RetryingStep[] {
  const steps = new Map<string, RetryingStep>();
  for (const j of jobs) {
    if (!j.processDefinitionId || !j.processDefinitionKey) continue;
    const activity = j.failedActivityId ?? 'unknown';
    const key = `${j.processDefinitionId}|${activity}`;
    const step = steps.get(key) ?? {
      kind: 'job' as const, definition_id: j.processDefinitionId, definition_key: j.processDefinitionKey, definition_version: null,
      activity_id: activity, activity_name: null, topic: null, count: 0, min_retries_left: Number.MAX_SAFE_INTEGER, next_try_at: null, last_error: null, example_instance_ids: [],
    };
    step.count++;
    step.min_retries_left = Math.min(step.min_retries_left, j.retries);
    const due = j.dueDate ? new Date(j.dueDate) : null;
    if (due && (!step.next_try_at || due < step.next_try_at)) step.next_try_at = due;
    step.last_error ??= j.exceptionMessage;
    if (j.processInstanceId && step.example_instance_ids.length < EXAMPLES) step.example_instance_ids.push(j.processInstanceId);
    steps.set(key, step);
  }
  return [...steps.values()];
}
