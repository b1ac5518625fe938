// Two engines in one workbench (compose-engines.ts, as main.ts wires ENGINES), each a fake engine REST and its own
// fake order service on a local port, over one PGlite read model: what is per engine beyond the case page and the
// commands. A freeze names its engine and suspends in that engine only; the order view asks the order service
// of each engine the order's runs belong to.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { freezeListSchema, freezeSchema } from '../../contracts/freezes.js';
import { orderViewSchema } from '../../contracts/orders.js';
import { dashboardSchema, type Dashboard } from '../../contracts/dashboard.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { queueResponseSchema } from '../../contracts/queues.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const XML = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
  <bpmn:process id="order-orchestration"><bpmn:serviceTask id="validateOrder" camunda:asyncBefore="true" camunda:expression="\${true}" /></bpmn:process>
</bpmn:definitions>`;

/** A fake engine REST (what a freeze of a job activity asks) and order service on one port; it records every call. */
interface FakeSite {
  url: string;
  calls: string[];
  orders: Record<string, Record<string, unknown>>;
  server: Server;
}

async function fakeSite(name: string): Promise<FakeSite> {
  const site: FakeSite = { url: '', calls: [], orders: {}, server: null as unknown as Server };
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text;
  };
  site.server = createServer((req, res) => {
    void body(req).then((text) => {
      const url = new URL(req.url ?? '/', 'http://x');
      site.calls.push(`${req.method} ${url.pathname}${text ? ` ${text}` : ''}`);
      const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(value === null ? undefined : JSON.stringify(value));
      const p = url.pathname;
      if (p.startsWith('/orders/')) {
        const order = site.orders[decodeURIComponent(p.slice('/orders/'.length))];
        return order ? send(200, order) : send(404, { error: 'not found' });
      }
      if (p === '/engine-rest/process-definition/key/order-orchestration') return send(200, { id: `${name}-def`, key: 'order-orchestration', version: 1 });
      if (p === '/engine-rest/process-definition') return send(200, [{ id: `${name}-def`, key: 'order-orchestration', version: 1 }]);
      if (p === `/engine-rest/process-definition/${name}-def/xml`) return send(200, { id: `${name}-def`, bpmn20Xml: XML });
      if (p === '/engine-rest/job-definition') return send(200, [{ id: `${name}-jobdef`, processDefinitionId: `${name}-def`, activityId: 'validateOrder', jobType: 'async-continuation', suspended: false }]);
      if (req.method === 'PUT' && p.endsWith('/suspended')) return send(204, null);
      if (p === '/engine-rest/history/process-instance') return send(200, []);
      if (p === '/engine-rest/history/process-instance/count') return send(200, { count: 0 });
      return send(404, { type: 'NotFound', message: `${p} is not faked` });
    });
  });
  await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${(site.server.address() as { port: number }).port}`;
  return site;
}

let bff: TestBff;
let north: FakeSite;
let south: FakeSite;
let theo: TestLogin;
let olivia: TestLogin;

const base = (overrides: Partial<NewCase>): NewCase => ({
  engineId: 'north', source: 'INCIDENT', category: 'TECHNICAL_PERSISTENT', unclassified: false, severity: 'MEDIUM',
  businessKey: 'order:ORD-5', entityType: 'ORDER', entityId: 'ORD-5', processInstanceId: 'n-p5', rootProcessInstanceId: null, definitionId: 'north-def',
  definitionKey: 'order-orchestration', definitionVersion: 1, activityId: 'validateOrder', activityName: 'Validate order',
  incidentType: 'failedJob', topic: null, errorMessage: 'boom', firstSeenAt: '2026-03-10T11:00:00.000Z', classificationRule: null,
  runbookId: null, team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null, ...overrides,
});

beforeAll(async () => {
  [north, south] = await Promise.all([fakeSite('north'), fakeSite('south')]);
  bff = await startTestBff({
    engineUrl: 'http://unused.invalid',
    clock: { now: () => NOW },
    engines: [
      { id: 'north', label: 'North (Camunda)', engineUrl: `${north.url}/engine-rest`, flavor: 'camunda', services: { orders: north.url } },
      { id: 'south', label: 'South (Operaton)', engineUrl: `${south.url}/engine-rest`, flavor: 'operaton', services: { orders: south.url } },
    ],
  });
  const { db, cases } = bff.ctx;
  await cases.create(db, base({}), NOW);
  await cases.create(db, base({ engineId: 'south', processInstanceId: 's-p5', definitionId: 'south-def' }), NOW);
  [theo, olivia] = [await loginAs(bff.app, 'theo.tech'), await loginAs(bff.app, 'olivia.ops')];
}, 60_000);

afterAll(async () => {
  await bff?.close();
  await Promise.all([north, south].filter(Boolean).map((s) => new Promise((resolve) => s.server.close(resolve))));
});

beforeEach(() => {
  north.calls.length = 0;
  south.calls.length = 0;
});

const suspensions = (site: FakeSite) => site.calls.filter((c) => c.startsWith('PUT '));

describe('freezes per engine', () => {
  it('freezes an activity on the engine it names: suspends there, marks only that engine\'s cases, and ends there', async () => {
    const created = await bff.app.inject({
      method: 'POST', url: '/api/freezes', headers: theo.headers,
      payload: { engineId: 'south', processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'storm in the south', durationMinutes: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const freeze = z.parse(freezeSchema, created.json());
    expect(freeze.engineId).toBe('south');
    expect(freeze.suspendedJobDefinitions).toBe(1);
    expect(suspensions(south)).toEqual(['PUT /engine-rest/job-definition/south-jobdef/suspended {"suspended":true,"includeJobs":true}']);
    expect(north.calls).toEqual([]);

    // The same activity on the other engine is a freeze of its own (not "already frozen").
    const list = z.parse(freezeListSchema, (await bff.app.inject({ url: '/api/freezes', headers: theo.headers })).json());
    expect(list.items.map((f) => [f.engineId, f.state])).toEqual([['south', 'ACTIVE']]);

    // Only the south case is frozen, though the request is served by the primary (north) composition.
    const queue = z.parse(queueResponseSchema, (await bff.app.inject({ url: '/api/queue?q=ORD-5&status=all', headers: olivia.headers })).json());
    expect(queue.items.map((c) => [c.engineId, c.frozen]).sort()).toEqual([['north', false], ['south', true]]);

    const ended = await bff.app.inject({ method: 'POST', url: `/api/freezes/${freeze.id}/end`, headers: theo.headers, payload: { reason: 'storm over' } });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(z.parse(freezeSchema, ended.json()).state).toBe('ENDED');
    expect(suspensions(south)).toEqual([
      'PUT /engine-rest/job-definition/south-jobdef/suspended {"suspended":true,"includeJobs":true}',
      'PUT /engine-rest/job-definition/south-jobdef/suspended {"suspended":false,"includeJobs":true}',
    ]);
    expect(north.calls).toEqual([]);
  });

  it('freezes the primary engine when no engine is named', async () => {
    const created = await bff.app.inject({
      method: 'POST', url: '/api/freezes', headers: theo.headers,
      payload: { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'storm in the north', durationMinutes: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const freeze = z.parse(freezeSchema, created.json());
    expect(freeze.engineId).toBe('north');
    expect(suspensions(north)).toHaveLength(1);
    expect(south.calls).toEqual([]);
    const ended = await bff.app.inject({ method: 'POST', url: `/api/freezes/${freeze.id}/end`, headers: theo.headers, payload: { reason: 'over' } });
    expect(ended.statusCode, ended.body).toBe(200);
  });

  it('refuses an engine this workbench is not configured for with 409 ENGINE_NOT_CONFIGURED, asking no engine', async () => {
    const refused = await bff.app.inject({
      method: 'POST', url: '/api/freezes', headers: theo.headers,
      payload: { engineId: 'east', processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'x', durationMinutes: 30 },
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'ENGINE_NOT_CONFIGURED' });
    expect([...north.calls, ...south.calls]).toEqual([]);
    const bad = await bff.app.inject({
      method: 'POST', url: '/api/freezes', headers: theo.headers,
      payload: { engineId: 'East!', processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'x', durationMinutes: 30 },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the order view per engine', () => {
  const instance = (engineId: string, id: string, orderId: string, activities: string[]) =>
    bff.ctx.db.query(
      `INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, definition_version, state,
         current_activity_ids, started_at, synced_at)
       VALUES ($1, $2, $3, 'ORDER', $4, 'order-orchestration:1:x', 'order-orchestration', 1, 'ACTIVE', $5, $6, $6)`,
      [engineId, id, `order:${orderId}`, orderId, activities, new Date('2026-03-10T10:00:00.000Z')],
    );
  const view = async (orderId: string) => {
    const response = await bff.app.inject({ url: `/api/orders/${orderId}`, headers: olivia.headers });
    expect(response.statusCode, response.body).toBe(200);
    return z.parse(orderViewSchema, response.json());
  };

  it("asks the order service of the engine the order runs in, not the primary's", async () => {
    await instance('south', 's-61', 'ORD-61', ['checkAvailability']);
    south.orders['ORD-61'] = { status: 'RESERVATION_PENDING', updatedAt: '2026-03-10T11:00:00.000Z', createdAt: '2026-03-10T10:00:00.000Z' };
    const order = await view('ORD-61');
    expect(order.domain?.status).toBe('RESERVATION_PENDING');
    expect(order.domainError).toBeNull();
    expect(order.stage?.activityId).toBe('checkAvailability');
    // One engine knows it: no per-engine sections.
    expect(order.engines).toBeUndefined();
    expect(north.calls.filter((c) => c.includes('/orders/'))).toEqual([]);
    expect(south.calls.filter((c) => c.includes('/orders/'))).toEqual(['GET /orders/ORD-61']);
    // Its workflow history: from south's history only.
    const history = await bff.app.inject({ url: '/api/orders/ORD-61/history', headers: olivia.headers });
    expect(history.statusCode, history.body).toBe(200);
    expect(north.calls.filter((c) => c.includes('/history/'))).toEqual([]);
    expect(south.calls.filter((c) => c.includes('/history/'))).toHaveLength(2);
  });

  it('shows an order known to two engines per engine, each labelled, with its own answer, stage and disagreement', async () => {
    await instance('north', 'n-62', 'ORD-62', ['reserveInventory']);
    await instance('south', 's-62', 'ORD-62', ['checkAvailability']);
    north.orders['ORD-62'] = { status: 'RESERVATION_PENDING', updatedAt: null, createdAt: '2026-03-10T10:00:00.000Z' };
    south.orders['ORD-62'] = { status: 'CANCELLED', updatedAt: null, createdAt: '2026-03-10T10:00:00.000Z' };
    const order = await view('ORD-62');
    expect(order.engines?.map((e) => [e.engineId, e.label, e.domain?.status, e.stage?.activityId, e.disagreement !== null])).toEqual([
      ['north', 'North (Camunda)', 'RESERVATION_PENDING', 'reserveInventory', false],
      ['south', 'South (Operaton)', 'CANCELLED', 'checkAvailability', true],
    ]);
    expect(order.engines?.[1]?.disagreement).toContain('cancelled');
    // The primary's answer leads; both runs are listed, each with its engine.
    expect(order.domain?.status).toBe('RESERVATION_PENDING');
    expect(order.processes.map((p) => p.engineId).sort()).toEqual(['north', 'south']);
    // Its workflow history is read from both engines' history.
    const history = await bff.app.inject({ url: '/api/orders/ORD-62/history', headers: olivia.headers });
    expect(history.statusCode, history.body).toBe(200);
    const asked = (site: FakeSite) => site.calls.filter((c) => c.startsWith('GET /engine-rest/history/process-instance')).length;
    expect([asked(north), asked(south)]).toEqual([2, 2]);
  });

  it('asks every engine when the read model knows no run or case of the order', async () => {
    south.orders['ORD-63'] = { status: 'SUBMITTED', updatedAt: null, createdAt: '2026-03-10T11:59:30.000Z' };
    const order = await view('ORD-63');
    expect(order.domain?.status).toBe('SUBMITTED');
    expect(north.calls.filter((c) => c.includes('/orders/'))).toEqual(['GET /orders/ORD-63']);
    const missing = await bff.app.inject({ url: '/api/orders/ORD-64', headers: olivia.headers });
    expect(missing.statusCode).toBe(404);
  });
});

describe('the dashboard with several engines', () => {
  it('names the engine of each deployment and counts and links the cases of its versions in that engine only', async () => {
    const samples = new EngineSamplesRepo(bff.ctx.db);
    const definitions = [{ key: 'order-orchestration', name: 'Order orchestration', version: 1, id: 'order-orchestration:1:x' }];
    await samples.saveDeployment('north', { id: 'dn', name: 'north release', deployedAt: '2026-03-10T08:00:00.000Z', definitionKeys: ['order-orchestration'], definitions }, NOW);
    await samples.saveDeployment('south', { id: 'ds', name: 'south release', deployedAt: '2026-03-10T09:00:00.000Z', definitionKeys: ['order-orchestration'], definitions }, NOW);
    // One more v1 case in south: the same key and version counts 1 in north and 2 in south.
    await bff.ctx.cases.create(bff.ctx.db, base({ engineId: 'south', businessKey: 'order:ORD-6', entityId: 'ORD-6', processInstanceId: 's-p6' }), NOW);
    const sara = await loginAs(bff.app, 'sara.supervisor');
    const response = await bff.app.inject({ url: '/api/dashboard?range=24h', headers: sara.headers });
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = z.parse(dashboardSchema, response.json());
    expect(dashboard.technical.deployments.map((d) => [d.engineId, d.name, d.versions?.[0]?.cases, d.versions?.[0]?.filter])).toEqual([
      ['north', 'north release', 1, 'processKey=order-orchestration&processVersion=1&status=all&engineId=north'],
      ['south', 'south release', 2, 'processKey=order-orchestration&processVersion=1&status=all&engineId=south'],
    ]);
  });

  it("gives one engine's figures with engineId, every engine's added up without, and refuses an unknown engine", async () => {
    const sara = await loginAs(bff.app, 'sara.supervisor');
    const dashboardOf = async (query: string) => {
      const response = await bff.app.inject({ url: `/api/dashboard?range=24h${query}`, headers: sara.headers });
      expect(response.statusCode, response.body).toBe(200);
      return z.parse(dashboardSchema, response.json());
    };
    const figures = (d: Dashboard) => ({
      incidents: d.technical.incidentsByActivity.map((r) => [r.activityId, r.count]),
      openNow: d.technical.openByCategory.at(-1)?.values.TECHNICAL_PERSISTENT,
      opened: d.business.openedPerBucket.reduce((sum, p) => sum + (p.values.opened ?? 0), 0),
      orders: d.business.falloutRate.orders,
    });
    // North: ORD-5 (a case); south: ORD-5 and ORD-6 (cases). Order workflows: ORD-61 in south, ORD-62 in both.
    expect(figures(await dashboardOf(''))).toEqual({ incidents: [['validateOrder', 3]], openNow: 3, opened: 3, orders: 2 });
    const southOnly = await dashboardOf('&engineId=south');
    expect(figures(southOnly)).toEqual({ incidents: [['validateOrder', 2]], openNow: 2, opened: 2, orders: 2 });
    expect(figures(await dashboardOf('&engineId=north'))).toEqual({ incidents: [['validateOrder', 1]], openNow: 1, opened: 1, orders: 1 });
    // Each figure opens the queue on that engine's cases; the deployments are that engine's.
    expect(new URLSearchParams(southOnly.technical.incidentsByActivity[0]!.filter).get('engineId')).toBe('south');
    expect(southOnly.technical.deployments.map((d) => d.engineId)).toEqual(['south']);

    const unknown = await bff.app.inject({ url: '/api/dashboard?engineId=east', headers: sara.headers });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'UNKNOWN_ENGINE']);
    const malformed = await bff.app.inject({ url: '/api/dashboard?engineId=East!', headers: sara.headers });
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'INVALID_QUERY']);
  });
});
