/**
 * The demo's order scenarios, what each one injects and what it must lead to, and the deterministic
 * assignment of scenarios to order ids for a given (order count, seed).
 */
import type { OrderStatus } from './services/orders.js';

export const SCENARIOS = [
  'transient-availability',
  'reserve-unknown-outcome',
  'business-rejection',
  'bad-deployment',
  'billing-failure',
  'duplicate-callback',
  'stuck-at-callback',
  'cancelled-while-waiting',
  'workflow-never-started',
  'happy-path',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export type FaultTarget = 'inventory' | 'billing' | 'orders';

export interface ScenarioExpectation {
  /** What the engine shows once the scenario has played out. */
  workflow: 'incident' | 'ended' | 'waiting' | 'none';
  /** Incident: the failing activity. Waiting: the activity holding the token. */
  activityId?: string;
  incidentType?: 'failedJob' | 'failedExternalTask';
  /** Process definition where the incident sits, when it is not the order process itself. */
  incidentProcessDefinitionKey?: string;
  /** Call activity in the order process carrying the engine's parent incident. */
  parentIncidentActivityId?: string;
  /** The incident message starts with this code. */
  incidentMessagePrefix?: string;
  endActivityId?: string;
  orderStatus: OrderStatus;
  /** Facts the domain services must show. */
  inventory?: { reservationExists: boolean; duplicateCallbacksRejected?: number };
  billing?: { chargeCount: number };
}

export interface ScenarioDefinition {
  scenario: Scenario;
  summary: string;
  faults: { target: FaultTarget; fault: string; count?: number | null }[];
  startWorkflow: boolean;
  /** Started against a deliberately broken version of order-orchestration. */
  badDefinition?: boolean;
  /** The order is cancelled in the order service once the workflow waits at the callback. */
  cancelWhileWaiting?: boolean;
  expected: ScenarioExpectation;
}

export const SCENARIO_DEFINITIONS: Record<Scenario, ScenarioDefinition> = {
  'transient-availability': {
    scenario: 'transient-availability',
    summary: 'stock service drops 3 availability calls: incident after 3 worker attempts; one more retry succeeds',
    faults: [{ target: 'inventory', fault: 'availability-refuse', count: 3 }],
    startWorkflow: true,
    expected: {
      workflow: 'incident',
      activityId: 'checkAvailability',
      incidentType: 'failedExternalTask',
      incidentMessagePrefix: 'AVAILABILITY_UNAVAILABLE',
      orderStatus: 'IN_FULFILLMENT',
    },
  },
  'reserve-unknown-outcome': {
    scenario: 'reserve-unknown-outcome',
    summary: 'inventory reserves but answers too late: unknown outcome, incident at once, reservation exists',
    faults: [{ target: 'inventory', fault: 'reserve-slow' }],
    startWorkflow: true,
    expected: {
      workflow: 'incident',
      activityId: 'reserveInventory',
      incidentType: 'failedExternalTask',
      incidentMessagePrefix: 'RESERVATION_TIMEOUT_AFTER_SEND',
      orderStatus: 'RESERVATION_PENDING',
      inventory: { reservationExists: true },
    },
  },
  'business-rejection': {
    scenario: 'business-rejection',
    summary: 'inventory says out of stock: INVENTORY_REJECTED routes to "Order rejected", no incident',
    faults: [{ target: 'inventory', fault: 'reject' }],
    startWorkflow: true,
    expected: { workflow: 'ended', endActivityId: 'orderRejected', orderStatus: 'REJECTED', inventory: { reservationExists: false } },
  },
  'bad-deployment': {
    scenario: 'bad-deployment',
    summary: 'started on a broken order-orchestration version: validateOrder needs an absent variable, failedJob incident',
    faults: [],
    startWorkflow: true,
    badDefinition: true,
    expected: { workflow: 'incident', activityId: 'validateOrder', incidentType: 'failedJob', orderStatus: 'IN_FULFILLMENT' },
  },
  'billing-failure': {
    scenario: 'billing-failure',
    summary: 'billing gateway answers 502 once: incident in billing-handoff, parent incident on the call activity, nothing charged',
    faults: [{ target: 'billing', fault: 'gateway-error', count: 1 }],
    startWorkflow: true,
    expected: {
      workflow: 'incident',
      activityId: 'billingHandoffTask',
      incidentType: 'failedExternalTask',
      incidentProcessDefinitionKey: 'billing-handoff',
      parentIncidentActivityId: 'billingHandoff',
      incidentMessagePrefix: 'BILLING_HANDOFF_FAILED',
      orderStatus: 'RESERVED',
      billing: { chargeCount: 0 },
    },
  },
  'duplicate-callback': {
    scenario: 'duplicate-callback',
    summary: 'inventory sends its callback twice: the engine rejects the second (400), the order completes normally',
    faults: [{ target: 'inventory', fault: 'duplicate-callback' }],
    startWorkflow: true,
    expected: {
      workflow: 'ended',
      endActivityId: 'orderFulfilled',
      orderStatus: 'COMPLETED',
      inventory: { reservationExists: true, duplicateCallbacksRejected: 1 },
      billing: { chargeCount: 1 },
    },
  },
  'stuck-at-callback': {
    scenario: 'stuck-at-callback',
    summary: 'the reservation callback never comes: the order waits at the receive task',
    faults: [{ target: 'inventory', fault: 'no-callback' }],
    startWorkflow: true,
    expected: {
      workflow: 'waiting',
      activityId: 'waitForReservationCallback',
      orderStatus: 'RESERVATION_PENDING',
      inventory: { reservationExists: true },
    },
  },
  'cancelled-while-waiting': {
    scenario: 'cancelled-while-waiting',
    summary: 'no callback, and the order is cancelled in the order service while the workflow keeps waiting',
    faults: [{ target: 'inventory', fault: 'no-callback' }],
    startWorkflow: true,
    cancelWhileWaiting: true,
    expected: {
      workflow: 'waiting',
      activityId: 'waitForReservationCallback',
      orderStatus: 'CANCELLED',
      inventory: { reservationExists: true },
    },
  },
  'workflow-never-started': {
    scenario: 'workflow-never-started',
    summary: 'order recorded but its workflow start was lost: SUBMITTED, no process instance',
    faults: [],
    startWorkflow: false,
    expected: { workflow: 'none', orderStatus: 'SUBMITTED' },
  },
  'happy-path': {
    scenario: 'happy-path',
    summary: 'everything works: the order is fulfilled',
    faults: [],
    startWorkflow: true,
    expected: {
      workflow: 'ended',
      endActivityId: 'orderFulfilled',
      orderStatus: 'COMPLETED',
      inventory: { reservationExists: true },
      billing: { chargeCount: 1 },
    },
  },
};

export const FIRST_ORDER_NUMBER = 100920;
export const orderIdFor = (index: number) => `ORD-${FIRST_ORDER_NUMBER + index}`;

/**
 * ORD-100928 (index 8) is always a transient-availability order whenever there are at least 9 orders: docs,
 * runbooks and end-to-end tests refer to it by id, whatever the seed.
 */
export const PINNED_INDEX = 8;
export const PINNED_SCENARIO: Scenario = 'transient-availability';

/** Scenarios used first when there are fewer orders than scenarios. */
const PRIORITY: Scenario[] = [
  'transient-availability',
  'happy-path',
  'business-rejection',
  'reserve-unknown-outcome',
  'billing-failure',
  'stuck-at-callback',
  'duplicate-callback',
  'cancelled-while-waiting',
  'workflow-never-started',
  'bad-deployment',
];

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlannedOrder {
  index: number;
  orderId: string;
  businessKey: string;
  scenario: Scenario;
  customerId: string;
  orderTotal: number;
}

/**
 * Deterministic mix for (count, seed): every scenario once (the first `count` by priority when count < 10),
 * the rest happy paths, shuffled by the seeded PRNG; then the pinned scenario is swapped to ORD-100928.
 * Customer ids and totals come from the same PRNG.
 */
export function assignScenarios(count: number, seed: number): PlannedOrder[] {
  if (!Number.isInteger(count) || count < 0) throw new Error('order count must be a non-negative integer');
  const random = mulberry32(seed);
  const slots: Scenario[] =
    count >= SCENARIOS.length
      ? [...SCENARIOS, ...Array<Scenario>(count - SCENARIOS.length).fill('happy-path')]
      : PRIORITY.slice(0, count);
  const swap = (a: number, b: number) => {
    const held = slots[a]!;
    slots[a] = slots[b]!;
    slots[b] = held;
  };
  for (let i = slots.length - 1; i > 0; i--) swap(i, Math.floor(random() * (i + 1)));
  if (count > PINNED_INDEX) swap(slots.indexOf(PINNED_SCENARIO), PINNED_INDEX);
  return slots.map((scenario, index) => {
    const orderId = orderIdFor(index);
    return {
      index,
      orderId,
      businessKey: `order:${orderId}`,
      scenario,
      customerId: `CUST-${1000 + Math.floor(random() * 9000)}`,
      orderTotal: Math.round((150 + random() * 4850) * 100) / 100,
    };
  });
}
