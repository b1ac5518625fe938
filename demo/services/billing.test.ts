// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../lib/http.js';
import { startBillingService } from './billing.js';

let dataDir: string;
let billing: RunningServer;

async function charge(key: string | null, body: unknown) {
  const res = await fetch(`${billing.url}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const get = async (path: string) => (await fetch(`${billing.url}${path}`)).json() as Promise<any>;
const fault = (orderId: string, f: string, count?: number) =>
  fetch(`${billing.url}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, fault: f, count }),
  });

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'billing-test-'));
  billing = await startBillingService({ port: 0, dataDir });
});
afterEach(async () => {
  await billing.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('billing service', () => {
  it('charges once per idempotency key and replays the same charge', async () => {
    const first = await charge('BILL-ORD-1', { orderId: 'ORD-1', amount: 120.5 });
    const second = await charge('BILL-ORD-1', { orderId: 'ORD-1', amount: 120.5 });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.replayed).toBe(true);
    expect(second.body.charge.chargeId).toBe(first.body.charge.chargeId);
    expect(await get('/charges/BILL-ORD-1')).toMatchObject({ chargeCount: 1, requests: 2 });
    expect((await get('/stats')).charges).toBe(1);
  });

  it('keeps different keys apart and refuses a key reused for another payload', async () => {
    const a = await charge('K-A', { orderId: 'ORD-1', amount: 10 });
    const b = await charge('K-B', { orderId: 'ORD-2', amount: 10 });
    expect(b.body.charge.chargeId).not.toBe(a.body.charge.chargeId);
    const reused = await charge('K-A', { orderId: 'ORD-1', amount: 11 });
    expect(reused.status).toBe(409);
    expect(await get('/charges/K-A')).toMatchObject({ chargeCount: 1, charge: { amount: 10 } });
    expect((await get('/stats')).charges).toBe(2);
  });

  it('answers 502 without charging while a gateway error is injected, then charges once', async () => {
    await fault('ORD-7', 'gateway-error', 2);
    expect((await charge('BILL-ORD-7', { orderId: 'ORD-7', amount: 50 })).status).toBe(502);
    expect((await charge('BILL-ORD-7', { orderId: 'ORD-7', amount: 50 })).status).toBe(502);
    expect(await get('/charges/BILL-ORD-7')).toMatchObject({ chargeCount: 0, requests: 2 });
    expect((await charge('BILL-ORD-7', { orderId: 'ORD-7', amount: 50 })).status).toBe(201);
    expect((await charge('BILL-ORD-7', { orderId: 'ORD-7', amount: 50 })).status).toBe(200);
    expect(await get('/charges/BILL-ORD-7')).toMatchObject({ chargeCount: 1, requests: 4 });
    expect((await get('/stats')).gatewayErrors).toBe(2);
  });

  it('rejects credit as a business answer (422 CREDIT_REJECTED) and charges nothing', async () => {
    await fault('ORD-9', 'credit-reject');
    const res = await charge('BILL-ORD-9', { orderId: 'ORD-9', amount: 99 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CREDIT_REJECTED');
    expect((await get('/charges/BILL-ORD-9')).chargeCount).toBe(0);
  });

  it('requires the Idempotency-Key header', async () => {
    expect((await charge(null, { orderId: 'ORD-1', amount: 1 })).status).toBe(400);
    expect((await get('/stats')).charges).toBe(0);
  });

  it('remembers charges across a restart', async () => {
    const before = await charge('BILL-ORD-3', { orderId: 'ORD-3', amount: 5 });
    await billing.close();
    billing = await startBillingService({ port: 0, dataDir });
    const after = await charge('BILL-ORD-3', { orderId: 'ORD-3', amount: 5 });
    expect(after.status).toBe(200);
    expect(after.body.charge.chargeId).toBe(before.body.charge.chargeId);
    expect((await get('/charges/BILL-ORD-3')).chargeCount).toBe(1);
  });
});
