// Counts recovery effects where they land, per order, never in the workbench's own tables: the engine's
// operation log (external-task retries set by the workbench's technical user), its external-task log (the
// retried step completed) and the order service's recovery commands (one per idempotency key it applied).
import { ENGINE_USERS } from '../../scripts/lib/engine.js';

export interface LandedEffects {
  /** Times the workbench set an external task's retries in the order's process instance. */
  retriesSet: number;
  /** Successful completions of the step the bench retries (Check availability or Reserve inventory). */
  stepCompleted: number;
  /** Recovery commands the order service applied for the order (Mark failed and retry's domain half). */
  domainRecorded: number;
}

const AUTH = 'Basic ' + Buffer.from(`${ENGINE_USERS.api.user}:${ENGINE_USERS.api.password}`).toString('base64');
const PAGE = 500;

export function engineReads(engineUrl: string) {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${engineUrl}${path}`, { headers: { authorization: AUTH }, signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  /** Every row of a list endpoint, in pages (sorted, so pages neither skip nor repeat rows). */
  const all = async <T>(path: string): Promise<T[]> => {
    const rows: T[] = [];
    for (let first = 0; ; first += PAGE) {
      const page = await get<T[]>(`${path}${path.includes('?') ? '&' : '?'}firstResult=${first}&maxResults=${PAGE}`);
      rows.push(...page);
      if (page.length < PAGE) return rows;
    }
  };
  return {
    get,
    /** Distinct retry operations by the workbench in one process instance. */
    async retriesSetIn(processInstanceId: string): Promise<number> {
      const entries = await get<{ operationId: string; userId: string }[]>(
        `/history/user-operation?processInstanceId=${processInstanceId}&operationType=SetExternalTaskRetries`,
      );
      return new Set(entries.filter((e) => e.userId === ENGINE_USERS.api.user).map((e) => e.operationId)).size;
    },
    all,
  };
}

/** The effects of each order's recovery, keyed by order id; `activityOf` names the step retried for it. */
export async function countEffects(
  engineUrl: string,
  ordersUrl: string,
  orders: { orderId: string; activityId: string }[],
): Promise<Map<string, LandedEffects>> {
  const engine = engineReads(engineUrl);
  const [instances, operations, successes, orderList] = await Promise.all([
    engine.all<{ id: string; businessKey: string }>('/history/process-instance?processDefinitionKey=order-orchestration&sortBy=startTime&sortOrder=asc'),
    engine.all<{ operationId: string; processInstanceId: string; userId: string }>(
      `/history/user-operation?operationType=SetExternalTaskRetries&userId=${ENGINE_USERS.api.user}&sortBy=timestamp&sortOrder=asc`,
    ),
    engine.all<{ processInstanceId: string; activityId: string }>(
      '/history/external-task-log?successLog=true&processDefinitionKey=order-orchestration&activityIdIn=checkAvailability,reserveInventory&sortBy=timestamp&sortOrder=asc',
    ),
    fetch(`${ordersUrl}/orders`).then(async (r) => ((await r.json()) as { orders: { orderId: string; recoveryCommands?: Record<string, unknown> }[] }).orders),
  ]);
  const instanceOf = new Map(instances.map((i) => [i.businessKey, i.id]));
  const operationsIn = new Map<string, Set<string>>();
  for (const op of operations) {
    const ids = operationsIn.get(op.processInstanceId) ?? new Set<string>();
    ids.add(op.operationId);
    operationsIn.set(op.processInstanceId, ids);
  }
  const completions = new Map<string, number>();
  for (const s of successes) completions.set(`${s.processInstanceId}/${s.activityId}`, (completions.get(`${s.processInstanceId}/${s.activityId}`) ?? 0) + 1);
  const recorded = new Map(orderList.map((o) => [o.orderId, Object.keys(o.recoveryCommands ?? {}).length]));
  return new Map(
    orders.map(({ orderId, activityId }) => {
      const instance = instanceOf.get(`order:${orderId}`);
      return [
        orderId,
        {
          retriesSet: instance ? (operationsIn.get(instance)?.size ?? 0) : 0,
          stepCompleted: instance ? (completions.get(`${instance}/${activityId}`) ?? 0) : 0,
          domainRecorded: recorded.get(orderId) ?? 0,
        },
      ];
    }),
  );
}
