/**
 * Simulated inventory (fulfillment) service. Answers availability checks, makes reservations idempotently by
 * reservation request id, and later confirms each reservation to the engine with a `ReservationCallback`
 * message (correlated by the business key `order:{orderId}`), as an asynchronous integration would.
 *
 *   INVENTORY_PORT=8092 DEMO_DATA_DIR=.data/demo CAMUNDA_URL=... [ORDERS_URL=...] npx tsx demo/services/inventory.ts
 */
import { join } from 'node:path';
import { dataDirFromEnv, DEFAULT_PORTS, engineFromEnv, envNumber, envString, hostFromEnv, type EngineAuth } from '../lib/config.js';
import { EngineClient } from '../lib/engine.js';
import { FaultBook, type FaultKind, type FaultTable } from '../lib/faults.js';
import { HANDLED, isMain, listen, Router, sleep, type RunningServer } from '../lib/http.js';
import { JsonStore } from '../lib/store.js';

export const CALLBACK_MESSAGE = 'ReservationCallback';

export const INVENTORY_FAULTS: FaultKind[] = [
  { name: 'availability-refuse', defaultCount: 1, description: 'drop the connection of the next n availability calls' },
  { name: 'reject', defaultCount: null, description: 'availability answers "not available" (business rejection)' },
  { name: 'reserve-error', defaultCount: 1, description: 'answer 500 to the next n reservations without reserving anything' },
  { name: 'reserve-slow', defaultCount: 1, description: 'make the reservation, answer only after RESERVE_SLOW_MS' },
  { name: 'no-callback', defaultCount: null, description: 'never send the reservation callback' },
  { name: 'duplicate-callback', defaultCount: 1, description: 'send the callback a second time after it was delivered' },
];

export type CallbackStatus = 'PENDING' | 'DELIVERED' | 'UNDELIVERED' | 'SUPPRESSED';

export interface Reservation {
  reservationId: string;
  requestId: string;
  orderId: string;
  status: 'RESERVED';
  createdAt: string;
  /** Reservation requests received for this request id (the reservation itself exists once). */
  requests: number;
  callback: {
    status: CallbackStatus;
    attempts: number;
    deliveredAt: string | null;
    lastError: string | null;
    duplicatesSent: number;
    duplicatesRejected: number;
    duplicatesAccepted: number;
  };
}

interface InventoryState {
  sequence: number;
  reservations: Record<string, Reservation>;
  counters: {
    availabilityChecks: number;
    availabilityRefused: number;
    availabilityRejected: number;
  };
  faults: FaultTable;
}

export interface InventoryServiceOptions {
  port?: number;
  host?: string;
  dataDir: string;
  engine: EngineAuth;
  /** When set, a delivered callback is also reported to the order service as status RESERVED. */
  ordersUrl?: string;
  /** How long a `reserve-slow` reservation keeps the caller waiting. */
  reserveSlowMs?: number;
  /** Delay before the first callback attempt. */
  callbackDelayMs?: number;
  /** Attempts while the engine answers 400 (the process may not have reached the receive task yet). */
  callbackAttempts?: number;
  callbackRetryMs?: number;
  log?: (line: string) => void;
}

const now = () => new Date().toISOString();

export async function startInventoryService(options: InventoryServiceOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const reserveSlowMs = options.reserveSlowMs ?? 4000;
  const callbackDelayMs = options.callbackDelayMs ?? 250;
  const callbackAttempts = options.callbackAttempts ?? 8;
  const callbackRetryMs = options.callbackRetryMs ?? 500;
  const store = new JsonStore<InventoryState>(join(options.dataDir, 'inventory.json'), () => ({
    sequence: 0,
    reservations: {},
    counters: { availabilityChecks: 0, availabilityRefused: 0, availabilityRejected: 0 },
    faults: {},
  }));
  const state = store.data;
  const faults = new FaultBook(state.faults, INVENTORY_FAULTS, () => store.save());
  const engine = new EngineClient(options.engine);
  const sending = new Set<string>();
  let closed = false;

  const reportReserved = async (r: Reservation) => {
    if (!options.ordersUrl) return;
    try {
      await fetch(`${options.ordersUrl}/orders/${encodeURIComponent(r.orderId)}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'RESERVED', source: 'inventory', note: `reservation ${r.reservationId} confirmed` }),
        signal: AbortSignal.timeout(1500),
      });
    } catch (err) {
      log(`could not report RESERVED for ${r.orderId}: ${(err as Error).message}`);
    }
  };

  /** Sends the callback, retrying while the engine has no receive task waiting; then maybe a duplicate. */
  const sendCallback = async (r: Reservation) => {
    if (sending.has(r.requestId) || r.callback.status === 'DELIVERED') return;
    sending.add(r.requestId);
    const businessKey = `order:${r.orderId}`;
    try {
      r.callback.status = 'PENDING';
      store.save();
      await sleep(callbackDelayMs);
      for (let attempt = 1; attempt <= callbackAttempts && !closed; attempt++) {
        r.callback.attempts += 1;
        let outcome: Awaited<ReturnType<EngineClient['correlate']>>;
        try {
          outcome = await engine.correlate(CALLBACK_MESSAGE, businessKey, { reservationId: r.reservationId });
        } catch (err) {
          outcome = { correlated: false, reason: (err as Error).message };
        }
        if (outcome.correlated) {
          r.callback.status = 'DELIVERED';
          r.callback.deliveredAt = now();
          r.callback.lastError = null;
          store.save();
          log(`callback for ${r.requestId} delivered (attempt ${attempt})`);
          await reportReserved(r);
          break;
        }
        r.callback.lastError = outcome.reason;
        store.save();
        if (attempt < callbackAttempts) await sleep(callbackRetryMs);
      }
      if (r.callback.status !== 'DELIVERED') {
        r.callback.status = 'UNDELIVERED';
        store.save();
        log(`callback for ${r.requestId} gave up after ${callbackAttempts} attempts: ${r.callback.lastError}`);
        return;
      }
      if (faults.take(r.orderId, 'duplicate-callback')) {
        await sleep(200);
        r.callback.duplicatesSent += 1;
        const again = await engine
          .correlate(CALLBACK_MESSAGE, businessKey, { reservationId: r.reservationId })
          .catch((err: Error) => ({ correlated: false as const, reason: err.message }));
        if (again.correlated) r.callback.duplicatesAccepted += 1;
        else {
          r.callback.duplicatesRejected += 1;
          r.callback.lastError = `duplicate rejected: ${again.reason}`;
        }
        store.save();
        log(`duplicate callback for ${r.requestId} ${again.correlated ? 'ACCEPTED (unexpected)' : 'rejected by the engine'}`);
      }
    } finally {
      sending.delete(r.requestId);
    }
  };

  const scheduleCallback = (r: Reservation) => {
    if (faults.armed(r.orderId, 'no-callback')) {
      r.callback.status = 'SUPPRESSED';
      store.save();
      return;
    }
    void sendCallback(r).catch((err) => log(`callback for ${r.requestId} failed: ${(err as Error).message}`));
  };

  const router = new Router();
  router.add('GET', '/health', () => ({ body: { status: 'UP', service: 'inventory' } }));
  faults.register(router);

  router.add('GET', '/availability', (req) => {
    const orderId = req.query.get('orderId');
    if (!orderId) return { status: 400, body: { error: 'orderId is required' } };
    state.counters.availabilityChecks += 1;
    if (faults.take(orderId, 'availability-refuse')) {
      state.counters.availabilityRefused += 1;
      store.save();
      req.raw.socket.destroy();
      return HANDLED;
    }
    if (faults.armed(orderId, 'reject')) {
      state.counters.availabilityRejected += 1;
      store.save();
      return { body: { orderId, available: false, reason: 'OUT_OF_STOCK' } };
    }
    store.save();
    return { body: { orderId, available: true } };
  });

  router.add('POST', '/reservations', async (req) => {
    const { requestId, orderId } = (req.body ?? {}) as { requestId?: unknown; orderId?: unknown };
    if (typeof requestId !== 'string' || !requestId || typeof orderId !== 'string' || !orderId) {
      return { status: 400, body: { error: 'requestId and orderId are required' } };
    }
    if (faults.take(orderId, 'reserve-error')) {
      store.save();
      return { status: 500, body: { error: 'INTERNAL', message: 'reservation store failed (injected); nothing was reserved' } };
    }
    const existing = state.reservations[requestId];
    if (existing) {
      if (existing.orderId !== orderId) {
        return { status: 409, body: { error: 'REQUEST_ID_REUSED', message: `request ${requestId} belongs to ${existing.orderId}` } };
      }
      existing.requests += 1;
      store.save();
      // A replay after an unknown outcome: confirm again if the engine never got the callback.
      if (existing.callback.status === 'UNDELIVERED') scheduleCallback(existing);
      return { status: 200, body: { replayed: true, reservation: existing } };
    }
    state.sequence += 1;
    const reservation: Reservation = {
      reservationId: `RSV-${String(state.sequence).padStart(6, '0')}`,
      requestId,
      orderId,
      status: 'RESERVED',
      createdAt: now(),
      requests: 1,
      callback: {
        status: 'PENDING',
        attempts: 0,
        deliveredAt: null,
        lastError: null,
        duplicatesSent: 0,
        duplicatesRejected: 0,
        duplicatesAccepted: 0,
      },
    };
    state.reservations[requestId] = reservation;
    store.save();
    log(`reserved ${reservation.reservationId} for ${requestId}`);
    if (faults.take(orderId, 'reserve-slow')) {
      // The reservation exists, but the caller gives up before hearing about it: an unknown outcome.
      await sleep(reserveSlowMs);
    }
    scheduleCallback(reservation);
    return { status: 201, body: { replayed: false, reservation } };
  });

  router.add('GET', '/reservations/:requestId', (req) => {
    const r = state.reservations[req.param('requestId')];
    return r ? { body: { exists: true, reservation: r } } : { status: 404, body: { exists: false, requestId: req.param('requestId') } };
  });

  router.add('GET', '/reservations', (req) => {
    const orderId = req.query.get('orderId');
    return { body: { reservations: Object.values(state.reservations).filter((r) => !orderId || r.orderId === orderId) } };
  });

  router.add('GET', '/stats', () => {
    const list = Object.values(state.reservations);
    const sum = (f: (r: Reservation) => number) => list.reduce((n, r) => n + f(r), 0);
    return {
      body: {
        reservations: list.length,
        reservationsByRequestId: Object.fromEntries(list.map((r) => [r.requestId, 1])),
        requestsByRequestId: Object.fromEntries(list.map((r) => [r.requestId, r.requests])),
        ...state.counters,
        callbacksDelivered: list.filter((r) => r.callback.status === 'DELIVERED').length,
        callbacksUndelivered: list.filter((r) => r.callback.status === 'UNDELIVERED').length,
        callbacksSuppressed: list.filter((r) => r.callback.status === 'SUPPRESSED').length,
        callbackAttempts: sum((r) => r.callback.attempts),
        duplicateCallbacksSent: sum((r) => r.callback.duplicatesSent),
        duplicateCallbacksRejected: sum((r) => r.callback.duplicatesRejected),
        duplicateCallbacksAccepted: sum((r) => r.callback.duplicatesAccepted),
      },
    };
  });

  const running = await listen(router, options.port ?? DEFAULT_PORTS.inventory, options.host, log);
  // Callbacks that were under way when the service stopped are resumed.
  for (const r of Object.values(state.reservations)) if (r.callback.status === 'PENDING') scheduleCallback(r);
  return {
    ...running,
    close: async () => {
      closed = true;
      await running.close();
    },
  };
}

if (isMain(import.meta.url)) {
  const running = await startInventoryService({
    port: envNumber('INVENTORY_PORT', DEFAULT_PORTS.inventory),
    host: hostFromEnv(),
    dataDir: dataDirFromEnv(),
    engine: engineFromEnv(),
    ordersUrl: process.env.ORDERS_URL || `http://127.0.0.1:${envNumber('ORDERS_PORT', DEFAULT_PORTS.orders)}`,
    reserveSlowMs: envNumber('RESERVE_SLOW_MS', 4000),
    callbackDelayMs: envNumber('CALLBACK_DELAY_MS', 250),
    callbackAttempts: envNumber('CALLBACK_ATTEMPTS', 8),
    callbackRetryMs: envNumber('CALLBACK_RETRY_MS', 500),
    log: (line) => console.log(`[inventory] ${line}`),
  });
  console.log(`[inventory] listening on ${running.url} (engine ${envString('CAMUNDA_URL', 'http://127.0.0.1:8080/engine-rest')})`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
