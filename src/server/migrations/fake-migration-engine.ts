// An in-memory engine for the planner's unit tests: definitions, instances with the activity they wait at,
// variables and incidents. `execute` moves instances to the target definition (or refuses, when told to), and
// counts every call, so a test can prove an instance is never sent twice.
import { EngineRequestError } from '../engine/errors.js';
import type { MigrationEngine, OpenIncidentAt, WaitingInstance } from '../engine/migration.js';
import type { EngineDefinitionByVersion, EngineMigrationInstance, EngineMigrationPlan, EngineMigrationValidationReport, EngineVariableInstance } from '../engine/schemas.js';

export interface FakeInstance {
  id: string;
  definitionId: string;
  businessKey: string | null;
  activityId: string;
  variables: Record<string, unknown>;
  incidents: OpenIncidentAt[];
  ended?: boolean;
}

export class FakeMigrationEngine implements MigrationEngine {
  readonly definitions: EngineDefinitionByVersion[] = [];
  readonly instances = new Map<string, FakeInstance>();
  readonly executed: string[][] = [];
  /** Instance ids the engine refuses to migrate (as a 400 with this message). */
  readonly refuse = new Map<string, string>();
  /** Called after an instance moved (a test adds an incident, or "crashes" by throwing). */
  afterMove: (instance: FakeInstance) => void = () => undefined;
  /** Failures `validatePlan` reports for these source activities. */
  readonly invalid = new Map<string, string>();

  addDefinition(key: string, version: number, activities: string[]): string {
    const id = `${key}:${version}:fake`;
    this.definitions.push({ id, key, version, name: 'Order orchestration' });
    this.activities.set(id, activities);
    return id;
  }

  private readonly activities = new Map<string, string[]>();

  addInstance(instance: Omit<FakeInstance, 'incidents' | 'variables'> & Partial<Pick<FakeInstance, 'incidents' | 'variables'>>): void {
    this.instances.set(instance.id, { incidents: [], variables: {}, ...instance });
  }

  async definitionByVersion(key: string, version: number) {
    return this.definitions.find((d) => d.key === key && d.version === version) ?? null;
  }

  async generatePlan(source: string, target: string): Promise<EngineMigrationPlan> {
    const targetActivities = new Set(this.activities.get(target) ?? []);
    const instructions = (this.activities.get(source) ?? []).filter((a) => targetActivities.has(a)).map((a) => ({ sourceActivityIds: [a], targetActivityIds: [a], updateEventTrigger: false }));
    return { sourceProcessDefinitionId: source, targetProcessDefinitionId: target, instructions };
  }

  async validatePlan(plan: EngineMigrationPlan): Promise<EngineMigrationValidationReport> {
    const instructionReports = plan.instructions
      .filter((i) => this.invalid.has(i.sourceActivityIds[0]!))
      .map((i) => ({ instruction: i, failures: [this.invalid.get(i.sourceActivityIds[0]!)!] }));
    return { instructionReports, variableReports: {} };
  }

  async execute(plan: EngineMigrationPlan, ids: readonly string[]): Promise<void> {
    this.executed.push([...ids]);
    for (const id of ids) {
      const refusal = this.refuse.get(id);
      if (refusal) throw new EngineRequestError(400, 'MigratingProcessInstanceValidationException', refusal, '/migration/execute');
    }
    for (const id of ids) {
      const instance = this.instances.get(id)!;
      instance.definitionId = plan.targetProcessDefinitionId;
      this.afterMove(instance);
    }
  }

  async instancesAt(definitionId: string, activityId: string, page: { firstResult: number; maxResults: number }): Promise<WaitingInstance[]> {
    return [...this.instances.values()]
      .filter((i) => !i.ended && i.definitionId === definitionId && i.activityId === activityId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(page.firstResult, page.firstResult + page.maxResults)
      .map((i) => ({ id: i.id, businessKey: i.businessKey }));
  }

  async runningInstances(ids: readonly string[]): Promise<EngineMigrationInstance[]> {
    return ids.map((id) => this.instances.get(id)).filter((i): i is FakeInstance => Boolean(i && !i.ended))
      .map((i) => ({ id: i.id, definitionId: i.definitionId, businessKey: i.businessKey, ended: false, suspended: false }));
  }

  async waitingOn(ids: readonly string[], definitionId: string, activityIds: readonly string[]): Promise<Set<string>> {
    return new Set((await this.runningInstances(ids)).filter((i) => i.definitionId === definitionId && activityIds.includes(this.instances.get(i.id)!.activityId)).map((i) => i.id));
  }

  async definitionsOf(ids: readonly string[]): Promise<Map<string, string>> {
    return new Map(ids.map((id) => this.instances.get(id)).filter((i): i is FakeInstance => Boolean(i)).map((i) => [i.id, i.definitionId]));
  }

  async variables(ids: readonly string[], names: readonly string[]): Promise<EngineVariableInstance[]> {
    return ids.flatMap((id) => {
      const instance = this.instances.get(id);
      if (!instance || instance.ended) return [];
      return names.filter((n) => n in instance.variables).map((name) => ({ name, type: 'String', value: instance.variables[name], processInstanceId: id, executionId: id }));
    });
  }

  async openIncidents(processInstanceId: string): Promise<OpenIncidentAt[]> {
    return this.instances.get(processInstanceId)?.incidents ?? [];
  }
}
