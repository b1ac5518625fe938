// What a running instance waits on, in the shape the case page shows: the engine keeps it in three places
// (jobs, external tasks, event subscriptions) and names a job's activity only through its job definition.
// Pure: the engine reads are in the adapter, the words in the SPA.
import type { WaitItem } from '../../contracts/cases.js';
import type { EngineEventSubscription, EngineExternalTask, EngineJob, EngineJobDefinition } from '../engine/schemas.js';

export interface WaitSources {
  jobs: EngineJob[];
  externalTasks: EngineExternalTask[];
  subscriptions: EngineEventSubscription[];
  /** Job definitions of the instance's process definition, by id. */
  jobDefinitions: ReadonlyMap<string, EngineJobDefinition>;
  /** The instance's business key: the workbench correlates its messages by it. */
  businessKey: string | null;
  /** Activity id → name, from the diagram. */
  activityNames: ReadonlyMap<string, string>;
  /** The case's step: listed first. */
  caseActivityId: string | null;
}

const blank = {
  name: null,
  workerId: null,
  lockExpiresAt: null,
  retriesLeft: null,
  dueAt: null,
  correlationKey: null,
  suspended: false,
  lastError: null,
  since: null,
} satisfies Partial<WaitItem>;

const SUBSCRIPTION_KINDS: Record<string, WaitItem['kind']> = { message: 'MESSAGE', signal: 'SIGNAL', conditional: 'CONDITION' };

export function waitItemsOf(sources: WaitSources): WaitItem[] {
  const named = (activityId: string | null) => ({ activityId, activityName: activityId ? (sources.activityNames.get(activityId) ?? null) : null });
  const items: WaitItem[] = [];
  for (const task of sources.externalTasks) {
    items.push({
      ...blank,
      kind: 'EXTERNAL_TASK',
      ...named(task.activityId),
      name: task.topicName,
      workerId: task.workerId,
      lockExpiresAt: task.lockExpirationTime,
      retriesLeft: task.retries,
      suspended: task.suspended ?? false,
      lastError: task.errorMessage,
    });
  }
  for (const job of sources.jobs) {
    const definition = job.jobDefinitionId ? sources.jobDefinitions.get(job.jobDefinitionId) : undefined;
    const timer = definition?.jobType?.startsWith('timer') ?? false;
    // A job that failed keeps its exception message and counts its retries down; the engine's default is 3.
    const failed = job.exceptionMessage !== null;
    items.push({
      ...blank,
      kind: failed ? 'FAILED_JOB' : timer ? 'TIMER' : 'JOB',
      ...named(definition?.activityId ?? null),
      retriesLeft: failed ? job.retries : null,
      // No retries left: the job waits for nobody (it is an incident), so there is no next run to show.
      dueAt: failed && job.retries === 0 ? null : job.dueDate,
      suspended: job.suspended ?? false,
      lastError: job.exceptionMessage,
    });
  }
  for (const subscription of sources.subscriptions) {
    const kind = SUBSCRIPTION_KINDS[subscription.eventType];
    // Compensation subscriptions are bookkeeping for a later undo, not something the token waits for.
    if (!kind) continue;
    items.push({
      ...blank,
      kind,
      ...named(subscription.activityId),
      name: subscription.eventName,
      correlationKey: kind === 'MESSAGE' ? sources.businessKey : null,
      since: subscription.createdDate,
    });
  }
  // The case's own step first; otherwise the engine's order.
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => Number(b.item.activityId === sources.caseActivityId) - Number(a.item.activityId === sources.caseActivityId) || a.index - b.index)
    .map(({ item }) => item);
}
