// An order's process history across all its runs, from the engine's history API: what support needs to tell a
// customer why an order ended where it did (a rejection's code and message), also after the workflow finished,
// when the read model no longer follows it. Bounded: at most RUN_CAP runs, PATH_CAP steps per run.
import type { OrderHistory, OrderRun, OrderRunState } from '../../contracts/orders.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { EngineHistoricActivityInstance, EngineHistoricProcessInstance } from '../engine/schemas.js';

export const RUN_CAP = 20;
export const PATH_CAP = 200;
/** Engine reads in flight at once for one history: enough to be quick, few enough not to load the engine. */
const PARALLEL_RUNS = 4;

/** Steps that are routing, not work (and the engine's own process-level entry): left out of the path a business user reads. */
const ROUTING_TYPES = new Set(['processDefinition', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'complexGateway', 'multiInstanceBody']);
const END_TYPES = new Set(['noneEndEvent', 'errorEndEvent', 'terminateEndEvent', 'messageEndEvent', 'signalEndEvent', 'escalationEndEvent', 'compensationEndEvent', 'cancelEndEvent']);

/** Variables the models map a caught BPMN error to (`camunda:errorCodeVariable` / `errorMessageVariable`). */
export const ERROR_CODE_VARIABLE = 'errorCode';
export const ERROR_MESSAGE_VARIABLE = 'errorMessage';

/**
 * Several engines: the order's runs in each engine that knows it, each run naming its engine, newest first
 * across engines, at most RUN_CAP in all.
 */
export async function loadOrderHistoryPerEngine(targets: { engineId: string; engine: EngineAdapter }[], orderId: string): Promise<OrderHistory> {
  const histories = await Promise.all(targets.map(async ({ engineId, engine }) => {
    const history = await loadOrderHistory(engine, orderId);
    return { ...history, runs: history.runs.map((run) => ({ ...run, engineId })) };
  }));
  const runs = histories.flatMap((h) => h.runs).sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '')).slice(0, RUN_CAP);
  return { orderId, businessKey: `order:${orderId}`, runs, total: histories.reduce((sum, h) => sum + h.total, 0), cap: RUN_CAP };
}

export async function loadOrderHistory(engine: EngineAdapter, orderId: string): Promise<OrderHistory> {
  const businessKey = `order:${orderId}`;
  const [instances, total] = await Promise.all([engine.listRunsByBusinessKey(businessKey, RUN_CAP), engine.countRunsByBusinessKey(businessKey)]);
  const runs = await mapLimited(instances, PARALLEL_RUNS, (instance) => readRun(engine, instance));
  return { orderId, businessKey, runs, total: Math.max(total, runs.length), cap: RUN_CAP };
}

async function readRun(engine: EngineAdapter, instance: EngineHistoricProcessInstance): Promise<OrderRun> {
  const activities = await engine.listActivityHistory(instance.id, { maxResults: PATH_CAP });
  const caught = activities.filter((a) => a.activityType === 'boundaryError').at(-1) ?? null;
  const variables = caught ? await engine.listHistoricVariables(instance.id) : {};
  const text = (name: string) => {
    const value = variables[name]?.value;
    return typeof value === 'string' && value ? value : null;
  };
  const state = stateOf(instance.state);
  return {
    processName: instance.processDefinitionName ?? instance.processDefinitionKey,
    version: instance.processDefinitionVersion,
    startedAt: instance.startTime,
    endedAt: instance.endTime,
    state,
    stateLabel: stateLabel(state, activities),
    path: activities.filter((a) => !ROUTING_TYPES.has(a.activityType)).map((a) => ({
      activityId: a.activityId,
      label: labelOf(a),
      startedAt: a.startTime,
      endedAt: a.endTime,
      interrupted: a.canceled,
    })),
    pathTruncated: activities.length >= PATH_CAP,
    businessError: caught
      ? {
          code: text(ERROR_CODE_VARIABLE),
          message: text(ERROR_MESSAGE_VARIABLE),
          caughtBy: labelOf(caught),
          step: interruptedBefore(activities, caught),
          at: caught.startTime,
        }
      : null,
    calledByProcessInstanceId: instance.superProcessInstanceId,
    technical: { processInstanceId: instance.id, processDefinitionId: instance.processDefinitionId, processDefinitionKey: instance.processDefinitionKey, engineState: instance.state },
  };
}

function stateOf(engineState: string | null): OrderRunState {
  switch (engineState) {
    case 'ACTIVE':
      return 'RUNNING';
    case 'SUSPENDED':
      return 'SUSPENDED';
    case 'EXTERNALLY_TERMINATED':
      return 'CANCELLED';
    case 'INTERNALLY_TERMINATED':
      return 'TERMINATED';
    default:
      return 'COMPLETED';
  }
}

const labelOf = (a: EngineHistoricActivityInstance) => a.activityName?.trim() || a.activityId;

function stateLabel(state: OrderRunState, activities: EngineHistoricActivityInstance[]): string {
  const waiting = activities.filter((a) => a.endTime === null && !ROUTING_TYPES.has(a.activityType)).map(labelOf);
  const at = waiting.length ? ` at “${waiting.join('”, “')}”` : '';
  switch (state) {
    case 'RUNNING':
      return `Running, now${at || ' between steps'}`;
    case 'SUSPENDED':
      return `Paused in the engine${at}`;
    case 'CANCELLED':
      return 'Cancelled in the engine';
    case 'TERMINATED':
      return 'Ended by the process itself before finishing';
    case 'COMPLETED': {
      const end = activities.filter((a) => END_TYPES.has(a.activityType)).at(-1);
      return end ? `Ended at “${labelOf(end)}”` : 'Finished';
    }
  }
}

/** The step the error interrupted: the last interrupted step that started before the boundary event fired. */
function interruptedBefore(activities: EngineHistoricActivityInstance[], caught: EngineHistoricActivityInstance): string | null {
  const index = activities.indexOf(caught);
  const before = activities.slice(0, index).filter((a) => a.canceled && !ROUTING_TYPES.has(a.activityType));
  const step = before.at(-1);
  return step ? labelOf(step) : null;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
