// Activity freezes against the real reference engine, its job executor and the demo workers.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Freeze } from '../../contracts/freezes.js';
import { engineDateToIso } from '../engine/dates.js';
import { EngineHttp } from '../engine/http.js';
import { EngineSuspension } from '../engine/suspension.js';
import { freezeRoutes } from '../routes/freezes.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';
import type { FreezeActor } from './freeze-deps.js';
import { FreezeService } from './freeze-service.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);
const AUTH = 'Basic ' + Buffer.from('workbench:workbench-secret').toString('base64');

const suspensionEngine = () => new EngineSuspension(new EngineHttp({ baseUrl: engineUrl, user: 'workbench', password: 'workbench-secret', timeoutMs: 10_000 }));

interface JobDefinition { id: string; suspended: boolean }
interface ExternalTask { id: string; suspended: boolean; lockExpirationTime: string | null }

async function enginePost(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${engineUrl}${path}`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

async function servicePost(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
}

const validateOrderJobDefinitions = () => engine.get<JobDefinition[]>('/job-definition?processDefinitionKey=order-orchestration&activityIdIn=validateOrder');
const uniqueOrderId = (tag: string) => `ORD-FRZ-${tag}-${randomUUID().slice(0, 8)}`;

async function submitOrder(orderId: string): Promise<string> {
  expect(await servicePost(`${services.orders}/orders`, { orderId, customerId: 'CUST-FRZ', orderTotal: 120 })).toBe(201);
  const [instance] = await eventually(async () => {
    const found = await engine.processInstances(`order:${orderId}`);
    return found.length ? found : null;
  }, 20_000, `the process instance of ${orderId}`);
  return instance!.id;
}

async function visited(processInstanceId: string): Promise<string[]> {
  return (await engine.history(processInstanceId)).map((a) => a.activityId);
}

async function checkAvailabilityLogs(processInstanceId: string, kind: 'failureLog' | 'successLog'): Promise<number> {
  return (await engine.get<unknown[]>(`/history/external-task-log?processInstanceId=${processInstanceId}&activityIdIn=checkAvailability&${kind}=true`)).length;
}

/** Polls faster than `eventually`: used where the next worker attempt is only a second away. */
async function quickly<T>(probe: () => Promise<T | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Ends whatever a test left frozen, so later test files find the engine as seeded. */
async function thawAll(service: FreezeService): Promise<void> {
  for (const freeze of await service.frozenActivities('default')) await service.end(cleanupActor, freeze.id, 'test clean-up');
  await service.runPass();
}
const cleanupActor: FreezeActor = { id: 'test.cleanup', roles: ['tech_ops'], team: null };

describe('activity freezes against the reference engine', () => {
  let bff: TestBff;
  let freezes: FreezeService;
  let theo: TestLogin;

  beforeAll(async () => {
    bff = await startTestBff({ engineUrl });
    freezes = new FreezeService({ db: bff.ctx.db, engine: suspensionEngine(), engineId: 'default', clock: bff.ctx.clock });
    // Until app.ts registers the routes itself.
    if (!bff.app.hasRoute({ method: 'GET', url: '/api/freezes' })) freezeRoutes(bff.app, bff.ctx, freezes);
    theo = await loginAs(bff.app, 'theo.tech');
  });

  afterAll(async () => {
    if (freezes) await thawAll(freezes);
    await bff?.close();
  });

  const createFreeze = async (body: Record<string, unknown>, login = theo) =>
    bff.app.inject({ method: 'POST', url: '/api/freezes', headers: login.headers, payload: body });
  const endFreeze = async (id: string, reason: string) =>
    bff.app.inject({ method: 'POST', url: `/api/freezes/${id}/end`, headers: theo.headers, payload: { reason } });

  it('holds a job activity: a new order waits at validateOrder with a suspended job, and moves on once the freeze ends', async () => {
    const created = await createFreeze({ processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'Validation fails after a release', durationMinutes: 30 });
    expect(created.statusCode, created.body).toBe(201);
    const freeze = created.json() as Freeze;
    expect(freeze).toMatchObject({ state: 'ACTIVE', createdBy: 'theo.tech', activityId: 'validateOrder', suspendedInstances: 0 });
    const definitions = await validateOrderJobDefinitions();
    expect(definitions.length).toBeGreaterThan(0);
    expect(definitions.filter((d) => !d.suspended)).toEqual([]);
    expect(freeze.suspendedJobDefinitions).toBe(definitions.length);

    const instanceId = await submitOrder(uniqueOrderId('JOB'));
    const [job] = await eventually(async () => {
      const jobs = await engine.get<{ id: string; suspended: boolean }[]>(`/job?processInstanceId=${instanceId}`);
      return jobs.length ? jobs : null;
    }, 10_000, 'the validateOrder job');
    expect(job!.suspended).toBe(true);

    // The job executor keeps working: an unfrozen job created after ours runs, ours does not.
    const change = (await enginePost('/process-definition/key/change-order/start', {
      businessKey: `change:CHG-FRZ-${randomUUID().slice(0, 8)}`,
      variables: { changeOrderId: { value: 'CHG-FRZ', type: 'String' } },
    })) as { id: string };
    await eventually(async () => (await visited(change.id)).includes('reviewChange'), 20_000, 'the control job to run');
    expect(await visited(instanceId)).not.toContain('checkAvailability');
    expect((await engine.get<{ suspended: boolean }>(`/job/${job!.id}`)).suspended).toBe(true);

    const ended = await endFreeze(freeze.id, 'The fix is deployed');
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ state: 'ENDED', endedBy: 'theo.tech', suspendedJobDefinitions: definitions.length });
    expect((await validateOrderJobDefinitions()).filter((d) => d.suspended)).toEqual([]);
    await eventually(async () => (await visited(instanceId)).includes('checkAvailability'), 20_000, 'the order to pass validateOrder');

    const again = await endFreeze(freeze.id, 'twice');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'FREEZE_ALREADY_ENDED' });
    await fetch(`${engineUrl}/process-instance/${change.id}`, { method: 'DELETE', headers: { authorization: AUTH } });
  });

  it('holds an external-task activity: the failed task is not fetched again while frozen, and completes once after the freeze', async () => {
    const created = await createFreeze({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'Stock API storm', durationMinutes: 60 });
    expect(created.statusCode, created.body).toBe(201);
    const freeze = created.json() as Freeze;

    const orderId = uniqueOrderId('EXT');
    expect(await servicePost(`${services.inventory}/admin/faults`, { orderId, fault: 'availability-refuse', count: 1 })).toBe(201);
    const instanceId = await submitOrder(orderId);
    // The first attempt fails; the task backs off for about a second before the worker may fetch it again.
    await quickly(async () => (await checkAvailabilityLogs(instanceId, 'failureLog')) >= 1, 20_000, 'the first attempt to fail');
    await quickly(async () => {
      await freezes.runPass();
      return (await engine.get<{ suspended: boolean }>(`/process-instance/${instanceId}`)).suspended;
    }, 5_000, 'the pass to suspend the instance');
    expect(await checkAvailabilityLogs(instanceId, 'failureLog')).toBe(1);
    expect(await checkAvailabilityLogs(instanceId, 'successLog')).toBe(0);
    const [task] = await engine.get<ExternalTask[]>(`/external-task?processInstanceId=${instanceId}`);
    expect(task!.suspended).toBe(true);
    expect((await freezes.get(freeze.id))!.suspendedInstances).toBeGreaterThanOrEqual(1);

    // Wait out the back-off, then prove the worker has polled since: a control order arriving now (no pass
    // runs, so nothing holds it) gets through checkAvailability. Had our task been fetchable, the same poll
    // would have taken it.
    const backOffEnds = Date.parse(engineDateToIso(task!.lockExpirationTime!));
    await eventually(async () => Date.now() > backOffEnds, 10_000, 'the back-off to end');
    const controlId = await submitOrder(uniqueOrderId('CTL'));
    await eventually(async () => (await visited(controlId)).includes('reserveInventory'), 20_000, 'the control order to pass checkAvailability');
    expect(await checkAvailabilityLogs(instanceId, 'failureLog')).toBe(1);
    expect(await checkAvailabilityLogs(instanceId, 'successLog')).toBe(0);
    expect(await visited(instanceId)).not.toContain('reserveInventory');

    const ended = await endFreeze(freeze.id, 'Stock API recovered');
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await engine.get<{ suspended: boolean }>(`/process-instance/${instanceId}`)).suspended).toBe(false);
    await eventually(async () => (await visited(instanceId)).includes('reserveInventory'), 20_000, 'the order to pass checkAvailability');
    expect(await checkAvailabilityLogs(instanceId, 'successLog')).toBe(1);
    expect(await checkAvailabilityLogs(instanceId, 'failureLog')).toBe(1);

    // The order's audit trail says who held it and who let it go.
    const trail = await bff.ctx.db.query<{ action: string; outcome: string; actor: string }>(
      "SELECT action, outcome, actor FROM audit_event WHERE business_key = $1 AND action LIKE 'FREEZE%' ORDER BY seq",
      [`order:${orderId}`],
    );
    expect(trail).toEqual([
      { action: 'FREEZE_SUSPEND', outcome: 'SUSPENDED', actor: 'system' },
      { action: 'FREEZE_RELEASE', outcome: 'RELEASED', actor: 'theo.tech' },
    ]);
  });

  it('answers the API by role, and checks the activity against the deployed model', async () => {
    const sam = await loginAs(bff.app, 'sam.support');
    const olivia = await loginAs(bff.app, 'olivia.ops');
    expect((await bff.app.inject({ method: 'GET', url: '/api/freezes', headers: sam.headers })).statusCode).toBe(403);
    const listed = await bff.app.inject({ method: 'GET', url: '/api/freezes', headers: olivia.headers });
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { items: Freeze[] }).items.map((f) => [f.activityId, f.state])).toEqual([
      ['checkAvailability', 'ENDED'],
      ['validateOrder', 'ENDED'],
    ]);
    const valid = { processDefinitionKey: 'order-orchestration', activityId: 'reserveInventory', reason: 'storm', durationMinutes: 30 };
    expect((await createFreeze(valid, olivia)).statusCode).toBe(403);
    expect((await createFreeze({ ...valid, activityId: 'reserveInventorx' })).json()).toMatchObject({ code: 'UNKNOWN_ACTIVITY' });
    expect((await createFreeze({ ...valid, activityId: 'waitForReservationCallback' })).json()).toMatchObject({ code: 'ACTIVITY_NOT_FREEZABLE' });
    expect((await createFreeze({ ...valid, processDefinitionKey: 'no-such-process' })).json()).toMatchObject({ code: 'UNKNOWN_PROCESS' });
    const tooShort = await createFreeze({ ...valid, durationMinutes: 1 });
    expect([tooShort.statusCode, tooShort.json().code]).toEqual([400, 'INVALID_BODY']);

    const first = await createFreeze(valid);
    expect(first.statusCode, first.body).toBe(201);
    const second = await createFreeze({ ...valid, reason: 'again' });
    expect([second.statusCode, second.json().code]).toEqual([409, 'FREEZE_EXISTS']);
    expect((await endFreeze((first.json() as Freeze).id, 'done')).statusCode).toBe(200);
  });
});

describe('freezes on PostgreSQL: restarts and replicas', () => {
  let drop: (() => Promise<void>) | null = null;
  let url = '';

  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase());
  });

  afterAll(async () => {
    await drop?.();
  });

  it('is ended by the pass of a new process once the clock passes its end', async () => {
    const theo: FreezeActor = { id: 'theo.tech', roles: ['support', 'tech_ops'], team: 'platform' };
    const clock = { at: new Date(), now: () => clock.at };
    const before = await openDb({ databaseUrl: url });
    await migrate(before);
    const first = new FreezeService({ db: before, engine: suspensionEngine(), engineId: 'default', clock });
    const freeze = await first.create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'Night storm', durationMinutes: 5 });
    expect(freeze.suspendedJobDefinitions).toBeGreaterThan(0);
    await before.close();

    const after = await openDb({ databaseUrl: url });
    try {
      const restarted = new FreezeService({ db: after, engine: suspensionEngine(), engineId: 'default', clock });
      clock.at = new Date(Date.parse(freeze.endsAt) - 60_000);
      expect(await restarted.runPass()).toMatchObject({ ended: 0, released: 0 });
      expect((await validateOrderJobDefinitions()).filter((d) => !d.suspended)).toEqual([]);

      clock.at = new Date(freeze.endsAt);
      expect(await restarted.runPass()).toMatchObject({ ended: 1, released: freeze.suspendedJobDefinitions, engineUnavailable: false });
      expect(await restarted.get(freeze.id)).toMatchObject({ state: 'ENDED', endedBy: 'system', endedAt: freeze.endsAt });
      expect((await validateOrderJobDefinitions()).filter((d) => d.suspended)).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it('lets two replicas race: one freeze is created, and each target is suspended and audited once', async () => {
    const theo: FreezeActor = { id: 'theo.tech', roles: ['support', 'tech_ops'], team: 'platform' };
    const [dbA, dbB] = [await openDb({ databaseUrl: url }), await openDb({ databaseUrl: url })];
    try {
      const replicaA = new FreezeService({ db: dbA, engine: suspensionEngine(), engineId: 'default', clock: { now: () => new Date() } });
      const replicaB = new FreezeService({ db: dbB, engine: suspensionEngine(), engineId: 'default', clock: { now: () => new Date() } });
      // The seeded unknown-outcome orders wait at reserveInventory with an incident.
      const request = { processDefinitionKey: 'order-orchestration', activityId: 'reserveInventory', reason: 'Reservation storm', durationMinutes: 30 };
      const outcomes = await Promise.allSettled([replicaA.create(theo, request), replicaB.create(theo, request)]);
      const created = outcomes.filter((o): o is PromiseFulfilledResult<Freeze> => o.status === 'fulfilled').map((o) => o.value);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => (o.reason as { code?: string }).code);
      expect(created).toHaveLength(1);
      expect(refused).toEqual(['FREEZE_EXISTS']);

      await Promise.all([replicaA.runPass(), replicaB.runPass(), replicaA.runPass()]);
      const waiting = await engine.get<{ processInstanceId: string; suspended: boolean }[]>('/external-task?activityId=reserveInventory');
      const held = new Set(waiting.filter((t) => t.suspended).map((t) => t.processInstanceId));
      expect(held.size).toBeGreaterThan(0);
      const audited = await dbA.query<{ target: string }>(
        "SELECT detail::json->>'targetId' AS target FROM audit_event WHERE action = 'FREEZE_SUSPEND' AND detail::json->>'freezeId' = $1",
        [created[0]!.id],
      );
      expect(audited.map((a) => a.target).sort()).toEqual([...held].sort());
      expect((await replicaB.get(created[0]!.id))!.suspendedInstances).toBe(held.size);

      await replicaB.end(theo, created[0]!.id, 'storm over');
      const after = await engine.get<{ suspended: boolean }[]>('/external-task?activityId=reserveInventory&suspended=true');
      expect(after).toEqual([]);
    } finally {
      await dbA.close();
      await dbB.close();
    }
  });
});
