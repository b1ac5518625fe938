// Engine calls of process instance migration (playbook §17): the engine's own plan generator, validator and
// synchronous executor, and the reads the planner needs around them (which instances wait where, on which
// definition, with which variables and incidents). Every answer is parsed; every list is bounded.
import { z } from 'zod';
import { EngineRequestError } from './errors.js';
import type { EngineHttp } from './http.js';
import {
  definitionByVersionSchema,
  incidentSchema,
  migrationInstanceSchema,
  migrationPlanSchema,
  migrationValidationReportSchema,
  variableInstanceSchema,
  type EngineDefinitionByVersion,
  type EngineMigrationInstance,
  type EngineMigrationPlan,
  type EngineMigrationValidationReport,
  type EngineVariableInstance,
} from './schemas.js';

/** Most rows one call returns here. */
export const MIGRATION_PAGE = 500;

export interface WaitingInstance {
  id: string;
  businessKey: string | null;
}

export interface OpenIncidentAt {
  id: string;
  activityId: string;
  message: string | null;
}

/** What the migration planner needs from the engine; `EngineMigration` is the real one, unit tests use a fake. */
export interface MigrationEngine {
  /** The definition of `key` at `version`, or null when there is none. */
  definitionByVersion(key: string, version: number): Promise<EngineDefinitionByVersion | null>;
  /** The engine's own mapping of equal activities between two definitions. */
  generatePlan(sourceDefinitionId: string, targetDefinitionId: string, updateEventTriggers: boolean): Promise<EngineMigrationPlan>;
  /** Static validation of a plan (what the engine would refuse at creation time). */
  validatePlan(plan: EngineMigrationPlan): Promise<EngineMigrationValidationReport>;
  /**
   * Migrates exactly these instances, synchronously, in one engine transaction: all or none. A refusal
   * (an instance the plan does not fit) is an EngineRequestError with the engine's message.
   */
  execute(plan: EngineMigrationPlan, processInstanceIds: readonly string[]): Promise<void>;
  /** Running instances of one definition with a token at `activityId`, oldest id first; one page. */
  instancesAt(definitionId: string, activityId: string, page: { firstResult: number; maxResults: number }): Promise<WaitingInstance[]>;
  /** The running instances among these ids (ended or unknown ones are missing), with their definition. */
  runningInstances(ids: readonly string[]): Promise<EngineMigrationInstance[]>;
  /** Which of these ids run on `definitionId` with a token at one of `activityIds`. */
  waitingOn(ids: readonly string[], definitionId: string, activityIds: readonly string[]): Promise<Set<string>>;
  /** The definition each instance runs (or ran) on, from the history: it answers for ended instances too. */
  definitionsOf(ids: readonly string[]): Promise<Map<string, string>>;
  /** Process-level variables with these names of these instances (values as the engine serialises them). */
  variables(ids: readonly string[], names: readonly string[]): Promise<EngineVariableInstance[]>;
  /** The open incidents of one instance (its own executions), with the activity each sits at. */
  openIncidents(processInstanceId: string): Promise<OpenIncidentAt[]>;
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push([...new Set(items.slice(i, i + size))]);
  return out;
};

export class EngineMigration implements MigrationEngine {
  constructor(private readonly http: EngineHttp) {}

  async definitionByVersion(key: string, version: number): Promise<EngineDefinitionByVersion | null> {
    const rows = await this.http.get('/process-definition', z.array(definitionByVersionSchema), { key, version, maxResults: 2 });
    // Tenants aside, a key has one definition per version; anything else is not this key's version.
    return rows.find((r) => r.key === key && r.version === version) ?? null;
  }

  async generatePlan(sourceDefinitionId: string, targetDefinitionId: string, updateEventTriggers: boolean): Promise<EngineMigrationPlan> {
    const plan = await this.http.send(
      'POST',
      '/migration/generate',
      { sourceProcessDefinitionId: sourceDefinitionId, targetProcessDefinitionId: targetDefinitionId, updateEventTriggers },
      migrationPlanSchema,
    );
    return plan!;
  }

  async validatePlan(plan: EngineMigrationPlan): Promise<EngineMigrationValidationReport> {
    return (await this.http.send('POST', '/migration/validate', toEnginePlan(plan), migrationValidationReportSchema))!;
  }

  async execute(plan: EngineMigrationPlan, processInstanceIds: readonly string[]): Promise<void> {
    if (processInstanceIds.length === 0) return;
    await this.http.send(
      'POST',
      '/migration/execute',
      // Listeners and input/output mappings run as modelled: a migration must not silently skip model logic.
      { migrationPlan: toEnginePlan(plan), processInstanceIds: [...processInstanceIds], skipCustomListeners: false, skipIoMappings: false },
      null,
    );
  }

  async instancesAt(definitionId: string, activityId: string, page: { firstResult: number; maxResults: number }): Promise<WaitingInstance[]> {
    const maxResults = Math.min(Math.max(page.maxResults, 1), MIGRATION_PAGE);
    const rows = await this.http.send(
      'POST',
      `/process-instance?firstResult=${Math.max(page.firstResult, 0)}&maxResults=${maxResults}`,
      { processDefinitionId: definitionId, activityIdIn: [activityId], sorting: [{ sortBy: 'instanceId', sortOrder: 'asc' }] },
      z.array(migrationInstanceSchema),
    );
    return (rows ?? []).map((r) => ({ id: r.id, businessKey: r.businessKey }));
  }

  async runningInstances(ids: readonly string[]): Promise<EngineMigrationInstance[]> {
    const all: EngineMigrationInstance[] = [];
    for (const chunk of chunks(ids, MIGRATION_PAGE)) {
      const rows = await this.http.send('POST', `/process-instance?firstResult=0&maxResults=${chunk.length}`, { processInstanceIds: chunk }, z.array(migrationInstanceSchema));
      all.push(...(rows ?? []));
    }
    return all;
  }

  async waitingOn(ids: readonly string[], definitionId: string, activityIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of chunks(ids, MIGRATION_PAGE)) {
      const rows = await this.http.send(
        'POST',
        `/process-instance?firstResult=0&maxResults=${chunk.length}`,
        { processInstanceIds: chunk, processDefinitionId: definitionId, activityIdIn: [...activityIds] },
        z.array(z.object({ id: z.string() })),
      );
      for (const row of rows ?? []) found.add(row.id);
    }
    return found;
  }

  async definitionsOf(ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const chunk of chunks(ids, MIGRATION_PAGE)) {
      const rows = await this.http.send(
        'POST',
        `/history/process-instance?firstResult=0&maxResults=${chunk.length}`,
        { processInstanceIds: chunk },
        z.array(z.object({ id: z.string(), processDefinitionId: z.string() })),
      );
      for (const row of rows ?? []) found.set(row.id, row.processDefinitionId);
    }
    return found;
  }

  async variables(ids: readonly string[], names: readonly string[]): Promise<EngineVariableInstance[]> {
    if (ids.length === 0 || names.length === 0) return [];
    const all: EngineVariableInstance[] = [];
    // Bounded pages of instances, so one page's variables (at most names × instances) stay one engine page.
    const perCall = Math.max(1, Math.floor(MIGRATION_PAGE / names.length));
    for (const chunk of chunks(ids, perCall)) {
      const rows = await this.http.send(
        'POST',
        `/variable-instance?deserializeValues=false&firstResult=0&maxResults=${MIGRATION_PAGE}`,
        { processInstanceIdIn: chunk, variableNameIn: [...names] },
        z.array(variableInstanceSchema),
      );
      // Process variables live on the instance's own execution; a local variable of a sub-scope is not one.
      all.push(...(rows ?? []).filter((r) => !r.executionId || r.executionId === r.processInstanceId));
    }
    return all;
  }

  async openIncidents(processInstanceId: string): Promise<OpenIncidentAt[]> {
    const rows = await this.http.get('/incident', z.array(incidentSchema), { processInstanceId, maxResults: MIGRATION_PAGE });
    return rows.map((r) => ({ id: r.id, activityId: r.activityId, message: r.incidentMessage }));
  }
}

function toEnginePlan(plan: EngineMigrationPlan) {
  return {
    sourceProcessDefinitionId: plan.sourceProcessDefinitionId,
    targetProcessDefinitionId: plan.targetProcessDefinitionId,
    instructions: plan.instructions.map((i) => ({ sourceActivityIds: i.sourceActivityIds, targetActivityIds: i.targetActivityIds, updateEventTrigger: i.updateEventTrigger })),
  };
}

/** The engine refused to migrate (400/500 with its message), as opposed to not answering at all. */
export function isMigrationRefusal(error: unknown): error is EngineRequestError {
  return error instanceof EngineRequestError;
}
