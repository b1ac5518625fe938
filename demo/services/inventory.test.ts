// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../lib/http.js';
import { startInventoryService } from './inventory.js';

/**
 * A stand-in for the engine's POST /message: a business key correlates once while it "waits" at the receive
 * task; any other message gets the engine's 400.
 */
class FakeEngine {
  readonly waiting = new Set<string>();
  readonly messages: { body: any; status: number }[] = [];
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}');
        const ok = req.url === '/engine-rest/message' && this.waiting.delete(body.businessKey);
        this.messages.push({ body, status: ok ? 204 : 400 });
        if (ok) res.writeHead(204).end();
        else
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ type: 'RestException', message: 'No process definition or execution matches the parameters' }));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/engine-rest`;
  }

  close() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

let dataDir: string;
let engine: FakeEngine;
let inventory: RunningServer;

const start = () =>
  startInventoryService({
    port: 0,
    dataDir,
    engine: { engineUrl: engine.url, user: 'u', password: 'p' },
    reserveSlowMs: 400,
    callbackDelayMs: 10,
    callbackAttempts: 5,
    callbackRetryMs: 30,
  });

const post = async (path: string, body: unknown, timeoutMs = 5000) => {
  const res = await fetch(`${inventory.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
};
const get = async (path: string) => {
  const res = await fetch(`${inventory.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached in time');
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'inventory-test-'));
  engine = new FakeEngine();
  await engine.start();
  inventory = await start();
});
afterEach(async () => {
  await inventory.close();
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('inventory reservations', () => {
  it('is idempotent by request id: the same request yields the same reservation, counted once', async () => {
    engine.waiting.add('order:ORD-1');
    const first = await post('/reservations', { requestId: 'RR-ORD-1-1', orderId: 'ORD-1' });
    const again = await post('/reservations', { requestId: 'RR-ORD-1-1', orderId: 'ORD-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.reservation.reservationId).toBe(first.body.reservation.reservationId);
    const stats = (await get('/stats')).body;
    expect(stats.reservations).toBe(1);
    expect(stats.reservationsByRequestId).toEqual({ 'RR-ORD-1-1': 1 });
    expect(stats.requestsByRequestId).toEqual({ 'RR-ORD-1-1': 2 });
    const other = await post('/reservations', { requestId: 'RR-ORD-2-1', orderId: 'ORD-2' });
    expect(other.body.reservation.reservationId).not.toBe(first.body.reservation.reservationId);
  });

  it('refuses a request id reused for another order', async () => {
    await post('/reservations', { requestId: 'RR-X', orderId: 'ORD-1' });
    expect((await post('/reservations', { requestId: 'RR-X', orderId: 'ORD-2' })).status).toBe(409);
    expect((await get('/stats')).body.reservations).toBe(1);
  });

  it('sends the callback by business key, retrying until the process waits for it', async () => {
    const { body } = await post('/reservations', { requestId: 'RR-ORD-5-1', orderId: 'ORD-5' });
    await eventually(async () => engine.messages.length >= 2); // two rejected attempts: nobody waits yet
    engine.waiting.add('order:ORD-5');
    await eventually(async () => (await get('/reservations/RR-ORD-5-1')).body.reservation.callback.status === 'DELIVERED');
    const delivered = engine.messages.filter((m) => m.status === 204);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.body).toMatchObject({
      messageName: 'ReservationCallback',
      businessKey: 'order:ORD-5',
      processVariables: { reservationId: { value: body.reservation.reservationId, type: 'String' } },
    });
  });

  it('gives up after the configured attempts and says so', async () => {
    await post('/reservations', { requestId: 'RR-ORD-6-1', orderId: 'ORD-6' });
    await eventually(async () => (await get('/reservations/RR-ORD-6-1')).body.reservation.callback.status === 'UNDELIVERED');
    expect(engine.messages).toHaveLength(5);
    expect((await get('/stats')).body.callbacksUndelivered).toBe(1);
  });

  it('counts a duplicate callback that the engine rejects, without changing the reservation', async () => {
    await post('/admin/faults', { orderId: 'ORD-8', fault: 'duplicate-callback' });
    engine.waiting.add('order:ORD-8');
    await post('/reservations', { requestId: 'RR-ORD-8-1', orderId: 'ORD-8' });
    await eventually(async () => (await get('/stats')).body.duplicateCallbacksRejected === 1);
    expect(engine.messages.map((m) => m.status)).toEqual([204, 400]);
    const stats = (await get('/stats')).body;
    expect(stats).toMatchObject({ reservations: 1, callbacksDelivered: 1, duplicateCallbacksSent: 1, duplicateCallbacksAccepted: 0 });
  });

  it('never calls back for an order with no-callback', async () => {
    await post('/admin/faults', { orderId: 'ORD-9', fault: 'no-callback' });
    engine.waiting.add('order:ORD-9');
    await post('/reservations', { requestId: 'RR-ORD-9-1', orderId: 'ORD-9' });
    expect((await get('/reservations/RR-ORD-9-1')).body.reservation.callback.status).toBe('SUPPRESSED');
    // A later reservation for another order is delivered, so the callback machinery itself runs.
    engine.waiting.add('order:ORD-10');
    await post('/reservations', { requestId: 'RR-ORD-10-1', orderId: 'ORD-10' });
    await eventually(async () => (await get('/stats')).body.callbacksDelivered === 1);
    expect(engine.messages.every((m) => m.body.businessKey !== 'order:ORD-9')).toBe(true);
  });

  it('keeps a reservation whose answer came too late for the caller (unknown outcome)', async () => {
    await post('/admin/faults', { orderId: 'ORD-11', fault: 'reserve-slow' });
    await expect(post('/reservations', { requestId: 'RR-ORD-11-1', orderId: 'ORD-11' }, 100)).rejects.toThrow();
    const r = await get('/reservations/RR-ORD-11-1');
    expect(r.status).toBe(200);
    expect(r.body.exists).toBe(true);
    // The caller's idempotent replay finds the same reservation instead of making another.
    const replay = await post('/reservations', { requestId: 'RR-ORD-11-1', orderId: 'ORD-11' });
    expect(replay.body.reservation.reservationId).toBe(r.body.reservation.reservationId);
    expect((await get('/stats')).body.reservations).toBe(1);
  });

  it('survives a restart with its reservations', async () => {
    const first = await post('/reservations', { requestId: 'RR-ORD-12-1', orderId: 'ORD-12' });
    await inventory.close();
    inventory = await start();
    const again = await post('/reservations', { requestId: 'RR-ORD-12-1', orderId: 'ORD-12' });
    expect(again.body.reservation.reservationId).toBe(first.body.reservation.reservationId);
  });
});

describe('inventory availability', () => {
  it('drops the connection for the injected number of calls, then answers', async () => {
    await post('/admin/faults', { orderId: 'ORD-20', fault: 'availability-refuse', count: 2 });
    await expect(fetch(`${inventory.url}/availability?orderId=ORD-20`)).rejects.toThrow();
    await expect(fetch(`${inventory.url}/availability?orderId=ORD-20`)).rejects.toThrow();
    expect((await get('/availability?orderId=ORD-20')).body).toEqual({ orderId: 'ORD-20', available: true });
    expect((await get('/stats')).body).toMatchObject({ availabilityChecks: 3, availabilityRefused: 2 });
  });

  it('reports a business rejection as "not available"', async () => {
    await post('/admin/faults', { orderId: 'ORD-21', fault: 'reject' });
    expect((await get('/availability?orderId=ORD-21')).body).toMatchObject({ available: false, reason: 'OUT_OF_STOCK' });
    expect((await get('/availability?orderId=ORD-22')).body.available).toBe(true);
  });
});
