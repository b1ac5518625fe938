import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiProblem } from '../api-problem.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { FakeSuspensionEngine } from './fake-suspension-engine.js';
import type { FreezeActor } from './freeze-deps.js';
import { FreezeService } from './freeze-service.js';
import { openTestPglite } from '../testing/pglite-template.js';

const ORDER_XML = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
  <bpmn:process id="order-orchestration">
    <bpmn:serviceTask id="validateOrder" camunda:asyncBefore="true" camunda:expression="\${true}" />
    <bpmn:serviceTask id="checkAvailability" camunda:type="external" camunda:topic="check-availability" />
    <bpmn:serviceTask id="reserveInventory" camunda:type="external" camunda:topic="reserve-inventory" />
    <bpmn:receiveTask id="waitForCallback" />
  </bpmn:process>
</bpmn:definitions>`;

const theo: FreezeActor = { id: 'theo.tech', roles: ['support', 'tech_ops'], team: 'platform' };
const T0 = new Date('2026-03-02T08:00:00.000Z');

interface AuditRow {
  actor: string;
  action: string;
  outcome: string;
  case_id: string | null;
  business_key: string | null;
  detail: string;
}

describe('activity freezes (PGlite, fake engine)', () => {
  let db: Db;
  let engine: FakeSuspensionEngine;
  let clock: { at: Date; now(): Date };
  let v1: string;
  let v2: string;
  const service = (limits?: { suspensionsPerFreezePerPass?: number }) => new FreezeService({ db, engine, engineId: 'default', clock, limits });
  let auditFrom = 0;
  const audit = async () =>
    (await db.query<AuditRow>("SELECT actor, action, outcome, case_id, business_key, detail FROM audit_event WHERE action LIKE 'FREEZE%' AND seq > $1 ORDER BY seq", [auditFrom])).map(
      (r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }),
    );
  const problem = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (error) {
      if (error instanceof ApiProblem) return { status: error.status, code: error.code };
      throw error;
    }
    throw new Error('expected an ApiProblem');
  };

  // One database for the file (migrating is the slow part); each test starts from empty freeze tables. The
  // audit log is append-only, so each test reads only the events after its start.
  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db);
  }, 60_000);

  beforeEach(async () => {
    for (const table of ['freeze_suspension', 'activity_freeze', 'fallout_case', 'process_instance']) await db.query(`DELETE FROM ${table}`);
    auditFrom = Number((await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM audit_event'))[0]?.seq ?? 0);
    engine = new FakeSuspensionEngine();
    clock = { at: T0, now: () => clock.at };
    v1 = engine.deploy('order-orchestration', ORDER_XML, ['validateOrder']);
    v2 = engine.deploy('order-orchestration', ORDER_XML, ['validateOrder']);
  });

  afterAll(async () => {
    await db.close();
  });

  it('freezes a job activity by suspending its job definition in every deployed version', async () => {
    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'storm', durationMinutes: 30 });

    expect(freeze).toMatchObject({
      engineId: 'default', processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'storm', createdBy: 'theo.tech',
      createdAt: '2026-03-02T08:00:00.000Z', endsAt: '2026-03-02T08:30:00.000Z', endedAt: null, endedBy: null, state: 'ACTIVE',
      suspendedJobDefinitions: 2, suspendedInstances: 0,
    });
    expect(freeze.id).toMatch(/^FRZ-/);
    expect(engine.writes).toEqual(['suspend JD-order-orchestration:2-validateOrder', 'suspend JD-order-orchestration:1-validateOrder'].sort());
    const events = await audit();
    expect(events.map((e) => [e.action, e.outcome, e.actor])).toEqual([
      ['FREEZE_CREATE', 'CREATED', 'theo.tech'],
      ['FREEZE_SUSPEND', 'SUSPENDED', 'theo.tech'],
      ['FREEZE_SUSPEND', 'SUSPENDED', 'theo.tech'],
    ]);
    expect(events[0]!.detail).toMatchObject({ reason: 'storm', durationMinutes: 30, endsAt: '2026-03-02T08:30:00.000Z' });
  });

  it('freezes an external-task activity by suspending waiting and backing-off instances, not a first attempt in a worker\'s hands', async () => {
    engine.start('PI-waiting', v2, ['checkAvailability']);
    engine.start('PI-backing-off', v1, ['checkAvailability'], { locked: true, errorMessage: 'AVAILABILITY_UNAVAILABLE' });
    engine.start('PI-first-attempt', v2, ['checkAvailability'], { locked: true, errorMessage: null });
    engine.start('PI-elsewhere', v2, ['reserveInventory']);
    await db.query(
      `INSERT INTO fallout_case (id, engine_id, source, status, category, severity, business_key, process_instance_id, definition_key, activity_id,
         first_seen_at, last_seen_at, created_at, updated_at, sla_due_at)
       VALUES ('FO-2026-000001','default','INCIDENT','OPEN','TECHNICAL_TRANSIENT','MEDIUM','order:PI-backing-off','PI-backing-off','order-orchestration',
         'checkAvailability',$1,$1,$1,$1,$1)`,
      [T0],
    );

    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'stock API down', durationMinutes: 60 });

    expect(freeze).toMatchObject({ suspendedJobDefinitions: 0, suspendedInstances: 2 });
    expect([...engine.instances].filter(([, suspended]) => suspended).map(([id]) => id).sort()).toEqual(['PI-backing-off', 'PI-waiting']);
    const suspensions = (await audit()).filter((e) => e.action === 'FREEZE_SUSPEND');
    expect(suspensions.map((e) => [e.detail.targetId, e.case_id, e.business_key]).sort()).toEqual([
      ['PI-backing-off', 'FO-2026-000001', 'order:PI-backing-off'],
      ['PI-waiting', null, 'order:PI-waiting'],
    ]);

    // The first attempt fails; the next pass holds it too. A new arrival is caught as well.
    engine.tasks.find((t) => t.processInstanceId === 'PI-first-attempt')!.errorMessage = 'AVAILABILITY_UNAVAILABLE';
    engine.start('PI-new', v2, ['checkAvailability']);
    const pass = await service().runPass();
    expect(pass).toMatchObject({ ended: 0, suspended: 2, released: 0, engineUnavailable: false });
    expect(engine.instances.get('PI-first-attempt')).toBe(true);
    expect(engine.instances.get('PI-new')).toBe(true);
    expect(engine.instances.get('PI-elsewhere')).toBe(false);
  });

  it('suspends at most the configured number per freeze and pass, and the rest in the next pass', async () => {
    for (let i = 1; i <= 5; i++) engine.start(`PI-${i}`, v2, ['checkAvailability']);
    const limited = service({ suspensionsPerFreezePerPass: 2 });
    const freeze = await limited.create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm', durationMinutes: 60 });
    expect(freeze.suspendedInstances).toBe(2);
    expect((await limited.runPass()).suspended).toBe(2);
    expect((await limited.runPass()).suspended).toBe(1);
    expect((await limited.runPass()).suspended).toBe(0);
    expect((await limited.get(freeze.id))!.suspendedInstances).toBe(5);
  });

  it('refuses a second freeze of the same activity, unknown processes and activities, and activities with nothing to hold', async () => {
    const first = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'storm', durationMinutes: 30 });
    expect(await problem(service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'again', durationMinutes: 30 })))
      .toEqual({ status: 409, code: 'FREEZE_EXISTS' });
    expect(await problem(service().create(theo, { processDefinitionKey: 'no-such-process', activityId: 'validateOrder', reason: 'x', durationMinutes: 30 })))
      .toEqual({ status: 400, code: 'UNKNOWN_PROCESS' });
    expect(await problem(service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrdr', reason: 'x', durationMinutes: 30 })))
      .toEqual({ status: 400, code: 'UNKNOWN_ACTIVITY' });
    expect(await problem(service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'waitForCallback', reason: 'x', durationMinutes: 30 })))
      .toEqual({ status: 400, code: 'ACTIVITY_NOT_FREEZABLE' });
    expect((await service().list()).map((f) => f.id)).toEqual([first.id]);
  });

  it('ends a freeze by re-activating exactly what it suspended, once', async () => {
    engine.start('PI-waiting', v2, ['checkAvailability']);
    engine.start('PI-held-by-someone', v2, ['checkAvailability']);
    engine.instances.set('PI-held-by-someone', true); // suspended in Cockpit before the freeze
    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm', durationMinutes: 60 });
    clock.at = new Date(T0.getTime() + 10 * 60_000);
    engine.writes.length = 0;

    const ended = await service().end(theo, freeze.id, 'stock API is back');

    expect(ended).toMatchObject({ state: 'ENDED', endedAt: '2026-03-02T08:10:00.000Z', endedBy: 'theo.tech', suspendedInstances: 1 });
    expect(engine.writes).toEqual(['activate PI-waiting']);
    expect(engine.instances.get('PI-held-by-someone')).toBe(true);
    expect(await problem(service().end(theo, freeze.id, 'again'))).toEqual({ status: 409, code: 'FREEZE_ALREADY_ENDED' });
    expect(await problem(service().end(theo, 'FRZ-00000000-0000-0000-0000-000000000000', 'x'))).toEqual({ status: 404, code: 'FREEZE_NOT_FOUND' });
    const events = (await audit()).map((e) => [e.action, e.outcome]);
    expect(events.slice(-2)).toEqual([['FREEZE_END', 'ENDED'], ['FREEZE_RELEASE', 'RELEASED']]);
    // A later pass finds nothing more to do for it.
    expect(await service().runPass()).toMatchObject({ ended: 0, suspended: 0, released: 0 });
  });

  it('ends on schedule in a pass of a new service on the same database, as the system', async () => {
    engine.start('PI-1', v2, ['checkAvailability']);
    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'storm', durationMinutes: 5 });
    const before = await service().runPass();
    expect(before.ended).toBe(0);

    clock.at = new Date('2026-03-02T08:05:00.000Z');
    const restarted = service();
    expect(await restarted.runPass()).toMatchObject({ ended: 1, released: 2 });
    expect(await restarted.get(freeze.id)).toMatchObject({ state: 'ENDED', endedBy: 'system', endedAt: '2026-03-02T08:05:00.000Z' });
    expect(engine.jobDefinitions.every((d) => !d.suspended)).toBe(true);
    expect(await restarted.activeFreezeFor('default', 'order-orchestration', 'validateOrder')).toBeNull();
  });

  it('stores a freeze while the engine is down when the read model knows the activity, and applies it once the engine answers', async () => {
    engine.start('PI-1', v2, ['checkAvailability']);
    await db.query(
      `INSERT INTO process_instance (engine_id, id, business_key, definition_id, definition_key, state, current_activity_ids, synced_at)
       VALUES ('default','PI-1','order:PI-1',$1,'order-orchestration','ACTIVE','{checkAvailability}',$2)`,
      [v2, T0],
    );
    engine.available = false;

    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm', durationMinutes: 60 });
    expect(freeze).toMatchObject({ state: 'ACTIVE', suspendedInstances: 0, suspendedJobDefinitions: 0 });
    expect(await service().activeFreezeFor('default', 'order-orchestration', 'checkAvailability')).toMatchObject({ id: freeze.id });
    expect((await audit()).map((e) => [e.action, e.outcome])).toEqual([['FREEZE_CREATE', 'CREATED'], ['FREEZE_APPLY', 'PENDING']]);
    expect(await problem(service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'reserveInventory', reason: 'x', durationMinutes: 60 })))
      .toEqual({ status: 503, code: 'ENGINE_UNAVAILABLE' });
    expect((await service().frozenActivities('default')).map((f) => f.activityId)).toEqual(['checkAvailability']);
    expect(await service().runPass()).toMatchObject({ engineUnavailable: true, suspended: 0 });

    engine.available = true;
    expect(await service().runPass()).toMatchObject({ engineUnavailable: false, suspended: 1 });
    expect(engine.instances.get('PI-1')).toBe(true);
  });

  it('ends a freeze while the engine is down and re-activates in a later pass', async () => {
    engine.start('PI-1', v2, ['checkAvailability']);
    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm', durationMinutes: 60 });
    engine.available = false;
    const ended = await service().end(theo, freeze.id, 'over');
    expect(ended.state).toBe('ENDED');
    expect(engine.instances.get('PI-1')).toBe(true);
    engine.available = true;
    expect(await service().runPass()).toMatchObject({ released: 1 });
    expect(engine.instances.get('PI-1')).toBe(false);
  });

  it('keeps an instance suspended while another active freeze still holds it', async () => {
    // A token at each of two frozen activities (parallel branches) of one instance.
    engine.start('PI-both', v2, ['checkAvailability', 'reserveInventory']);
    const first = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'a', durationMinutes: 60 });
    const second = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'reserveInventory', reason: 'b', durationMinutes: 60 });
    expect(second.suspendedInstances).toBe(1);
    engine.writes.length = 0;

    await service().end(theo, first.id, 'a is fine');
    expect(engine.instances.get('PI-both')).toBe(true);
    expect(engine.writes).toEqual([]);
    expect((await audit()).at(-1)).toMatchObject({ action: 'FREEZE_RELEASE', outcome: 'KEPT_FOR_OTHER_FREEZE' });

    await service().end(theo, second.id, 'b is fine');
    expect(engine.writes).toEqual(['activate PI-both']);
    expect(engine.instances.get('PI-both')).toBe(false);
  });

  it('hands job definitions over from a freeze that ended while the engine was down to a new freeze of the same activity', async () => {
    const first = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'a', durationMinutes: 30 });
    engine.available = false;
    await service().end(theo, first.id, 'looked fixed');
    engine.available = true;
    engine.writes.length = 0;

    const second = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'validateOrder', reason: 'b', durationMinutes: 30 });
    expect(second.suspendedJobDefinitions).toBe(2);
    expect(await service().runPass()).toMatchObject({ released: 0 });
    expect(engine.writes).toEqual([]);
    expect(engine.jobDefinitions.every((d) => d.suspended)).toBe(true);

    await service().end(theo, second.id, 'fixed now');
    expect(engine.jobDefinitions.every((d) => !d.suspended)).toBe(true);
  });

  it('does not fight someone who re-activated a held instance outside the workbench', async () => {
    engine.start('PI-1', v2, ['checkAvailability']);
    await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm', durationMinutes: 60 });
    engine.instances.set('PI-1', false); // activated in Cockpit
    engine.writes.length = 0;
    expect(await service().runPass()).toMatchObject({ suspended: 0 });
    expect(engine.writes).toEqual([]);
  });

  it('lets an instance go that moved on between the listing and the suspension', async () => {
    engine.start('PI-racing', v2, ['checkAvailability']);
    engine.afterInstanceSuspended = (id) => {
      if (id === 'PI-racing') engine.complete('T-PI-racing-checkAvailability');
    };
    const freeze = await service().create(theo, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', reason: 'storm', durationMinutes: 60 });
    expect(freeze.suspendedInstances).toBe(0);
    expect(engine.writes).toEqual(['suspend PI-racing', 'activate PI-racing']);
    expect(engine.instances.get('PI-racing')).toBe(false);
  });
});
