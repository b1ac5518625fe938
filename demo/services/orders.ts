/**
 * Simulated order service: the owner of order state. It records orders, starts their orchestration in the
 * engine (business key `order:{orderId}`) and keeps a workflow correlation per order. Workers report progress
 * here. Cancelling an order changes only the order; the workflow is left alone on purpose.
 *
 *   ORDERS_PORT=8091 DEMO_DATA_DIR=.data/demo CAMUNDA_URL=... npx tsx demo/services/orders.ts
 */
import { join } from 'node:path';
import { dataDirFromEnv, DEFAULT_PORTS, engineFromEnv, envNumber, hostFromEnv, type EngineAuth } from '../lib/config.js';
import { EngineClient } from '../lib/engine.js';
import { FaultBook, type FaultKind, type FaultTable } from '../lib/faults.js';
import { isMain, listen, Router, type RunningServer } from '../lib/http.js';
import { JsonStore } from '../lib/store.js';

export const ORDER_STATUSES = [
  'SUBMITTED',
  'IN_FULFILLMENT',
  'RESERVATION_PENDING',
  'RESERVED',
  'BILLED',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
  'RESERVATION_FAILED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Once here, an order does not move again (worker reports are refused with 409). */
export const CLOSED_STATUSES: readonly OrderStatus[] = ['COMPLETED', 'REJECTED', 'CANCELLED'];

export const ORDER_PROCESS_KEY = 'order-orchestration';

export const ORDER_FAULTS: FaultKind[] = [
  { name: 'status-unavailable', defaultCount: 1, description: 'answer 503 to the next n worker status reports' },
  { name: 'document-error', defaultCount: 1, description: 'answer 503 to the next n document requests' },
  { name: 'notify-error', defaultCount: 1, description: 'answer 503 to the next n notification requests' },
];

export interface WorkflowCorrelation {
  processDefinitionKey: string;
  /** The definition version explicitly requested, if any (otherwise the newest version by key). */
  requestedDefinitionId: string | null;
  processDefinitionId: string | null;
  processInstanceId: string | null;
  businessKey: string;
  status: 'NOT_STARTED' | 'STARTED' | 'START_FAILED';
  startAttempts: number;
  startedAt: string | null;
  lastError: string | null;
}

export interface Artifact {
  key: string;
  createdAt: string;
  /** How many times it was requested; the artifact itself exists once. */
  requests: number;
  detail?: Record<string, unknown>;
}

export interface Order {
  orderId: string;
  customerId: string;
  orderTotal: number;
  status: OrderStatus;
  reservationRequestId: string;
  billingIdempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  statusHistory: { status: OrderStatus; at: string; source: string; note?: string }[];
  workflowCorrelation: WorkflowCorrelation;
  documents: Record<string, Artifact>;
  notifications: Record<string, Artifact>;
  /** Operator recovery commands applied to this order, by idempotency key: each key acts once. */
  recoveryCommands?: Record<string, RecoveryCommand>;
}

export interface RecoveryCommand {
  action: 'confirm-reservation' | 'mark-reservation-failed' | 'confirm-billing';
  reference: string | null;
  appliedAt: string;
  /** How many times the key was sent; the effect happened once. */
  requests: number;
}

interface OrdersState {
  orders: Record<string, Order>;
  faults: FaultTable;
}

export interface OrdersServiceOptions {
  port?: number;
  host?: string;
  dataDir: string;
  engine: EngineAuth;
  log?: (line: string) => void;
}

export const businessKeyFor = (orderId: string) => `order:${orderId}`;
const now = () => new Date().toISOString();

export async function startOrdersService(options: OrdersServiceOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const store = new JsonStore<OrdersState>(join(options.dataDir, 'orders.json'), () => ({ orders: {}, faults: {} }));
  const { orders } = store.data;
  const faults = new FaultBook(store.data.faults, ORDER_FAULTS, () => store.save());
  const engine = new EngineClient(options.engine);
  /** Serialises work per order so two concurrent submits cannot both start a process. */
  const inFlight = new Map<string, Promise<unknown>>();
  const exclusive = async <T>(orderId: string, work: () => Promise<T>): Promise<T> => {
    while (inFlight.has(orderId)) await inFlight.get(orderId)!.catch(() => {});
    const p = work();
    inFlight.set(orderId, p);
    try {
      return await p;
    } finally {
      inFlight.delete(orderId);
    }
  };

  const setStatus = (order: Order, status: OrderStatus, source: string, note?: string) => {
    if (order.status === status) return;
    order.status = status;
    order.updatedAt = now();
    order.statusHistory.push({ status, at: order.updatedAt, source, ...(note ? { note } : {}) });
  };

  /**
   * Starts the orchestration unless one already runs for this business key (then it is adopted), so neither a
   * retried submit nor a recovery start can create a second process.
   */
  const startWorkflow = async (order: Order, source: string): Promise<void> => {
    const wf = order.workflowCorrelation;
    wf.startAttempts += 1;
    try {
      const existing = await engine.runningInstances(wf.businessKey, ORDER_PROCESS_KEY);
      const instance = existing[0]
        ? existing[0]
        : await engine.startProcess(
            wf.requestedDefinitionId ? { definitionId: wf.requestedDefinitionId } : { key: ORDER_PROCESS_KEY },
            wf.businessKey,
            {
              orderId: order.orderId,
              customerId: order.customerId,
              orderTotal: order.orderTotal,
              reservationRequestId: order.reservationRequestId,
              billingIdempotencyKey: order.billingIdempotencyKey,
            },
            { orderTotal: 'Double' },
          );
      Object.assign(wf, {
        status: 'STARTED',
        processInstanceId: instance.id,
        processDefinitionId: instance.definitionId,
        startedAt: now(),
        lastError: null,
      });
      if (order.status === 'SUBMITTED') setStatus(order, 'IN_FULFILLMENT', source);
      log(`order ${order.orderId}: workflow ${existing[0] ? 'adopted' : 'started'} ${instance.id}`);
    } catch (err) {
      Object.assign(wf, { status: 'START_FAILED', lastError: (err as Error).message });
      log(`order ${order.orderId}: workflow start failed: ${(err as Error).message}`);
    }
    order.updatedAt = now();
    store.save();
  };

  const router = new Router();
  // The data folder is reported so the seeder can put its manifest next to the services' state.
  router.add('GET', '/health', () => ({
    body: { status: 'UP', service: 'orders', orders: Object.keys(orders).length, dataDir: options.dataDir },
  }));
  faults.register(router);

  router.add('POST', '/orders', async (req) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.orderId !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(b.orderId)) {
      return { status: 400, body: { error: 'orderId is required (letters, digits, - and _)' } };
    }
    const orderId = b.orderId;
    return exclusive(orderId, async () => {
      const known = orders[orderId];
      if (known) return { status: 200, body: { created: false, order: known } };
      if (typeof b.customerId !== 'string' || !b.customerId) return { status: 400, body: { error: 'customerId is required' } };
      if (typeof b.orderTotal !== 'number' || !Number.isFinite(b.orderTotal)) {
        return { status: 400, body: { error: 'orderTotal must be a number' } };
      }
      if (b.processDefinitionId !== undefined && typeof b.processDefinitionId !== 'string') {
        return { status: 400, body: { error: 'processDefinitionId must be a string' } };
      }
      const at = now();
      const order: Order = {
        orderId,
        customerId: b.customerId,
        orderTotal: b.orderTotal,
        status: 'SUBMITTED',
        reservationRequestId: typeof b.reservationRequestId === 'string' ? b.reservationRequestId : `RR-${orderId}-1`,
        billingIdempotencyKey: typeof b.billingIdempotencyKey === 'string' ? b.billingIdempotencyKey : `BILL-${orderId}`,
        createdAt: at,
        updatedAt: at,
        statusHistory: [{ status: 'SUBMITTED', at, source: 'submit' }],
        workflowCorrelation: {
          processDefinitionKey: ORDER_PROCESS_KEY,
          requestedDefinitionId: (b.processDefinitionId as string | undefined) ?? null,
          processDefinitionId: null,
          processInstanceId: null,
          businessKey: businessKeyFor(orderId),
          status: 'NOT_STARTED',
          startAttempts: 0,
          startedAt: null,
          lastError: null,
        },
        documents: {},
        notifications: {},
      };
      // The order is committed first; starting the workflow is a second step that can fail or be skipped.
      orders[orderId] = order;
      store.save();
      if (b.startWorkflow !== false) await startWorkflow(order, 'submit');
      return { status: 201, body: { created: true, order } };
    });
  });

  router.add('GET', '/orders', (req) => {
    const status = req.query.get('status');
    const list = Object.values(orders).filter((o) => !status || o.status === status);
    return { body: { orders: list } };
  });

  router.add('GET', '/orders/:id', (req) => {
    const order = orders[req.param('id')];
    return order ? { body: order } : { status: 404, body: { error: 'order not found' } };
  });

  router.add('POST', '/orders/:id/status', (req) => {
    const order = orders[req.param('id')];
    if (!order) return { status: 404, body: { error: 'order not found' } };
    if (faults.take(order.orderId, 'status-unavailable')) return { status: 503, body: { error: 'order service unavailable (injected)' } };
    const { status, source, note } = (req.body ?? {}) as { status?: string; source?: string; note?: string };
    if (!ORDER_STATUSES.includes(status as OrderStatus)) {
      return { status: 400, body: { error: `status must be one of ${ORDER_STATUSES.join(', ')}` } };
    }
    if (order.status !== status && CLOSED_STATUSES.includes(order.status)) {
      return { status: 409, body: { error: 'ORDER_CLOSED', message: `order is ${order.status}`, order } };
    }
    setStatus(order, status as OrderStatus, source ?? 'worker', note);
    store.save();
    return { body: order };
  });

  router.add('POST', '/orders/:id/cancel', (req) => {
    const order = orders[req.param('id')];
    if (!order) return { status: 404, body: { error: 'order not found' } };
    if (order.status === 'CANCELLED') return { body: order };
    if (CLOSED_STATUSES.includes(order.status)) {
      return { status: 409, body: { error: 'ORDER_CLOSED', message: `order is ${order.status}`, order } };
    }
    const { reason } = (req.body ?? {}) as { reason?: string };
    // Only the domain state changes; the orchestration keeps running until someone reconciles it.
    setStatus(order, 'CANCELLED', 'cancel', reason);
    store.save();
    return { body: order };
  });

  // Recovery for a lost start (playbook 18.1): starts the workflow if none exists; adopts a running one.
  router.add('POST', '/orders/:id/workflow/start', async (req) => {
    const order = orders[req.param('id')];
    if (!order) return { status: 404, body: { error: 'order not found' } };
    return exclusive(order.orderId, async () => {
      if (order.workflowCorrelation.status === 'STARTED') return { status: 200, body: { started: false, order } };
      if (CLOSED_STATUSES.includes(order.status)) {
        return { status: 409, body: { error: 'ORDER_CLOSED', message: `order is ${order.status}`, order } };
      }
      await startWorkflow(order, 'recovery');
      const ok = (order.workflowCorrelation as WorkflowCorrelation).status === 'STARTED';
      return { status: ok ? 200 : 502, body: { started: ok, order } };
    });
  });

  /**
   * Recovery commands from the workbench (playbook 10.3): each changes the order's own state once per
   * idempotency key; the workbench then steers the workflow. A replay answers the first result.
   */
  const recoveryRoute = (action: RecoveryCommand['action'], target: OrderStatus, referenceField: string | null) =>
    router.add('POST', `/orders/:id/recovery/${action}`, (req) => {
      const order = orders[req.param('id')];
      if (!order) return { status: 404, body: { error: 'order not found' } };
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return { status: 400, body: { error: 'Idempotency-Key header is required' } };
      const commands = (order.recoveryCommands ??= {});
      const known = commands[key];
      if (known) {
        if (known.action !== action) return { status: 409, body: { error: 'IDEMPOTENCY_KEY_REUSED', message: `key ${key} was used for ${known.action}` } };
        known.requests += 1;
        store.save();
        return { status: 200, body: { replayed: true, command: known, order } };
      }
      const b = (req.body ?? {}) as Record<string, unknown>;
      const reference = referenceField ? b[referenceField] : null;
      if (referenceField && (typeof reference !== 'string' || !reference)) return { status: 400, body: { error: `${referenceField} is required` } };
      if (CLOSED_STATUSES.includes(order.status)) {
        return { status: 409, body: { error: 'ORDER_CLOSED', message: `order is ${order.status}`, order } };
      }
      const command: RecoveryCommand = { action, reference: (reference as string | null) ?? null, appliedAt: now(), requests: 1 };
      commands[key] = command;
      setStatus(order, target, `recovery:${action}`, reference ? `reference ${reference}` : undefined);
      store.save();
      log(`order ${order.orderId}: recovery ${action}${reference ? ` (${reference})` : ''}`);
      return { status: 201, body: { replayed: false, command, order } };
    });
  recoveryRoute('confirm-reservation', 'RESERVED', 'reservationId');
  recoveryRoute('mark-reservation-failed', 'RESERVATION_FAILED', null);
  recoveryRoute('confirm-billing', 'BILLED', 'billingReference');

  const artifactRoute = (kind: 'documents' | 'notifications', fault: string, keyField: string) =>
    router.add('POST', `/orders/:id/${kind}`, (req) => {
      const order = orders[req.param('id')];
      if (!order) return { status: 404, body: { error: 'order not found' } };
      if (faults.take(order.orderId, fault)) return { status: 503, body: { error: `${kind} backend unavailable (injected)` } };
      const b = (req.body ?? {}) as Record<string, unknown>;
      const key = b[keyField];
      if (typeof key !== 'string' || !key) return { status: 400, body: { error: `${keyField} is required` } };
      const existing = order[kind][key];
      if (existing) {
        existing.requests += 1;
        store.save();
        return { status: 200, body: { created: false, ...existing } };
      }
      const { [keyField]: _omit, ...detail } = b;
      const artifact: Artifact = { key, createdAt: now(), requests: 1, detail };
      order[kind][key] = artifact;
      store.save();
      return { status: 201, body: { created: true, ...artifact } };
    });
  artifactRoute('documents', 'document-error', 'documentKey');
  artifactRoute('notifications', 'notify-error', 'notificationKey');

  router.add('GET', '/stats', () => {
    const list = Object.values(orders);
    const byStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, list.filter((o) => o.status === s).length]));
    return {
      body: {
        orders: list.length,
        byStatus,
        workflowStarts: list.filter((o) => o.workflowCorrelation.status === 'STARTED').length,
        documents: list.reduce((n, o) => n + Object.keys(o.documents).length, 0),
        recoveryCommands: list.reduce((n, o) => n + Object.keys(o.recoveryCommands ?? {}).length, 0),
        notifications: list.reduce((n, o) => n + Object.keys(o.notifications).length, 0),
      },
    };
  });

  return listen(router, options.port ?? DEFAULT_PORTS.orders, options.host, log);
}

if (isMain(import.meta.url)) {
  const running = await startOrdersService({
    port: envNumber('ORDERS_PORT', DEFAULT_PORTS.orders),
    host: hostFromEnv(),
    dataDir: dataDirFromEnv(),
    engine: engineFromEnv(),
    log: (line) => console.log(`[orders] ${line}`),
  });
  console.log(`[orders] listening on ${running.url}`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
