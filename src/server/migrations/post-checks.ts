// The post-checks of playbook §17.2, per instance, right after the engine migrated it: it runs on the target
// version, no open incident sits at any of its old activities, and (when the plan names order states) its
// order is still in one of them. Each failed check is one sentence; none means passed.
import type { MigrationDeps } from './migration-deps.js';
import type { OrderStates } from './order-state.js';
import { orderIdOf } from './order-state.js';
import type { PlanInstanceRow, PlanRow } from './plans-repo.js';

export async function postCheck(
  deps: Pick<MigrationDeps, 'engine'>,
  plan: Pick<PlanRow, 'target_definition_id' | 'target_version' | 'scope_activities' | 'allowed_order_states'>,
  instance: Pick<PlanInstanceRow, 'process_instance_id' | 'business_key' | 'activity_id'>,
  orders: OrderStates,
): Promise<string[]> {
  const id = instance.process_instance_id;
  const problems: string[] = [];
  const [running] = await deps.engine.runningInstances([id]);
  // A migrated instance may finish at once (the target moved it on); history still names its definition.
  const definitionId = running ? running.definitionId : (await deps.engine.definitionsOf([id])).get(id);
  if (definitionId !== plan.target_definition_id) {
    problems.push(definitionId ? `still runs on ${definitionId}, not version ${plan.target_version} (${plan.target_definition_id})` : 'the engine no longer knows the instance');
  }
  const oldActivities = new Set([...plan.scope_activities, instance.activity_id]);
  const incidents = running ? (await deps.engine.openIncidents(id)).filter((i) => oldActivities.has(i.activityId)) : [];
  for (const incident of incidents.slice(0, 5)) {
    problems.push(`open incident at ${incident.activityId}${incident.message ? `: ${incident.message.slice(0, 300)}` : ''}`);
  }
  if (plan.allowed_order_states.length > 0) {
    const [orderVariable] = await deps.engine.variables([id], ['orderId']);
    const fact = await orders.stateOf(orderIdOf(orderVariable?.value, instance.business_key));
    if (fact.kind === 'STATE' && !plan.allowed_order_states.includes(fact.state)) {
      problems.push(`order ${fact.orderId} is now ${fact.state}, not one of ${plan.allowed_order_states.join(', ')}`);
    } else if (fact.kind === 'UNKNOWN' || fact.kind === 'UNAVAILABLE') {
      problems.push(`the order state could not be confirmed: ${fact.detail}`);
    }
  }
  return problems;
}
