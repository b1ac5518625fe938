// Engine calls of activity freezes: suspending and re-activating job definitions and process instances, and
// the reads a freeze needs to find what waits at an activity. Every answer is parsed; every list is bounded.
import { z } from 'zod';
import { EngineRequestError } from './errors.js';
import type { EngineHttp } from './http.js';
import { engineDateToIso } from './dates.js';

const nstr = z.string().nullable().optional().transform((v) => v ?? null);
const nullableDate = z.string().nullable().optional().transform((v) => (v ? engineDateToIso(v) : null));

const definitionVersionSchema = z.object({ id: z.string(), key: z.string(), version: z.number() });
export type DefinitionVersion = z.infer<typeof definitionVersionSchema>;

const jobDefinitionSchema = z.object({
  id: z.string(),
  processDefinitionId: z.string(),
  activityId: z.string(),
  jobType: nstr,
  suspended: z.boolean(),
});
export type JobDefinitionAt = z.infer<typeof jobDefinitionSchema>;

const externalTaskAtSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  processInstanceId: z.string(),
  processDefinitionId: z.string(),
  businessKey: nstr,
  topicName: nstr,
  workerId: nstr,
  lockExpirationTime: nullableDate,
  errorMessage: nstr,
  retries: z.number().nullable().optional().transform((v) => v ?? null),
  suspended: z.boolean(),
});
export type ExternalTaskAt = z.infer<typeof externalTaskAtSchema>;

const xmlSchema = z.object({ id: z.string(), bpmn20Xml: z.string() });

const processInstanceSchema = z.object({ id: z.string(), businessKey: nstr, suspended: z.boolean() });
export type ProcessInstanceState = z.infer<typeof processInstanceSchema>;

/** Most rows one engine list call returns here. */
export const SUSPENSION_PAGE = 500;

/** What the freeze logic needs from the engine; `EngineSuspension` is the real one, tests use a fake. */
export interface SuspensionEngine {
  /** The latest deployed definition of a key, or null when the key is unknown. */
  latestDefinition(key: string): Promise<DefinitionVersion | null>;
  /** Every deployed version of a key, newest first. */
  definitionVersions(key: string): Promise<DefinitionVersion[]>;
  definitionXml(definitionId: string): Promise<string>;
  /** Job definitions of an activity: all versions of a key, or one definition when `definitionId` is given. */
  jobDefinitionsAt(scope: { key: string } | { definitionId: string }, activityId: string): Promise<JobDefinitionAt[]>;
  /**
   * External tasks waiting at an activity of one definition version. `state`: `active-unlocked` (waiting for a
   * worker), `active-locked` (in a worker's hands or backing off after a failure), or `suspended`.
   */
  externalTasksAt(
    definitionId: string,
    activityId: string,
    filter: { state: 'active-unlocked' | 'active-locked' | 'suspended'; processInstanceIds?: readonly string[] },
    maxResults: number,
  ): Promise<ExternalTaskAt[]>;
  /** Whether the external task still exists (it is gone once completed or its instance ended). */
  externalTaskExists(id: string): Promise<boolean>;
  /** A running process instance; null once it has ended or was deleted. */
  processInstance(id: string): Promise<ProcessInstanceState | null>;
  /** Suspends or activates a job definition together with its jobs. The engine answers 204 even for an unknown id. */
  setJobDefinitionSuspended(id: string, suspended: boolean): Promise<void>;
  /** Suspends or activates a process instance. The engine answers 204 even for an unknown id. */
  setProcessInstanceSuspended(id: string, suspended: boolean): Promise<void>;
}

export class EngineSuspension implements SuspensionEngine {
  constructor(private readonly http: EngineHttp) {}

  async latestDefinition(key: string): Promise<DefinitionVersion | null> {
    try {
      return await this.http.get(`/process-definition/key/${encodeURIComponent(key)}`, definitionVersionSchema);
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) return null;
      throw error;
    }
  }

  definitionVersions(key: string): Promise<DefinitionVersion[]> {
    return this.http.get('/process-definition', z.array(definitionVersionSchema), {
      key,
      sortBy: 'version',
      sortOrder: 'desc',
      maxResults: SUSPENSION_PAGE,
    });
  }

  async definitionXml(definitionId: string): Promise<string> {
    return (await this.http.get(`/process-definition/${encodeURIComponent(definitionId)}/xml`, xmlSchema)).bpmn20Xml;
  }

  jobDefinitionsAt(scope: { key: string } | { definitionId: string }, activityId: string): Promise<JobDefinitionAt[]> {
    return this.http.get('/job-definition', z.array(jobDefinitionSchema), {
      ...('key' in scope ? { processDefinitionKey: scope.key } : { processDefinitionId: scope.definitionId }),
      activityIdIn: activityId,
      maxResults: SUSPENSION_PAGE,
    });
  }

  externalTasksAt(
    definitionId: string,
    activityId: string,
    filter: { state: 'active-unlocked' | 'active-locked' | 'suspended'; processInstanceIds?: readonly string[] },
    maxResults: number,
  ): Promise<ExternalTaskAt[]> {
    // The query has no process definition key filter, hence one call per deployed version.
    return this.http.get('/external-task', z.array(externalTaskAtSchema), {
      processDefinitionId: definitionId,
      activityId,
      ...(filter.state === 'suspended' ? { suspended: true } : { active: true }),
      ...(filter.state === 'active-unlocked' ? { notLocked: true } : {}),
      ...(filter.state === 'active-locked' ? { locked: true } : {}),
      processInstanceIdIn: filter.processInstanceIds?.join(','),
      sortBy: 'createTime',
      sortOrder: 'asc',
      maxResults: Math.min(Math.max(maxResults, 1), SUSPENSION_PAGE),
    });
  }

  async externalTaskExists(id: string): Promise<boolean> {
    try {
      await this.http.get(`/external-task/${encodeURIComponent(id)}`, z.object({ id: z.string() }));
      return true;
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) return false;
      throw error;
    }
  }

  async processInstance(id: string): Promise<ProcessInstanceState | null> {
    try {
      return await this.http.get(`/process-instance/${encodeURIComponent(id)}`, processInstanceSchema);
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) return null;
      throw error;
    }
  }

  async setJobDefinitionSuspended(id: string, suspended: boolean): Promise<void> {
    await this.http.send('PUT', `/job-definition/${encodeURIComponent(id)}/suspended`, { suspended, includeJobs: true }, null);
  }

  async setProcessInstanceSuspended(id: string, suspended: boolean): Promise<void> {
    await this.http.send('PUT', `/process-instance/${encodeURIComponent(id)}/suspended`, { suspended }, null);
  }
}
