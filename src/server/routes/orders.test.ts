// The order view through HTTP with a fake order service on a local port: its answer beside the mirrored
// workflow, the stage in business words, disagreements, the merged timeline, and the service being down.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { orderViewSchema, type OrderView } from '../../contracts/orders.js';
import { appendAudit } from '../store/audit-repo.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';
import { orderRoutes } from './orders.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let server: Server;
let sam: TestLogin;
/** What the fake order service answers per order id; `down` makes it answer 503 to everything. */
const orders: Record<string, Record<string, unknown>> = {};
let down = false;

const base = (overrides: Partial<NewCase>): NewCase => ({
  engineId: 'default', source: 'STUCK', category: 'TECHNICAL_PERSISTENT', unclassified: false, severity: 'MEDIUM',
  businessKey: 'order:ORD-7', entityType: 'ORDER', entityId: 'ORD-7', processInstanceId: 'p7', rootProcessInstanceId: null, definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback',
  incidentType: null, topic: null, errorMessage: 'waiting past its budget', firstSeenAt: '2026-03-10T11:00:00.000Z', classificationRule: null,
  runbookId: null, team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null, ...overrides,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const id = decodeURIComponent(req.url?.split('/').pop() ?? '');
    const order = orders[id];
    res.setHeader('content-type', 'application/json');
    if (down) res.writeHead(503).end('{}');
    else if (!order) res.writeHead(404).end(JSON.stringify({ error: 'order not found' }));
    else res.writeHead(200).end(JSON.stringify(order));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW }, services: { orders: `http://127.0.0.1:${port}` } });
  if (!bff.app.hasRoute({ method: 'GET', url: '/api/orders/:orderId' })) orderRoutes(bff.app, bff.ctx);
  const { db, cases } = bff.ctx;

  const instance = (id: string, key: string, state: string, activities: string[], startedAt: string) =>
    db.query(
      `INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, definition_version, state,
         current_activity_ids, started_at, synced_at)
       VALUES ('default', $1, $2, 'ORDER', $3, 'order-orchestration:3:x', 'order-orchestration', 3, $4, $5, $6, $6)`,
      [id, key, key.replace('order:', ''), state, activities, startedAt],
    );
  await instance('p7', 'order:ORD-7', 'ACTIVE', ['waitForReservationCallback'], '2026-03-10T10:00:00Z');
  await instance('p8', 'order:ORD-8', 'COMPLETED', [], '2026-03-10T09:00:00Z');
  const caseId = (await cases.create(db, base({}), new Date('2026-03-10T11:01:00Z'))).id;
  await cases.create(db, base({ businessKey: 'order:ORD-77', entityId: 'ORD-77', processInstanceId: 'p77' }), new Date('2026-03-10T11:01:00Z'));
  await db.transaction((tx) =>
    appendAudit(tx, {
      at: new Date('2026-03-10T11:30:00.000Z'), actor: 'olivia.ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment', caseId,
      businessKey: 'order:ORD-7', action: 'ANNOTATE', commandId: null, idempotencyKey: null, outcome: 'DONE', detail: { inputs: { note: 'called inventory' } },
    }),
  );
  await db.query(
    `INSERT INTO domain_event (id, entity_type, entity_id, kind, summary, data, occurred_at, recorded_at)
     VALUES ('e1', 'ORDER', 'ORD-7', 'DUPLICATE_CALLBACK_REJECTED', 'Inventory sent the callback again.', '{}', '2026-03-10T11:45:00Z', '2026-03-10T11:45:00Z')`,
  );
  sam = await loginAs(bff.app, 'sam.support');
}, 60_000);
afterAll(async () => {
  await bff?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function view(orderId: string): Promise<OrderView> {
  const response = await bff.app.inject({ url: `/api/orders/${orderId}`, headers: sam.headers });
  expect(response.statusCode, response.body).toBe(200);
  return z.parse(orderViewSchema, response.json());
}

describe('GET /api/orders/:orderId', () => {
  it('shows the order beside its workflow stage, open cases and merged timeline', async () => {
    down = false;
    orders['ORD-7'] = { orderId: 'ORD-7', status: 'RESERVING', customerId: 'CUST-1', updatedAt: '2026-03-10T10:00:05.000Z', createdAt: '2026-03-10T10:00:00.000Z' };
    const body = await view('ORD-7');
    // customerId is on the catalog's sensitive list: the order service knows it, the view does not pass it on.
    expect(body.domain).toEqual({ status: 'RESERVING', updatedAt: '2026-03-10T10:00:05.000Z', customerId: null });
    expect(JSON.stringify(body)).not.toContain('CUST-1');
    expect(body.domainError).toBeNull();
    expect(body.stage).toEqual({ activityId: 'waitForReservationCallback', label: "Waiting for the inventory's confirmation", since: '2026-03-10T11:00:00.000Z' });
    expect(body.disagreement).toBeNull();
    expect(body.processes.map((p) => [p.processInstanceId, p.state])).toEqual([['p7', 'ACTIVE']]);
    expect(body.openCases.map((c) => c.businessKey)).toEqual(['order:ORD-7']);
    expect(body.timeline.map((e) => [e.at, e.actor, e.action])).toEqual([
      ['2026-03-10T11:45:00.000Z', 'domain', 'DUPLICATE_CALLBACK_REJECTED'],
      ['2026-03-10T11:30:00.000Z', 'olivia.ops', 'ANNOTATE'],
    ]);
  });

  it('names the disagreement when a cancelled order still has a running workflow', async () => {
    down = false;
    orders['ORD-7'] = { orderId: 'ORD-7', status: 'CANCELLED', customerId: 'CUST-1', updatedAt: '2026-03-10T11:50:00.000Z' };
    const body = await view('ORD-7');
    expect(body.disagreement).toMatch(/is cancelled, but its workflow is still running/);
  });

  it('names the disagreement when a submitted order has no workflow at all', async () => {
    down = false;
    orders['ORD-9'] = { orderId: 'ORD-9', status: 'SUBMITTED', customerId: 'CUST-9', updatedAt: '2026-03-10T10:00:00.000Z', createdAt: '2026-03-10T10:00:00.000Z' };
    const body = await view('ORD-9');
    expect(body.processes).toEqual([]);
    expect(body.stage).toBeNull();
    expect(body.disagreement).toMatch(/as submitted, but no order workflow exists/);
  });

  it('still shows the read model when the order service is down, and says why the order part is missing', async () => {
    down = true;
    const body = await view('ORD-7');
    expect(body.domain).toBeNull();
    expect(body.domainError).toMatch(/orders service answered 503/);
    expect(body.disagreement).toBeNull();
    expect(body.stage?.activityId).toBe('waitForReservationCallback');
    expect(body.openCases).toHaveLength(1);
  });

  it('shows a finished order the service no longer knows from the read model alone', async () => {
    down = false;
    const body = await view('ORD-8');
    expect(body.domain).toBeNull();
    expect(body.domainError).toBeNull();
    expect(body.stage).toBeNull();
    expect(body.processes.map((p) => p.state)).toEqual(['COMPLETED']);
  });

  it('answers 404 ORDER_NOT_FOUND when nobody knows the order, and 400 for a malformed id', async () => {
    down = false;
    const missing = await bff.app.inject({ url: '/api/orders/ORD-404', headers: sam.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    const bad = await bff.app.inject({ url: '/api/orders/ORD%20%3Cb%3E', headers: sam.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_ORDER_ID' });
  });
});
