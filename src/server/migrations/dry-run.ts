// The dry run of a plan (playbook §17.2): every running instance of the source version waiting at a scope
// activity, each checked against the exclusions. What it returns becomes the frozen list; nothing is changed.
import type { MigrationExclusion } from '../../contracts/migrations.js';
import { MIGRATION_PAGE } from '../engine/migration.js';
import { ApiProblem } from '../api-problem.js';
import { exclusionOf, type Candidate, type OrderFact } from './exclusions.js';
import type { MigrationDeps } from './migration-deps.js';
import { orderIdOf } from './order-state.js';

export interface DryRunInput {
  sourceDefinitionId: string;
  sourceVersion: number;
  scopeActivities: readonly string[];
  requiredVariables: readonly string[];
  allowedOrderStates: readonly string[];
}

export interface DryRun {
  /** In list order: the first is the canary. */
  planned: Candidate[];
  exclusions: MigrationExclusion[];
}

/** Instances of the source definition at the scope activities, each once (at the first scope activity it is found at). */
export async function candidatesOf(deps: Pick<MigrationDeps, 'engine' | 'limits'>, input: Pick<DryRunInput, 'sourceDefinitionId' | 'sourceVersion' | 'scopeActivities'>): Promise<Candidate[]> {
  const seen = new Map<string, Candidate>();
  for (const activityId of input.scopeActivities) {
    for (let first = 0; ; first += MIGRATION_PAGE) {
      const page = await deps.engine.instancesAt(input.sourceDefinitionId, activityId, { firstResult: first, maxResults: MIGRATION_PAGE });
      for (const instance of page) {
        if (!seen.has(instance.id)) seen.set(instance.id, { processInstanceId: instance.id, businessKey: instance.businessKey, activityId });
      }
      if (seen.size > deps.limits.maxInstances) {
        throw new ApiProblem(
          422,
          'MIGRATION_INVALID',
          `More than ${deps.limits.maxInstances} instances of version ${input.sourceVersion} wait at the scope activities; narrow the scope and plan in parts.`,
        );
      }
      if (page.length < MIGRATION_PAGE) break;
    }
  }
  return [...seen.values()];
}

export async function dryRun(deps: MigrationDeps, input: DryRunInput): Promise<DryRun> {
  const candidates = await candidatesOf(deps, input);
  const ids = candidates.map((c) => c.processInstanceId);
  const checkOrders = input.allowedOrderStates.length > 0;
  const names = [...new Set([...input.requiredVariables, ...(checkOrders ? ['orderId'] : [])])];
  const [openCases, variables] = await Promise.all([deps.repo.openCases(deps.engineId, ids), deps.engine.variables(ids, names)]);
  const present = new Map<string, Map<string, unknown>>();
  for (const v of variables) {
    if (!v.processInstanceId) continue;
    const of = present.get(v.processInstanceId) ?? new Map<string, unknown>();
    of.set(v.name, v.value);
    present.set(v.processInstanceId, of);
  }
  const orders = deps.orders();
  const planned: Candidate[] = [];
  const exclusions: MigrationExclusion[] = [];
  for (const candidate of candidates) {
    const vars = present.get(candidate.processInstanceId) ?? new Map<string, unknown>();
    const openCaseId = openCases.get(candidate.processInstanceId) ?? null;
    // A null value is "set but empty": a required variable must carry something.
    const missingVariables = input.requiredVariables.filter((name) => vars.get(name) === undefined || vars.get(name) === null);
    // Only asked when it can matter: no case, no missing data, and the plan names order states.
    const order: OrderFact = checkOrders && !openCaseId && missingVariables.length === 0
      ? await orders.stateOf(orderIdOf(vars.get('orderId'), candidate.businessKey))
      : { kind: 'NOT_CHECKED' };
    const exclusion = exclusionOf(candidate, { openCaseId, missingVariables, order }, input.allowedOrderStates);
    if (exclusion) exclusions.push(exclusion);
    else planned.push(candidate);
  }
  return { planned, exclusions };
}
