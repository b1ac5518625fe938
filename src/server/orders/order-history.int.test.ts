// The order's runs from the engine's history, against the reference engine: a rejected order (as ORD-100926:
// inventory says out of stock, the model ends it on its BPMN error path) says why, on every run it had.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod/mini';
import { orderHistorySchema } from '../../contracts/orders.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);
const auth = 'Basic ' + Buffer.from('workbench:workbench-secret').toString('base64');

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url} → ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Waits until every order-orchestration run of the key has ended, and there are `runs` of them. */
async function endedRuns(businessKey: string, runs: number) {
  return eventually(async () => {
    const all = await engine.get<{ id: string; state: string }[]>(
      `/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(businessKey)}&processDefinitionKey=order-orchestration`,
    );
    return all.length === runs && all.every((r) => r.state === 'COMPLETED') ? all : null;
  }, 60_000, `${runs} ended runs of ${businessKey}`);
}

describe('order history across runs (engine history API)', () => {
  let bff: TestBff;
  let sam: TestLogin;

  beforeAll(async () => {
    bff = await startTestBff({ engineUrl, services });
    sam = await loginAs(bff.app, 'sam.support');
  });
  afterAll(async () => {
    await bff?.close();
  });

  it('shows a rejected order with the BPMN error code and message, on both runs when it was started twice', async () => {
    const orderId = `ORD-T${randomUUID().slice(0, 8).toUpperCase()}`;
    const businessKey = `order:${orderId}`;
    // Inventory answers "not available" for this order, every time it is asked.
    await post(`${services.inventory}/admin/faults`, { orderId, fault: 'reject' });
    await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-TEST', orderTotal: 100 });
    await endedRuns(businessKey, 1);
    // A second run of the same order, as an operator restarting it through the engine would make.
    await post(
      `${engineUrl}/process-definition/key/order-orchestration/start`,
      {
        businessKey,
        variables: {
          orderId: { value: orderId, type: 'String' },
          customerId: { value: 'CUST-TEST', type: 'String' },
          orderTotal: { value: 100, type: 'Double' },
          reservationRequestId: { value: `RES-${orderId}-2`, type: 'String' },
          billingIdempotencyKey: { value: `BILL-${orderId}-2`, type: 'String' },
        },
      },
      { authorization: auth },
    );
    const engineRuns = await endedRuns(businessKey, 2);

    const response = await bff.app.inject({ url: `/api/orders/${orderId}/history`, headers: sam.headers });
    expect(response.statusCode, response.body).toBe(200);
    const history = z.parse(orderHistorySchema, response.json());
    expect(history.total).toBe(2);
    expect(history.cap).toBe(20);
    expect(history.runs).toHaveLength(2);
    expect(history.runs.map((r) => r.technical.processInstanceId).sort()).toEqual(engineRuns.map((r) => r.id).sort());
    for (const run of history.runs) {
      expect(run.processName).toBe('Order orchestration');
      expect(run.state).toBe('COMPLETED');
      expect(run.stateLabel).toBe('Ended at “Order rejected”');
      expect(run.endedAt).not.toBeNull();
      expect(run.path.map((s) => s.label)).toEqual(['Order submitted', 'Validate order', 'Check availability', 'Inventory rejected', 'Order rejected']);
      expect(run.path.find((s) => s.label === 'Check availability')!.interrupted).toBe(true);
      expect(run.businessError).toMatchObject({
        code: 'INVENTORY_REJECTED',
        message: `INVENTORY_REJECTED: inventory reports OUT_OF_STOCK for order ${orderId}`,
        caughtBy: 'Inventory rejected',
        step: 'Check availability',
      });
    }
    // Newest first.
    expect(Date.parse(history.runs[0]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(history.runs[1]!.startedAt!));
  });

  it('shows a run that went through billing with its called billing run, and no error on either', async () => {
    const orderId = `ORD-T${randomUUID().slice(0, 8).toUpperCase()}`;
    await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-TEST', orderTotal: 100 });
    const history = await eventually(async () => {
      const response = await bff.app.inject({ url: `/api/orders/${orderId}/history`, headers: sam.headers });
      const body = z.parse(orderHistorySchema, response.json());
      return body.runs.some((r) => r.processName !== 'Order orchestration') ? body : null;
    }, 60_000, `billing run of ${orderId}`);
    const billing = history.runs.find((r) => r.technical.processDefinitionKey === 'billing-handoff')!;
    const order = history.runs.find((r) => r.technical.processDefinitionKey === 'order-orchestration')!;
    expect(billing.calledByProcessInstanceId).toBe(order.technical.processInstanceId);
    expect(order.businessError).toBeNull();
    expect(billing.businessError).toBeNull();
  });

  it('refuses a malformed order id and answers an empty history for an unknown one', async () => {
    const bad = await bff.app.inject({ url: '/api/orders/ORD%20100/history', headers: sam.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_ORDER_ID' });
    const unknown = await bff.app.inject({ url: '/api/orders/ORD-NEVER-SEEN/history', headers: sam.headers });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toMatchObject({ runs: [], total: 0 });
  });
});
