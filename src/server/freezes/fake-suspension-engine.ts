// An in-memory stand-in for the engine's suspension API, for unit tests of the freeze logic. It models only
// what the freeze logic reads and writes: definitions, job definitions, process instances and their tasks.
import { EngineUnavailableError } from '../engine/errors.js';
import type { DefinitionVersion, ExternalTaskAt, JobDefinitionAt, ProcessInstanceState, SuspensionEngine } from '../engine/suspension.js';

export interface FakeTask {
  id: string;
  activityId: string;
  processInstanceId: string;
  processDefinitionId: string;
  businessKey: string | null;
  /** In a worker's hands, or backing off after a failure. */
  locked: boolean;
  errorMessage: string | null;
}

export class FakeSuspensionEngine implements SuspensionEngine {
  available = true;
  readonly definitions: (DefinitionVersion & { xml: string })[] = [];
  readonly jobDefinitions: (JobDefinitionAt & { key: string })[] = [];
  /** Process instance id → suspended. */
  readonly instances = new Map<string, boolean>();
  readonly tasks: FakeTask[] = [];
  /** Every suspending/activating call, in order: `suspend PI-1`, `activate JD-1`. */
  readonly writes: string[] = [];
  /** Runs right after an instance is suspended (to simulate a worker finishing in between). */
  afterInstanceSuspended: ((id: string) => void) | null = null;

  deploy(key: string, xml: string, jobActivities: string[] = []): string {
    const version = this.definitions.filter((d) => d.key === key).length + 1;
    const id = `${key}:${version}`;
    this.definitions.push({ id, key, version, xml });
    for (const activityId of jobActivities) {
      this.jobDefinitions.push({ id: `JD-${id}-${activityId}`, processDefinitionId: id, key, activityId, jobType: 'async-continuation', suspended: false });
    }
    return id;
  }

  start(instanceId: string, definitionId: string, waitingAt: string[], task: Partial<FakeTask> = {}): void {
    this.instances.set(instanceId, false);
    for (const activityId of waitingAt) {
      this.tasks.push({
        id: `T-${instanceId}-${activityId}`, activityId, processInstanceId: instanceId, processDefinitionId: definitionId,
        businessKey: `order:${instanceId}`, locked: false, errorMessage: null, ...task,
      });
    }
  }

  /** A worker completes the task: it disappears. */
  complete(taskId: string): void {
    const index = this.tasks.findIndex((t) => t.id === taskId);
    if (index >= 0) this.tasks.splice(index, 1);
  }

  private reach(): void {
    if (!this.available) throw new EngineUnavailableError('Engine not reachable (fake)');
  }

  async latestDefinition(key: string): Promise<DefinitionVersion | null> {
    this.reach();
    const versions = await this.definitionVersions(key);
    return versions[0] ?? null;
  }

  async definitionVersions(key: string): Promise<DefinitionVersion[]> {
    this.reach();
    return this.definitions.filter((d) => d.key === key).sort((a, b) => b.version - a.version).map(({ id, key: k, version }) => ({ id, key: k, version }));
  }

  async definitionXml(definitionId: string): Promise<string> {
    this.reach();
    return this.definitions.find((d) => d.id === definitionId)!.xml;
  }

  async jobDefinitionsAt(scope: { key: string } | { definitionId: string }, activityId: string): Promise<JobDefinitionAt[]> {
    this.reach();
    return this.jobDefinitions
      .filter((d) => d.activityId === activityId && ('key' in scope ? d.key === scope.key : d.processDefinitionId === scope.definitionId))
      .map(({ key: _key, ...rest }) => ({ ...rest }));
  }

  async externalTasksAt(
    definitionId: string,
    activityId: string,
    filter: { state: 'active-unlocked' | 'active-locked' | 'suspended'; processInstanceIds?: readonly string[] },
    maxResults: number,
  ): Promise<ExternalTaskAt[]> {
    this.reach();
    return this.tasks
      .filter((t) => t.processDefinitionId === definitionId && t.activityId === activityId)
      .filter((t) => !filter.processInstanceIds || filter.processInstanceIds.includes(t.processInstanceId))
      .filter((t) => {
        const suspended = this.instances.get(t.processInstanceId) === true;
        if (filter.state === 'suspended') return suspended;
        return !suspended && (filter.state === 'active-locked' ? t.locked : !t.locked);
      })
      .slice(0, maxResults)
      .map((t) => ({
        id: t.id, activityId: t.activityId, processInstanceId: t.processInstanceId, processDefinitionId: t.processDefinitionId,
        businessKey: t.businessKey, topicName: 'topic', workerId: t.locked ? 'worker-1' : null,
        lockExpirationTime: t.locked ? '2030-01-01T00:00:00.000Z' : null, errorMessage: t.errorMessage, retries: 2,
        suspended: this.instances.get(t.processInstanceId) === true,
      }));
  }

  async externalTaskExists(id: string): Promise<boolean> {
    this.reach();
    return this.tasks.some((t) => t.id === id);
  }

  async processInstance(id: string): Promise<ProcessInstanceState | null> {
    this.reach();
    const suspended = this.instances.get(id);
    return suspended === undefined ? null : { id, businessKey: `order:${id}`, suspended };
  }

  async setJobDefinitionSuspended(id: string, suspended: boolean): Promise<void> {
    this.reach();
    const definition = this.jobDefinitions.find((d) => d.id === id);
    if (definition) definition.suspended = suspended;
    this.writes.push(`${suspended ? 'suspend' : 'activate'} ${id}`);
  }

  async setProcessInstanceSuspended(id: string, suspended: boolean): Promise<void> {
    this.reach();
    if (this.instances.has(id)) this.instances.set(id, suspended);
    this.writes.push(`${suspended ? 'suspend' : 'activate'} ${id}`);
    if (suspended) this.afterInstanceSuspended?.(id);
  }
}
