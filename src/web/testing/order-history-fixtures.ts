// Order history payloads for component tests, parsed by the contract so a mock cannot drift from it.
import * as z from 'zod/mini';
import { orderHistorySchema, type OrderHistory, type OrderRun } from '../../contracts/orders.js';

export function buildOrderRun(overrides: Partial<OrderRun> = {}): OrderRun {
  return {
    processName: 'Order orchestration',
    version: 3,
    startedAt: '2026-01-05T01:58:00.000Z',
    endedAt: null,
    state: 'RUNNING',
    stateLabel: 'Running, now at “Wait for reservation callback”',
    path: [
      { activityId: 'orderSubmitted', label: 'Order submitted', startedAt: '2026-01-05T01:58:00.000Z', endedAt: '2026-01-05T01:58:00.000Z', interrupted: false },
      { activityId: 'waitForReservationCallback', label: 'Wait for reservation callback', startedAt: '2026-01-05T01:58:02.000Z', endedAt: null, interrupted: false },
    ],
    pathTruncated: false,
    businessError: null,
    calledByProcessInstanceId: null,
    technical: { processInstanceId: 'pi-run-1', processDefinitionId: 'order-orchestration:3:abc', processDefinitionKey: 'order-orchestration', engineState: 'ACTIVE' },
    ...overrides,
  };
}

export function buildOrderHistory(overrides: Partial<OrderHistory> = {}): OrderHistory {
  const runs = overrides.runs ?? [buildOrderRun()];
  return z.parse(orderHistorySchema, { orderId: 'ORD-100928', businessKey: 'order:ORD-100928', runs, total: runs.length, cap: 20, ...overrides });
}
