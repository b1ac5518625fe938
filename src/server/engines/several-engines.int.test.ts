// One workbench over two real engines at once: Camunda 7.24 and Operaton 1.0.3, each with its own demo services
// and workers, on one PostgreSQL read model. The suite's own stack is one of them (ENGINE_FLAVOR's); this file
// starts the other flavour beside it. The same order id fails for real in both engines; the workbench must show
// two cases, each naming its engine, and a retry of each must land in that case's engine and nowhere else
// (counted in each engine's own operation log and external-task log).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommandResult } from '../../contracts/actions.js';
import type { CaseDetail } from '../../contracts/cases.js';
import type { EngineList } from '../../contracts/engines.js';
import type { Freeze } from '../../contracts/freezes.js';
import type { OrderHistory, OrderView } from '../../contracts/orders.js';
import type { QueueResponse } from '../../contracts/queues.js';
import type { SearchResponse } from '../../contracts/search.js';
import type { Health } from '../../contracts/session.js';
import { flavorSpec, type EngineFlavor } from '../../../scripts/lib/engine-flavor.js';
import { freePort } from '../../../scripts/lib/managed-process.js';
import { startStack, type Stack } from '../../../scripts/lib/stack.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const suiteFlavor = inject('engineFlavor');
const otherFlavor: EngineFlavor = suiteFlavor === 'camunda' ? 'operaton' : 'camunda';

interface EngineUnderTest {
  id: string;
  label: string;
  flavor: EngineFlavor;
  engineUrl: string;
  services: { orders: string; inventory: string; billing: string };
}

let other: Stack;
let otherDataDir: string;
let bff: TestBff;
let dropDb: () => Promise<void>;
let ops: TestLogin;
let engines: Record<EngineFlavor, EngineUnderTest>;
// The same order, submitted in both engines (each engine has its own order service, where the id is unique).
const orderId = `ORD-M${randomUUID().slice(0, 7).toUpperCase()}`;

beforeAll(async () => {
  otherDataDir = mkdtempSync(path.join(tmpdir(), 'fw-int-second-engine-'));
  const database = await createTestDatabase();
  dropDb = database.drop;
  other = await startStack({
    ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: 0 },
    dataDir: otherDataDir,
    cleanEngine: true,
    flavor: flavorSpec(otherFlavor),
    seed: null,
    startBff: false,
    log: () => undefined,
  });
  const suite: EngineUnderTest = {
    id: `${suiteFlavor}-site`, label: suiteFlavor === 'camunda' ? 'North (Camunda)' : 'South (Operaton)', flavor: suiteFlavor,
    engineUrl: inject('engineUrl'), services: inject('services'),
  };
  const second: EngineUnderTest = {
    id: `${otherFlavor}-site`, label: otherFlavor === 'camunda' ? 'North (Camunda)' : 'South (Operaton)', flavor: otherFlavor,
    engineUrl: other.engineUrl, services: other.services,
  };
  engines = { [suiteFlavor]: suite, [otherFlavor]: second } as Record<EngineFlavor, EngineUnderTest>;
  // Camunda first (the primary), whichever flavour the suite runs; no flavour configured: each is detected.
  const ordered = [engines.camunda, engines.operaton];
  bff = await startTestBff({
    engineUrl: ordered[0]!.engineUrl,
    databaseUrl: database.url,
    orderStartGraceMs: 60_000,
    engines: ordered.map((e) => ({ id: e.id, label: e.label, engineUrl: e.engineUrl, services: { ...e.services } })),
  });
  ops = await loginAs(bff.app, 'olivia.ops');
}, 240_000);

afterAll(async () => {
  await bff?.close();
  await dropDb?.();
  await other?.stop();
  if (otherDataDir) rmSync(otherDataDir, { recursive: true, force: true });
});

const get = async <T>(url: string): Promise<T> => {
  const response = await bff.app.inject({ url, headers: ops.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as T;
};

/** One pass of every engine's own sync loop. */
const syncAll = async () => {
  for (const entry of bff.ctx.engines!) await entry.sync.runOnce();
};

/** Retries set by the workbench's engine user in one engine, on the order's instance there (0 when it has none). */
async function workbenchRetries(e: EngineUnderTest): Promise<number> {
  const engine = engineReader(e.engineUrl);
  const instance = await engine.orderInstance(`order:${orderId}`);
  if (!instance) return 0;
  const entries = await engine.get<{ userId: string }[]>(`/history/user-operation?processInstanceId=${instance.id}&operationType=SetExternalTaskRetries`);
  return entries.filter((x) => x.userId === 'workbench').length;
}

async function availabilityChecked(e: EngineUnderTest): Promise<number> {
  const engine = engineReader(e.engineUrl);
  const instance = await engine.orderInstance(`order:${orderId}`);
  return (await engine.get<unknown[]>(`/history/external-task-log?processInstanceId=${instance!.id}&activityIdIn=checkAvailability&successLog=true`)).length;
}

describe('one workbench over a Camunda 7.24 and an Operaton 1.0.3 engine', () => {
  it('shows the same order failing in both engines as two cases, each on its own engine, and retries each in its own engine', async () => {
    // Real worker failures: the stock service refuses three times in each engine's demo services.
    await Promise.all([
      submitFailingOrder(engines.camunda.engineUrl, engines.camunda.services, 'transient-availability', orderId),
      submitFailingOrder(engines.operaton.engineUrl, engines.operaton.services, 'transient-availability', orderId),
    ]);

    // Search by the order id finds both cases, each with its engine.
    const search = await eventually(async () => {
      await syncAll();
      const found = await get<SearchResponse>(`/api/search?q=${orderId}`);
      return found.cases.filter((c) => c.source === 'INCIDENT').length === 2 ? found : null;
    }, 60_000, `two cases for ${orderId}`);
    const byEngine = new Map(search.cases.filter((c) => c.source === 'INCIDENT').map((c) => [c.engineId, c]));
    expect([...byEngine.keys()].sort()).toEqual(['camunda-site', 'operaton-site']);
    for (const c of byEngine.values()) {
      expect(c.businessKey).toBe(`order:${orderId}`);
      expect(c.category).toBe('TECHNICAL_TRANSIENT');
    }

    // The engines with their labels and Cockpits, the flavour of each detected from its /version.
    await get<Health>('/api/health');
    const list = await get<EngineList>('/api/engines');
    expect(list.engines).toEqual([
      { id: 'camunda-site', label: 'North (Camunda)', flavor: 'camunda', cockpitUrl: `${new URL(engines.camunda.engineUrl).origin}/camunda/app/cockpit/` },
      { id: 'operaton-site', label: 'South (Operaton)', flavor: 'operaton', cockpitUrl: `${new URL(engines.operaton.engineUrl).origin}/operaton/app/cockpit/` },
    ]);

    // Each engine's own sync: its own leader (lock per engine), last pass and lag.
    const health = await get<Health>('/api/health');
    expect(health.engines?.map((e) => [e.id, e.reachable, e.version])).toEqual([
      ['camunda-site', true, flavorSpec('camunda').expectedVersion],
      ['operaton-site', true, flavorSpec('operaton').expectedVersion],
    ]);
    for (const e of health.engines!) {
      expect(e.sync.leader).toEqual(expect.any(String));
      expect(e.sync.lastSuccessAt).not.toBeNull();
      expect(e.sync.lagSeconds).toBeLessThan(60);
    }

    // The queue filters by engine, and its engine facet counts each engine under its label.
    const queue = await get<QueueResponse>(`/api/queue?q=${orderId}`);
    expect(queue.facets.engineId).toEqual(expect.arrayContaining([
      expect.objectContaining({ value: 'camunda-site', label: 'North (Camunda)', count: 1 }),
      expect.objectContaining({ value: 'operaton-site', label: 'South (Operaton)', count: 1 }),
    ]));
    const operatonOnly = await get<QueueResponse>(`/api/queue?q=${orderId}&engineId=operaton-site`);
    expect(operatonOnly.items.map((c) => c.id)).toEqual([byEngine.get('operaton-site')!.id]);

    // Each case page reads its own engine: live diagram and path of the instance in that engine.
    for (const flavor of ['camunda', 'operaton'] as const) {
      const c = byEngine.get(`${flavor}-site`)!;
      const page = await get<CaseDetail>(`/api/cases/${c.id}`);
      expect(page.liveStatus).toBe('LIVE');
      const instance = await engineReader(engines[flavor].engineUrl).orderInstance(`order:${orderId}`);
      expect(page.case.processInstanceId).toBe(instance!.id);
      expect(page.process.id).toBe(instance!.id);
      expect(page.diagram?.bpmnXml).toContain('checkAvailability');
    }

    // The order view asks each engine's own order service and shows the order per engine, labelled.
    const order = await get<OrderView>(`/api/orders/${orderId}`);
    expect(order.engines?.map((e) => [e.engineId, e.label, e.domainError])).toEqual([
      ['camunda-site', 'North (Camunda)', null],
      ['operaton-site', 'South (Operaton)', null],
    ]);
    for (const e of order.engines!) {
      expect(e.domain?.status).toEqual(expect.any(String));
      expect(e.stage?.activityId).toBe('checkAvailability');
    }
    expect(order.processes.map((p) => p.engineId).sort()).toEqual(['camunda-site', 'operaton-site']);
    // Its workflow history: the run in each engine, each naming its engine.
    const history = await get<OrderHistory>(`/api/orders/${orderId}/history`);
    expect(history.runs.map((r) => r.engineId).sort()).toEqual(['camunda-site', 'operaton-site']);

    // A freeze names its engine: freezing the step on Operaton suspends Operaton's instance there, not Camunda's,
    // and marks only Operaton's case frozen; ending it re-activates that instance.
    const theo = await loginAs(bff.app, 'theo.tech');
    const suspended = async (e: EngineUnderTest) => (await engineReader(e.engineUrl).get<{ suspended: boolean }[]>(`/process-instance?businessKey=order:${orderId}`)).map((p) => p.suspended);
    const unknown = await bff.app.inject({
      method: 'POST', url: '/api/freezes', headers: theo.headers,
      payload: { engineId: 'east-site', processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'x', durationMinutes: 5 },
    });
    expect(unknown.statusCode, unknown.body).toBe(409);
    expect(unknown.json()).toMatchObject({ code: 'ENGINE_NOT_CONFIGURED' });
    const frozen = await bff.app.inject({
      method: 'POST', url: '/api/freezes', headers: theo.headers,
      payload: { engineId: 'operaton-site', processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm on the Operaton site', durationMinutes: 5 },
    });
    expect(frozen.statusCode, frozen.body).toBe(201);
    const freeze = frozen.json() as Freeze;
    expect([freeze.engineId, freeze.suspendedInstances]).toEqual(['operaton-site', 1]);
    expect([await suspended(engines.camunda), await suspended(engines.operaton)]).toEqual([[false], [true]]);
    const frozenQueue = await get<QueueResponse>(`/api/queue?q=${orderId}`);
    expect(frozenQueue.items.map((c) => [c.engineId, c.frozen]).sort()).toEqual([['camunda-site', false], ['operaton-site', true]]);
    const ended = await bff.app.inject({ method: 'POST', url: `/api/freezes/${freeze.id}/end`, headers: theo.headers, payload: { reason: 'storm over' } });
    expect(ended.statusCode, ended.body).toBe(200);
    expect([await suspended(engines.camunda), await suspended(engines.operaton)]).toEqual([[false], [false]]);

    expect([await workbenchRetries(engines.camunda), await workbenchRetries(engines.operaton)]).toEqual([0, 0]);
    const retry = async (caseId: string) => {
      const current = await get<CaseDetail>(`/api/cases/${caseId}`);
      return bff.app.inject({
        method: 'POST', url: `/api/cases/${caseId}/actions/retry-step`,
        headers: { ...ops.headers, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'if-match': `"${current.case.version}"` },
        payload: '{}',
      });
    };
    // The Operaton case first: a workbench routing to "the" (primary) engine would retry Camunda's instead.
    const second = await retry(byEngine.get('operaton-site')!.id);
    expect(second.statusCode, second.body).toBe(200);
    expect((second.json() as CommandResult).outcome).toBe('DONE');
    expect([await workbenchRetries(engines.camunda), await workbenchRetries(engines.operaton)]).toEqual([0, 1]);

    const first = await retry(byEngine.get('camunda-site')!.id);
    expect(first.statusCode, first.body).toBe(200);
    expect([await workbenchRetries(engines.camunda), await workbenchRetries(engines.operaton)]).toEqual([1, 1]);

    // The worker of each engine then completes the step once there, and each case resolves on its own sync.
    await eventually(async () => (await availabilityChecked(engines.camunda)) === 1 && (await availabilityChecked(engines.operaton)) === 1, 30_000, 'availability checked in both engines');
    const resolved = await eventually(async () => {
      await syncAll();
      const found = await get<SearchResponse>(`/api/search?q=${orderId}`);
      const cases = found.cases.filter((c) => c.source === 'INCIDENT');
      return cases.every((c) => c.status === 'RESOLVED') ? cases : null;
    }, 30_000, 'both cases resolved');
    expect(resolved.map((c) => c.engineId).sort()).toEqual(['camunda-site', 'operaton-site']);
    expect([await availabilityChecked(engines.camunda), await availabilityChecked(engines.operaton)]).toEqual([1, 1]);
  });
});
