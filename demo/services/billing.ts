/**
 * Simulated billing gateway. `POST /charges` charges at most once per `Idempotency-Key`: a replay with the same
 * key returns the original charge. Per-key counts show from outside whether money moved twice.
 *
 *   BILLING_PORT=8093 DEMO_DATA_DIR=.data/demo npx tsx demo/services/billing.ts
 */
import { join } from 'node:path';
import { dataDirFromEnv, DEFAULT_PORTS, envNumber, hostFromEnv } from '../lib/config.js';
import { FaultBook, type FaultKind, type FaultTable } from '../lib/faults.js';
import { isMain, listen, Router, type RunningServer } from '../lib/http.js';
import { JsonStore } from '../lib/store.js';

export const BILLING_FAULTS: FaultKind[] = [
  { name: 'gateway-error', defaultCount: 1, description: 'answer 502 to the next n charge calls without charging' },
  { name: 'credit-reject', defaultCount: null, description: 'answer 422 CREDIT_REJECTED (business rejection)' },
];

export interface Charge {
  chargeId: string;
  idempotencyKey: string;
  orderId: string;
  amount: number;
  billingReference: string;
  createdAt: string;
}

interface BillingState {
  sequence: number;
  charges: Record<string, Charge>;
  /** Every charge request per idempotency key, failed ones included (the charge itself happens at most once). */
  requestsByKey: Record<string, number>;
  counters: { requests: number; gatewayErrors: number; creditRejections: number; replays: number };
  faults: FaultTable;
}

export interface BillingServiceOptions {
  port?: number;
  host?: string;
  dataDir: string;
  log?: (line: string) => void;
}

export async function startBillingService(options: BillingServiceOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const store = new JsonStore<BillingState>(join(options.dataDir, 'billing.json'), () => ({
    sequence: 0,
    charges: {},
    requestsByKey: {},
    counters: { requests: 0, gatewayErrors: 0, creditRejections: 0, replays: 0 },
    faults: {},
  }));
  const state = store.data;
  const faults = new FaultBook(state.faults, BILLING_FAULTS, () => store.save());

  const router = new Router();
  router.add('GET', '/health', () => ({ body: { status: 'UP', service: 'billing' } }));
  faults.register(router);

  router.add('POST', '/charges', (req) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return { status: 400, body: { error: 'Idempotency-Key header is required' } };
    const { orderId, amount } = (req.body ?? {}) as { orderId?: unknown; amount?: unknown };
    if (typeof orderId !== 'string' || !orderId || typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
      return { status: 400, body: { error: 'orderId (string) and amount (number >= 0) are required' } };
    }
    state.counters.requests += 1;
    state.requestsByKey[key] = (state.requestsByKey[key] ?? 0) + 1;
    // An unavailable gateway answers before anything else, replays included, and charges nothing.
    if (faults.take(orderId, 'gateway-error')) {
      state.counters.gatewayErrors += 1;
      store.save();
      return { status: 502, body: { error: 'BAD_GATEWAY', message: 'payment gateway unavailable (injected)' } };
    }
    const existing = state.charges[key];
    if (existing) {
      if (existing.orderId !== orderId || existing.amount !== amount) {
        store.save();
        return {
          status: 409,
          body: { error: 'IDEMPOTENCY_KEY_MISMATCH', message: `key ${key} was used for ${existing.orderId} / ${existing.amount}` },
        };
      }
      state.counters.replays += 1;
      store.save();
      return { status: 200, body: { replayed: true, charge: existing } };
    }
    if (faults.armed(orderId, 'credit-reject')) {
      state.counters.creditRejections += 1;
      store.save();
      return { status: 422, body: { code: 'CREDIT_REJECTED', message: `credit limit exceeded for order ${orderId}` } };
    }
    state.sequence += 1;
    const seq = String(state.sequence).padStart(6, '0');
    const charge: Charge = {
      chargeId: `CH-${seq}`,
      idempotencyKey: key,
      orderId,
      amount,
      billingReference: `BR-${seq}`,
      createdAt: new Date().toISOString(),
    };
    state.charges[key] = charge;
    store.save();
    log(`charged ${amount} for ${orderId} (${charge.chargeId}, key ${key})`);
    return { status: 201, body: { replayed: false, charge } };
  });

  router.add('GET', '/charges/:key', (req) => {
    const charge = state.charges[req.param('key')];
    // Always 200: the count (0 or 1) is the answer, so a reconciler can read it without special-casing 404.
    return {
      body: {
        idempotencyKey: req.param('key'),
        chargeCount: charge ? 1 : 0,
        requests: state.requestsByKey[req.param('key')] ?? 0,
        charge: charge ?? null,
      },
    };
  });

  router.add('GET', '/charges', (req) => {
    const orderId = req.query.get('orderId');
    return { body: { charges: Object.values(state.charges).filter((c) => !orderId || c.orderId === orderId) } };
  });

  router.add('GET', '/stats', () => ({
    body: {
      charges: Object.keys(state.charges).length,
      chargesByKey: Object.fromEntries(Object.keys(state.charges).map((k) => [k, 1])),
      totalCharged: Object.values(state.charges).reduce((n, c) => n + c.amount, 0),
      ...state.counters,
    },
  }));

  return listen(router, options.port ?? DEFAULT_PORTS.billing, options.host, log);
}

if (isMain(import.meta.url)) {
  const running = await startBillingService({
    port: envNumber('BILLING_PORT', DEFAULT_PORTS.billing),
    host: hostFromEnv(),
    dataDir: dataDirFromEnv(),
    log: (line) => console.log(`[billing] ${line}`),
  });
  console.log(`[billing] listening on ${running.url}`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
