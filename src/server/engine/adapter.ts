// The engine adapter: the only module that knows Camunda 7 REST paths. Every list is bounded.
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { engineDateToIso, isoToEngineDate } from './dates.js';
import { EngineRequestError } from './errors.js';
import type { EngineHttp, Query } from './http.js';
import {
  activityInstanceSchema,
  countSchema,
  eventSubscriptionSchema,
  externalTaskSchema,
  historicActivityInstanceSchema,
  historicProcessInstanceSchema,
  incidentSchema,
  jobDefinitionSchema,
  jobSchema,
  processDefinitionSchema,
  processDefinitionXmlSchema,
  runtimeProcessInstanceSchema,
  userOperationSchema,
  versionSchema,
  type EngineEventSubscription,
  type EngineExternalTask,
  type EngineHistoricActivityInstance,
  type EngineHistoricProcessInstance,
  type EngineIncident,
  type EngineJob,
  type EngineJobDefinition,
  type EngineProcessDefinition,
  type EngineRuntimeProcessInstance,
  type EngineUserOperation,
} from './schemas.js';

const engineDate = z.string().nullable().optional().transform((v) => (v ? engineDateToIso(v) : null));
const waitingTaskSchema = z.object({ id: z.string(), createTime: engineDate });
const deploymentSchema = z.object({ id: z.string(), name: z.string().nullable().optional().transform((v) => v ?? null), deploymentTime: engineDate });
export type EngineDeployment = z.infer<typeof deploymentSchema>;
const endedIncidentSchema = z.object({ id: z.string(), endTime: engineDate, open: z.boolean().nullable().optional() });
export type EngineEndedIncident = z.infer<typeof endedIncidentSchema>;
const historicVariableSchema = z.object({
  name: z.string(),
  type: z.string().nullable().optional(),
  value: z.unknown(),
  activityInstanceId: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
});
const deploymentDefinitionSchema = z.object({ id: z.string(), key: z.string(), name: z.string().nullable().optional().transform((v) => v ?? null), version: z.number() });
export type EngineDeploymentDefinition = z.infer<typeof deploymentDefinitionSchema>;
const variablesSchema = z.record(z.string(), z.object({ value: z.unknown(), type: z.string().nullable().optional() }));
/** Variable name → serialized value and engine type name. */
export type EngineVariables = z.infer<typeof variablesSchema>;

/**
 * `GET /history/cleanup/jobs`: the engine's history cleanup jobs (one per degree of parallelism). A job that
 * failed carries its exception message and fewer retries. Extra fields are ignored.
 */
export const historyCleanupJobsSchema = z.array(
  z.object({
    id: z.string(),
    retries: z.number(),
    exceptionMessage: z.string().nullable().optional().transform((v) => v ?? null),
    dueDate: engineDate,
  }),
);
export type EngineHistoryCleanupJob = z.infer<typeof historyCleanupJobsSchema>[number];
/** An external task a worker fetched at least once: held now, failed and waiting to be tried again, or its lock ran out. */
const fetchedTaskSchema = z.object({
  id: z.string(),
  topicName: z.string(),
  activityId: z.string(),
  workerId: z.string().nullable().optional().transform((v) => v ?? null),
  retries: z.number().nullable().optional().transform((v) => v ?? null),
  lockExpirationTime: engineDate,
  errorMessage: z.string().nullable().optional().transform((v) => v ?? null),
  processInstanceId: z.string(),
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  suspended: z.boolean().optional(),
});
export type EngineFetchedTask = z.infer<typeof fetchedTaskSchema>;
/** A job that failed with retries left: the engine tries it again at its due date. */
const retryingJobSchema = z.object({
  id: z.string(),
  processInstanceId: z.string().nullable().optional().transform((v) => v ?? null),
  processDefinitionId: z.string().nullable().optional().transform((v) => v ?? null),
  processDefinitionKey: z.string().nullable().optional().transform((v) => v ?? null),
  failedActivityId: z.string().nullable().optional().transform((v) => v ?? null),
  retries: z.number(),
  exceptionMessage: z.string().nullable().optional().transform((v) => v ?? null),
  dueDate: engineDate,
});
export type EngineRetryingJob = z.infer<typeof retryingJobSchema>;
const workerReportSchema = z.object({ topicName: z.string().nullable().optional(), workerId: z.string().nullable().optional(), timestamp: engineDate });
const definitionRefSchema = z.object({ id: z.string(), key: z.string(), version: z.number(), name: z.string().nullable().optional().transform((v) => v ?? null) });
const decisionXmlSchema = z.object({ id: z.string(), dmnXml: z.string() });

/** Largest page the adapter asks for; the engine's own default is unbounded. */
export const MAX_PAGE_SIZE = 500;

export interface Page {
  firstResult?: number;
  maxResults?: number;
}

function paging(page: Page | undefined): Query {
  const maxResults = Math.min(Math.max(page?.maxResults ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  return { firstResult: Math.max(page?.firstResult ?? 0, 0), maxResults };
}

/**
 * `GET /external-task/{id}/errorDetails` answers 500 (a NullValueException), not 404, once the task is gone
 * (completed, or its instance moved on or was cancelled): that is "no details", not a failure.
 */
function isGoneExternalTask(error: EngineRequestError): boolean {
  return error.status === 500 && (error.type === 'NullValueException' || /no external task found/i.test(error.engineMessage ?? ''));
}

export class EngineAdapter {
  // Definitions never change, so these never need invalidation; bounded so that a long-lived BFF facing many
  // deployments keeps a fixed footprint (a BPMN file is tens of KB).
  private readonly xmlCache = new LRUCache<string, string>({ max: 200 });
  private readonly definitionCache = new LRUCache<string, EngineProcessDefinition>({ max: 1000 });

  constructor(private readonly http: EngineHttp) {}

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  async version(): Promise<string> {
    return (await this.http.get('/version', versionSchema)).version;
  }

  listIncidents(filter: { processInstanceId?: string; incidentTimestampAfter?: string }, page?: Page): Promise<EngineIncident[]> {
    return this.http.get('/incident', z.array(incidentSchema), {
      processInstanceId: filter.processInstanceId,
      incidentTimestampAfter: filter.incidentTimestampAfter ? isoToEngineDate(filter.incidentTimestampAfter) : undefined,
      sortBy: 'incidentTimestamp',
      sortOrder: 'asc',
      ...paging(page),
    });
  }

  /** Reads every open incident, page by page, up to `cap` (the caller decides what a storm too big to mirror is). */
  async listAllOpenIncidents(cap: number): Promise<{ incidents: EngineIncident[]; truncated: boolean }> {
    const incidents: EngineIncident[] = [];
    for (let first = 0; first < cap; first += MAX_PAGE_SIZE) {
      const page = await this.listIncidents({}, { firstResult: first, maxResults: Math.min(MAX_PAGE_SIZE, cap - first) });
      incidents.push(...page);
      if (page.length < MAX_PAGE_SIZE) return { incidents, truncated: false };
    }
    return { incidents, truncated: true };
  }

  /** Open incidents created after `after` (strictly), oldest first: the incremental sync's read. */
  listIncidentsCreatedAfter(after: string | null, maxResults: number): Promise<EngineIncident[]> {
    return this.http.get('/incident', z.array(incidentSchema), {
      incidentTimestampAfter: after ? isoToEngineDate(after) : undefined,
      sortBy: 'incidentTimestamp',
      sortOrder: 'asc',
      ...paging({ maxResults }),
    });
  }

  /** Open incidents in id order, one page: the paged full reconcile walks them by range. */
  listOpenIncidentsById(page: Page): Promise<EngineIncident[]> {
    return this.http.get('/incident', z.array(incidentSchema), { sortBy: 'incidentId', sortOrder: 'asc', ...paging(page) });
  }

  /** The open incidents of one root cause (the root and the parents up its call chain). */
  listIncidentsOfRoot(rootCauseIncidentId: string): Promise<EngineIncident[]> {
    return this.http.get('/incident', z.array(incidentSchema), { rootCauseIncidentId, ...paging({ maxResults: 100 }) });
  }

  /** Open incidents stamped after `after` and at or before `atOrBefore`. */
  async countOpenIncidentsCreatedBetween(after: string, atOrBefore: string): Promise<number> {
    const before = new Date(new Date(atOrBefore).getTime() + 1).toISOString();
    const { count } = await this.http.get('/incident/count', countSchema, {
      incidentTimestampAfter: isoToEngineDate(after),
      incidentTimestampBefore: isoToEngineDate(before),
    });
    return count;
  }

  async countOpenIncidents(): Promise<number> {
    return (await this.http.get('/incident/count', countSchema)).count;
  }

  /** Incidents that ended (resolved or deleted) after `after`, oldest end first, from the engine's history. */
  listIncidentsEndedAfter(after: string, page: Page): Promise<EngineEndedIncident[]> {
    return this.http.get('/history/incident', z.array(endedIncidentSchema), {
      endTimeAfter: isoToEngineDate(after),
      sortBy: 'endTime',
      sortOrder: 'asc',
      ...paging(page),
    });
  }

  /** Historic process instances by id, in one query (POST: a page of ids does not fit in a URL). */
  async historicProcessInstancesByIds(ids: string[]): Promise<EngineHistoricProcessInstance[]> {
    const all: EngineHistoricProcessInstance[] = [];
    for (let i = 0; i < ids.length; i += MAX_PAGE_SIZE) {
      const chunk = [...new Set(ids.slice(i, i + MAX_PAGE_SIZE))];
      const page = await this.http.send('POST', `/history/process-instance?firstResult=0&maxResults=${chunk.length}`, { processInstanceIds: chunk }, z.array(historicProcessInstanceSchema));
      all.push(...(page ?? []));
    }
    return all;
  }

  /** External tasks by id, in one query per page; tasks that are gone are simply missing from the answer. */
  async externalTasksByIds(ids: string[]) {
    const all: z.infer<typeof externalTaskSchema>[] = [];
    for (let i = 0; i < ids.length; i += MAX_PAGE_SIZE) {
      const chunk = [...new Set(ids.slice(i, i + MAX_PAGE_SIZE))];
      const page = await this.http.send('POST', `/external-task?firstResult=0&maxResults=${chunk.length}`, { externalTaskIdIn: chunk }, z.array(externalTaskSchema));
      all.push(...(page ?? []));
    }
    return all;
  }

  /**
   * What a running instance waits on, read in three calls: its jobs (timers, async continuations, failed jobs
   * with their retries and next due date), its external tasks (topic, worker, lock, retries) and its event
   * subscriptions (messages, signals). Bounded to one page each: an instance with more is not waiting, it is broken.
   */
  async waitsOf(processInstanceId: string): Promise<{ jobs: EngineJob[]; externalTasks: EngineExternalTask[]; subscriptions: EngineEventSubscription[] }> {
    const page = paging({ maxResults: 50 });
    const [jobs, externalTasks, subscriptions] = await Promise.all([
      this.http.get('/job', z.array(jobSchema), { processInstanceId, ...page }),
      this.http.get('/external-task', z.array(externalTaskSchema), { processInstanceId, ...page }),
      this.http.get('/event-subscription', z.array(eventSubscriptionSchema), { processInstanceId, ...page }),
    ]);
    return { jobs, externalTasks, subscriptions };
  }

  /** The job definitions of a process definition: which activity each job belongs to. They never change. */
  jobDefinitionsOf(processDefinitionId: string): Promise<EngineJobDefinition[]> {
    return this.http.get('/job-definition', z.array(jobDefinitionSchema), { processDefinitionId, ...paging({ maxResults: 200 }) });
  }

  /** Which of these running instances have a token waiting at `activityId` (ended instances are never listed). */
  async instancesWaitingAt(processInstanceIds: string[], activityId: string): Promise<Set<string>> {
    const waiting = new Set<string>();
    for (let i = 0; i < processInstanceIds.length; i += MAX_PAGE_SIZE) {
      const chunk = [...new Set(processInstanceIds.slice(i, i + MAX_PAGE_SIZE))];
      const page = await this.http.send(
        'POST',
        `/process-instance?firstResult=0&maxResults=${chunk.length}`,
        { processInstanceIds: chunk, activityIdIn: [activityId] },
        z.array(z.object({ id: z.string() })),
      );
      for (const instance of page ?? []) waiting.add(instance.id);
    }
    return waiting;
  }

  /** The running instances among these ids (runtime; ended or unknown ones are simply missing), in one query per page. */
  async runningInstancesByIds(ids: string[]): Promise<EngineRuntimeProcessInstance[]> {
    const all: EngineRuntimeProcessInstance[] = [];
    for (let i = 0; i < ids.length; i += MAX_PAGE_SIZE) {
      const chunk = [...new Set(ids.slice(i, i + MAX_PAGE_SIZE))];
      const page = await this.http.send('POST', `/process-instance?firstResult=0&maxResults=${chunk.length}`, { processInstanceIds: chunk }, z.array(runtimeProcessInstanceSchema));
      all.push(...(page ?? []));
    }
    return all;
  }

  /**
   * The user operation log after `after` (strictly), oldest first: what users did through the engine's API
   * (Cockpit, REST, scripts). The engine records an entry only for an authenticated user.
   */
  listUserOperationsAfter(after: string | null, maxResults: number): Promise<EngineUserOperation[]> {
    return this.http.get('/history/user-operation', z.array(userOperationSchema), {
      afterTimestamp: after ? isoToEngineDate(after) : undefined,
      sortBy: 'timestamp',
      sortOrder: 'asc',
      ...paging({ maxResults }),
    });
  }

  async incidentExists(incidentId: string): Promise<boolean> {
    const { count } = await this.http.get('/incident/count', countSchema, { incidentId });
    return count > 0;
  }

  listHistoricProcessInstances(
    filter: { startedAfter?: string; finishedAfter?: string; processInstanceIds?: string[]; unfinished?: boolean },
    page?: Page,
  ): Promise<EngineHistoricProcessInstance[]> {
    return this.http.get('/history/process-instance', z.array(historicProcessInstanceSchema), {
      startedAfter: filter.startedAfter ? isoToEngineDate(filter.startedAfter) : undefined,
      finishedAfter: filter.finishedAfter ? isoToEngineDate(filter.finishedAfter) : undefined,
      processInstanceIds: filter.processInstanceIds?.join(','),
      unfinished: filter.unfinished,
      sortBy: filter.finishedAfter ? 'endTime' : 'startTime',
      sortOrder: 'asc',
      ...paging(page),
    });
  }

  async getHistoricProcessInstance(id: string): Promise<EngineHistoricProcessInstance> {
    return this.http.get(`/history/process-instance/${encodeURIComponent(id)}`, historicProcessInstanceSchema);
  }

  /** Activity instances that have not ended: where tokens are right now, across all instances. */
  listUnfinishedActivityInstances(page?: Page): Promise<EngineHistoricActivityInstance[]> {
    return this.http.get('/history/activity-instance', z.array(historicActivityInstanceSchema), {
      unfinished: true,
      sortBy: 'startTime',
      sortOrder: 'asc',
      ...paging(page),
    });
  }

  /** The path an instance took, in order of occurrence (bounded: a looping instance is cut at the cap). */
  listActivityHistory(processInstanceId: string, page?: Page): Promise<EngineHistoricActivityInstance[]> {
    return this.http.get('/history/activity-instance', z.array(historicActivityInstanceSchema), {
      processInstanceId,
      sortBy: 'occurrence',
      sortOrder: 'asc',
      ...paging(page),
    });
  }

  getActivityInstanceTree(processInstanceId: string) {
    return this.http.get(`/process-instance/${encodeURIComponent(processInstanceId)}/activity-instances`, activityInstanceSchema);
  }

  /** Whether a token of the instance is at the activity right now (history's unfinished activity instances); false once it ended. */
  async isWaitingAt(processInstanceId: string, activityId: string): Promise<boolean> {
    const { count } = await this.http.get('/history/activity-instance/count', countSchema, { processInstanceId, activityId, unfinished: true });
    return count > 0;
  }

  async getProcessDefinition(id: string): Promise<EngineProcessDefinition> {
    const cached = this.definitionCache.get(id);
    if (cached) return cached;
    const definition = await this.http.get(`/process-definition/${encodeURIComponent(id)}`, processDefinitionSchema);
    this.definitionCache.set(id, definition);
    return definition;
  }

  /** BPMN XML by definition id. Definitions are immutable, so the cache never needs invalidation. */
  async getProcessDefinitionXml(id: string): Promise<string> {
    const cached = this.xmlCache.get(id);
    if (cached) return cached;
    const { bpmn20Xml } = await this.http.get(`/process-definition/${encodeURIComponent(id)}/xml`, processDefinitionXmlSchema);
    this.xmlCache.set(id, bpmn20Xml);
    return bpmn20Xml;
  }

  getExternalTask(id: string) {
    return this.http.get(`/external-task/${encodeURIComponent(id)}`, externalTaskSchema);
  }

  async setExternalTaskRetries(id: string, retries: number): Promise<void> {
    await this.http.send('PUT', `/external-task/${encodeURIComponent(id)}/retries`, { retries }, null);
  }

  getJob(id: string) {
    return this.http.get(`/job/${encodeURIComponent(id)}`, jobSchema);
  }

  async setJobRetries(id: string, retries: number): Promise<void> {
    await this.http.send('PUT', `/job/${encodeURIComponent(id)}/retries`, { retries }, null);
  }

  /** The worker's error details (external task) or the stack trace (job), cut to `maxChars`; null when gone. */
  async getFailureDetails(incidentType: string, configuration: string, maxChars = 4000): Promise<string | null> {
    const path =
      incidentType === 'failedExternalTask'
        ? `/external-task/${encodeURIComponent(configuration)}/errorDetails`
        : incidentType === 'failedJob'
          ? `/job/${encodeURIComponent(configuration)}/stacktrace`
          : null;
    if (!path) return null;
    try {
      const text = await this.http.getText(path);
      return text ? text.slice(0, maxChars) : null;
    } catch (error) {
      if (error instanceof EngineRequestError && (error.status === 404 || isGoneExternalTask(error))) return null;
      throw error;
    }
  }

  /**
   * Correlates a message. The engine answers 400 when nothing waits for it (a duplicate, or the token moved on):
   * that is reported as NO_MATCH, never as a failure, because engine REST has no idempotency key.
   */
  async correlateMessage(input: {
    messageName: string;
    businessKey?: string;
    processInstanceId?: string;
    variables?: Record<string, { value: string | number | boolean; type: 'String' | 'Integer' | 'Double' | 'Boolean' }>;
  }): Promise<'CORRELATED' | 'NO_MATCH'> {
    try {
      await this.http.send('POST', '/message', {
        messageName: input.messageName,
        businessKey: input.businessKey,
        processInstanceId: input.processInstanceId,
        processVariables: input.variables,
        resultEnabled: true,
      }, z.unknown());
      return 'CORRELATED';
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 400 && /no process definition or execution matches|Cannot correlate/i.test(error.engineMessage ?? '')) {
        return 'NO_MATCH';
      }
      throw error;
    }
  }

  async setIncidentAnnotation(incidentId: string, annotation: string): Promise<void> {
    await this.http.send('PUT', `/incident/${encodeURIComponent(incidentId)}/annotation`, { annotation }, null);
  }

  /** One process variable's value, serialized (never deserialized server-side objects); null when unset. */
  async getVariable(processInstanceId: string, name: string): Promise<unknown> {
    try {
      const variable = await this.http.get(
        `/process-instance/${encodeURIComponent(processInstanceId)}/variables/${encodeURIComponent(name)}`,
        z.object({ value: z.unknown(), type: z.string().nullable().optional() }),
        { deserializeValue: false },
      );
      return variable.value ?? null;
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * A variable's last value from history: for an instance that has ended (the runtime no longer has it).
   * Null when history does not hold it (a lower history level, or no such variable).
   */
  async getHistoricVariable(processInstanceId: string, name: string): Promise<unknown> {
    const [variable] = await this.http.get('/history/variable-instance', z.array(z.object({ value: z.unknown() })), {
      processInstanceId,
      variableName: name,
      deserializeValues: false,
      maxResults: 1,
    });
    return variable?.value ?? null;
  }

  /** All of an instance's variables in one call, serialized (objects are never deserialized server-side). */
  listVariables(processInstanceId: string): Promise<EngineVariables> {
    return this.http.get(`/process-instance/${encodeURIComponent(processInstanceId)}/variables`, variablesSchema, { deserializeValues: false });
  }

  /** Tokens that entered `activityId` before `startedBefore` and are still there (stage-budget breaches). */
  listActivityInstancesWaitingSince(activityId: string, startedBefore: string, page?: Page): Promise<EngineHistoricActivityInstance[]> {
    return this.http.get('/history/activity-instance', z.array(historicActivityInstanceSchema), {
      activityId,
      unfinished: true,
      startedBefore: isoToEngineDate(startedBefore),
      sortBy: 'startTime',
      sortOrder: 'asc',
      ...paging(page),
    });
  }

  /** Running instances with this business key (the lost-start check of playbook 18.1). */
  async countRunningInstances(businessKey: string, processDefinitionKey: string): Promise<number> {
    const { count } = await this.http.get('/process-instance/count', countSchema, { businessKey, processDefinitionKey });
    return count;
  }

  /** The history cleanup jobs (empty when cleanup is not scheduled). */
  async historyCleanupJobs(): Promise<EngineHistoryCleanupJob[]> {
    try {
      return await this.http.get('/history/cleanup/jobs', historyCleanupJobsSchema);
    } catch (error) {
      // The engine answers 404 ("History clean up jobs are empty") when cleanup has never been scheduled.
      if (error instanceof EngineRequestError && error.status === 404) return [];
      throw error;
    }
  }

  /** External tasks a worker could fetch right now on this topic: not locked, retries left, not suspended. */
  async countWaitingExternalTasks(topicName: string): Promise<number> {
    const { count } = await this.http.get('/external-task/count', countSchema, { topicName, notLocked: true, withRetriesLeft: true, active: true });
    return count;
  }

  /** When the oldest waiting task of a topic was created (null when none waits or the engine does not say). */
  async oldestWaitingExternalTaskSince(topicName: string): Promise<string | null> {
    const tasks = await this.http.get('/external-task', z.array(waitingTaskSchema), {
      topicName, notLocked: true, withRetriesLeft: true, active: true, sortBy: 'createTime', sortOrder: 'asc', maxResults: 1,
    });
    return tasks[0]?.createTime ?? null;
  }

  /** Every run (process instance, ended ones included) with this business key, newest start first, bounded. */
  listRunsByBusinessKey(businessKey: string, maxResults: number): Promise<EngineHistoricProcessInstance[]> {
    return this.http.get('/history/process-instance', z.array(historicProcessInstanceSchema), {
      processInstanceBusinessKey: businessKey,
      sortBy: 'startTime',
      sortOrder: 'desc',
      ...paging({ maxResults }),
    });
  }

  async countRunsByBusinessKey(businessKey: string): Promise<number> {
    const { count } = await this.http.get('/history/process-instance/count', countSchema, { processInstanceBusinessKey: businessKey });
    return count;
  }

  /**
   * An instance's variables from history (running or ended), serialized, bounded to one page. Variables set in
   * an inner scope keep their own entry: the process-level one (activity instance id = instance id) comes first.
   */
  async listHistoricVariables(processInstanceId: string): Promise<EngineVariables> {
    const rows = await this.http.get('/history/variable-instance', z.array(historicVariableSchema), {
      processInstanceId,
      deserializeValues: false,
      ...paging({ maxResults: MAX_PAGE_SIZE }),
    });
    const variables: EngineVariables = {};
    const processScope = (r: z.infer<typeof historicVariableSchema>) => r.activityInstanceId === processInstanceId;
    for (const row of [...rows.filter(processScope), ...rows.filter((r) => !processScope(r))]) {
      if (row.state === 'DELETED' || Object.prototype.hasOwnProperty.call(variables, row.name)) continue;
      variables[row.name] = { value: row.value, type: row.type ?? null };
    }
    return variables;
  }

  /** The latest deployments, newest first. */
  listDeployments(maxResults: number): Promise<EngineDeployment[]> {
    return this.http.get('/deployment', z.array(deploymentSchema), {
      sortBy: 'deploymentTime', sortOrder: 'desc', ...paging({ maxResults }),
    });
  }

  /** The process definitions one deployment deployed, with their versions (at most 100). */
  listDefinitionsOfDeployment(deploymentId: string): Promise<EngineDeploymentDefinition[]> {
    return this.http.get('/process-definition', z.array(deploymentDefinitionSchema), { deploymentId, sortBy: 'key', sortOrder: 'asc', ...paging({ maxResults: 100 }) });
  }

  /** The definition of `key` at `version`, or null when the engine has none (deleted, or never deployed). */
  async processDefinitionByKeyAndVersion(key: string, version: number): Promise<z.infer<typeof definitionRefSchema> | null> {
    const [found] = await this.http.get('/process-definition', z.array(definitionRefSchema), { key, version, ...paging({ maxResults: 1 }) });
    return found ?? null;
  }

  /**
   * External tasks some worker fetched at least once (their lock time is set: held now, failed and waiting for
   * their next try, or a lock that ran out), one bounded page in id order. A healthy engine has few: tasks
   * that complete are gone.
   */
  fetchedExternalTasks(maxResults: number): Promise<EngineFetchedTask[]> {
    return this.http.get('/external-task', z.array(fetchedTaskSchema), {
      lockExpirationAfter: isoToEngineDate('1970-01-01T00:00:00.000Z'), sortBy: 'id', sortOrder: 'asc', ...paging({ maxResults }),
    });
  }

  /** Jobs that failed and still have retries left (before they become incidents), one bounded page, next try first. */
  retryingJobs(maxResults: number): Promise<EngineRetryingJob[]> {
    return this.http.get('/job', z.array(retryingJobSchema), {
      withException: true, withRetriesLeft: true, sortBy: 'jobDueDate', sortOrder: 'asc', ...paging({ maxResults }),
    });
  }

  /**
   * The latest reports workers sent (successes and failures) since `since`, newest first, one bounded page each:
   * when a worker was last seen per topic. Needs the engine's history (level full or audit plus external task logs).
   */
  async workerReportsSince(since: string, maxResults: number): Promise<{ topic: string; at: string }[]> {
    const read = (flag: 'successLog' | 'failureLog') =>
      this.http.get('/history/external-task-log', z.array(workerReportSchema), {
        [flag]: true, timestampAfter: isoToEngineDate(since), sortBy: 'timestamp', sortOrder: 'desc', ...paging({ maxResults }),
      });
    const [successes, failures] = await Promise.all([read('successLog'), read('failureLog')]);
    return [...successes, ...failures].filter((r) => r.topicName && r.timestamp).map((r) => ({ topic: r.topicName!, at: r.timestamp! }));
  }

  /** The two latest versions of a decision (DMN XML each), newest first; empty when no such decision is deployed. */
  async latestDecisionVersions(key: string): Promise<{ id: string; version: number; xml: string }[]> {
    const definitions = await this.http.get('/decision-definition', z.array(definitionRefSchema), { key, sortBy: 'version', sortOrder: 'desc', ...paging({ maxResults: 2 }) });
    const out: { id: string; version: number; xml: string }[] = [];
    for (const d of definitions) {
      const { dmnXml } = await this.http.get(`/decision-definition/${encodeURIComponent(d.id)}/xml`, decisionXmlSchema);
      out.push({ id: d.id, version: d.version, xml: dmnXml });
    }
    return out;
  }
}
