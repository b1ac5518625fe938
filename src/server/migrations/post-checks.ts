// The post-checks of playbook §17.2, for a whole batch right after the engine migrated it: each instance runs
// on the target version, no open incident sits at any of its old activities, and (when the plan names order
// states) its order is still in one of them. Each failed check is one sentence; none means passed. The engine
// is asked once per check for the whole batch, not once per instance.
import type { OpenIncidentAt } from '../engine/migration.js';
import type { MigrationDeps } from './migration-deps.js';
import type { OrderStates } from './order-state.js';
import { orderIdOf } from './order-state.js';
import type { PlanInstanceRow, PlanRow } from './plans-repo.js';

/**
 * Order-service reads in flight at once. The order service has no bulk read, so the order check is one call
 * per order (the reader remembers answers within a batch); bounded, so a batch of 500 does not open 500
 * connections to a service the workbench does not own.
 */
export const ORDER_READS_AT_ONCE = 8;

type Instance = Pick<PlanInstanceRow, 'process_instance_id' | 'business_key' | 'activity_id'>;

/** The failed checks of each instance (instance id → sentences; an empty list means it passed). */
export async function postChecks(
  deps: Pick<MigrationDeps, 'engine'>,
  plan: Pick<PlanRow, 'target_definition_id' | 'target_version' | 'scope_activities' | 'allowed_order_states'>,
  instances: readonly Instance[],
  orders: OrderStates,
): Promise<Map<string, string[]>> {
  const problems = new Map(instances.map((i) => [i.process_instance_id, [] as string[]]));
  if (!instances.length) return problems;
  const ids = instances.map((i) => i.process_instance_id);
  const running = new Map((await deps.engine.runningInstances(ids)).map((r) => [r.id, r.definitionId]));
  // A migrated instance may finish at once (the target moved it on); history still names its definition.
  const finished = ids.filter((id) => !running.has(id));
  const history = finished.length ? await deps.engine.definitionsOf(finished) : new Map<string, string>();
  const incidents = running.size ? await deps.engine.openIncidentsOf([...running.keys()]) : new Map<string, OpenIncidentAt[]>();
  for (const instance of instances) {
    const id = instance.process_instance_id;
    const own = problems.get(id)!;
    const definitionId = running.get(id) ?? history.get(id);
    if (definitionId !== plan.target_definition_id) {
      own.push(definitionId ? `still runs on ${definitionId}, not version ${plan.target_version} (${plan.target_definition_id})` : 'the engine no longer knows the instance');
    }
    const oldActivities = new Set([...plan.scope_activities, instance.activity_id]);
    const atOld = (incidents.get(id) ?? []).filter((i) => oldActivities.has(i.activityId));
    for (const incident of atOld.slice(0, 5)) {
      own.push(`open incident at ${incident.activityId}${incident.message ? `: ${incident.message.slice(0, 300)}` : ''}`);
    }
  }
  if (plan.allowed_order_states.length > 0) {
    const variables = await deps.engine.variables(ids, ['orderId']);
    const orderVariable = new Map(variables.filter((v) => v.name === 'orderId').map((v) => [v.processInstanceId, v.value]));
    await eachLimited(instances, ORDER_READS_AT_ONCE, async (instance) => {
      const fact = await orders.stateOf(orderIdOf(orderVariable.get(instance.process_instance_id), instance.business_key));
      const own = problems.get(instance.process_instance_id)!;
      if (fact.kind === 'STATE' && !plan.allowed_order_states.includes(fact.state)) {
        own.push(`order ${fact.orderId} is now ${fact.state}, not one of ${plan.allowed_order_states.join(', ')}`);
      } else if (fact.kind === 'UNKNOWN' || fact.kind === 'UNAVAILABLE') {
        own.push(`the order state could not be confirmed: ${fact.detail}`);
      }
    });
  }
  return problems;
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
