// The planner and its executor on PGlite with an in-memory engine and order service: the dry run's exclusions
// (order states from the owning order service included, which the reference engine's demo orders cannot
// exercise), pacing, halts on a refusal or a failed post-check, crash safety, and changes since the dry run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreateMigrationPlanRequest } from '../../contracts/migrations.js';
import { ApiProblem } from '../api-problem.js';
import { DomainUnavailableError } from '../domain/domain-services.js';
import { EngineUnavailableError } from '../engine/errors.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { openTestPglite } from '../testing/pglite-template.js';
import { FakeMigrationEngine } from './fake-migration-engine.js';
import type { MigrationActor } from './migration-deps.js';
import { MigrationService } from './migration-service.js';

const paula: MigrationActor = { id: 'paula.platform', roles: ['support', 'platform_owner'], team: 'platform' };
const sara: MigrationActor = { id: 'sara.supervisor', roles: ['support', 'supervisor'], team: 'fulfillment' };
const KEY = 'order-orchestration';
const ACTIVITIES = ['reserveInventory', 'waitForReservationCallback', 'reservationSettled'];

describe('migration plans (PGlite, fake engine and order service)', () => {
  let db: Db;
  let engine: FakeMigrationEngine;
  let clock: { at: Date; now(): Date };
  let orderStates: Record<string, string | 'DOWN'>;
  let service: MigrationService;
  let v1: string;
  let v2: string;

  const domain = {
    has: (name: string) => name === 'orders',
    get: async (_service: string, path: string) => {
      const id = decodeURIComponent(path.replace('/orders/', ''));
      const state = orderStates[id];
      if (state === 'DOWN') throw new DomainUnavailableError('orders', 'The orders service is not reachable (ECONNREFUSED).');
      return state ? { status: 200, body: { id, status: state } } : { status: 404, body: null };
    },
  };
  const request = (over: Partial<CreateMigrationPlanRequest> = {}): Omit<CreateMigrationPlanRequest, 'engineId'> => ({
    processDefinitionKey: KEY, sourceVersion: 1, targetVersion: 2, reason: 'removed inventory topic',
    scopeActivities: ['waitForReservationCallback', 'reserveInventory'], requiredVariables: ['orderId'],
    allowedOrderStates: ['RESERVATION_PENDING', 'RESERVATION_REQUESTED'], batchSize: 2, batchIntervalSeconds: 60, ...over,
  });
  const order = (n: number, activityId = 'waitForReservationCallback', variables: Record<string, unknown> = { orderId: `ORD-${n}` }) =>
    engine.addInstance({ id: `pi-${n}`, definitionId: v1, businessKey: `order:ORD-${n}`, activityId, variables });
  const approvedAndStarted = async (over: Partial<CreateMigrationPlanRequest> = {}) => {
    const plan = await service.create(paula, request(over));
    await service.approve(plan.id, sara, 'ok');
    await service.start(plan.id, paula, 'go');
    return plan.id;
  };
  const audit = async (planId: string) =>
    (await db.query<{ actor: string; outcome: string }>("SELECT actor, outcome FROM audit_event WHERE action = 'MIGRATION_PLAN' AND detail LIKE $1 ORDER BY seq", [`%${planId}%`]))
      .map((r) => `${r.actor} ${r.outcome}`);

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db);
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    await db.query('DELETE FROM migration_plan_event');
    await db.query('DELETE FROM migration_plan_instance');
    await db.query('DELETE FROM migration_plan_exclusion');
    await db.query('DELETE FROM migration_plan');
    engine = new FakeMigrationEngine();
    v1 = engine.addDefinition(KEY, 1, ACTIVITIES);
    v2 = engine.addDefinition(KEY, 2, ACTIVITIES);
    clock = { at: new Date('2026-03-02T08:00:00.000Z'), now() { return this.at; } };
    orderStates = {};
    service = new MigrationService({ db, engine, domain, engineId: 'default', clock });
  });

  it('excludes missing variables, orders in other states and orders it cannot read; the rest is frozen canary first', async () => {
    order(1);
    order(2, 'waitForReservationCallback', {});
    order(3);
    order(4, 'reserveInventory');
    order(5);
    order(6, 'reservationSettled'); // not in scope: never listed
    Object.assign(orderStates, { 'ORD-1': 'RESERVATION_PENDING', 'ORD-3': 'COMPLETED', 'ORD-4': 'RESERVATION_REQUESTED', 'ORD-5': 'DOWN' });
    const plan = await service.create(paula, request());
    expect(plan.instances.map((i) => [i.processInstanceId, i.activityId, i.batch])).toEqual([
      ['pi-1', 'waitForReservationCallback', 0],
      ['pi-4', 'reserveInventory', 1],
    ]);
    expect(plan.exclusions.map((e) => [e.processInstanceId, e.reason, e.detail])).toEqual([
      ['pi-2', 'MISSING_VARIABLE', 'required variable orderId not set'],
      ['pi-3', 'DOMAIN_STATE', 'order ORD-3 is COMPLETED, not one of RESERVATION_PENDING, RESERVATION_REQUESTED'],
      ['pi-5', 'DOMAIN_UNAVAILABLE', 'the order service is not available: The orders service is not reachable (ECONNREFUSED).'],
    ]);
    expect(plan.totals).toEqual({ planned: 2, migrated: 0, failed: 0, skipped: 0, pending: 2, excluded: 3 });
    expect(plan.events.map((e) => [e.type, e.detail])).toEqual([['CREATED', 'Planned 2 instances (canary and 1 batch of up to 2), 3 excluded.']]);
  });

  it('refuses a mapping the engine reports, a scope it cannot map and an empty scope, storing nothing', async () => {
    order(1);
    orderStates['ORD-1'] = 'RESERVATION_PENDING';
    engine.invalid.set('waitForReservationCallback', 'Cannot migrate a receive task to a user task');
    await expect(service.create(paula, request())).rejects.toMatchObject({
      status: 422, code: 'MIGRATION_INVALID', message: 'The mapping cannot be used (waitForReservationCallback): Cannot migrate a receive task to a user task',
    });
    engine.invalid.clear();
    await expect(service.create(paula, request({ scopeActivities: ['checkAvailability'] }))).rejects.toMatchObject({ status: 422, code: 'MIGRATION_INVALID' });
    await expect(service.create(paula, request({ scopeActivities: ['reserveInventory'] }))).rejects.toMatchObject({
      status: 422, message: 'No running instance of version 1 waits at reserveInventory; nothing would move.',
    });
    await expect(service.create(paula, request({ targetVersion: 3 }))).rejects.toMatchObject({ status: 422, message: 'order-orchestration has no version 3 in this engine.' });
    expect(await service.list()).toEqual([]);
  });

  it('runs the canary, then paced batches, to completion', async () => {
    for (const n of [1, 2, 3, 4]) {
      order(n);
      orderStates[`ORD-${n}`] = 'RESERVATION_PENDING';
    }
    const id = await approvedAndStarted();
    await service.runPass();
    expect(engine.executed).toEqual([['pi-1']]);
    // The first batch waits for its interval.
    await service.runPass();
    expect(engine.executed).toHaveLength(1);
    clock.at = new Date(clock.at.getTime() + 60_000);
    await service.runPass();
    expect(engine.executed).toEqual([['pi-1'], ['pi-2'], ['pi-3']]);
    clock.at = new Date(clock.at.getTime() + 60_000);
    await service.runPass();
    const plan = (await service.get(id, paula))!;
    expect(plan.state).toBe('COMPLETED');
    expect([...engine.instances.values()].every((i) => i.definitionId === v2)).toBe(true);
    expect(await audit(id)).toEqual([
      'paula.platform CREATED', 'sara.supervisor APPROVED', 'paula.platform STARTED', 'system CANARY_PASSED', 'system BATCH_DONE', 'system BATCH_DONE', 'system COMPLETED',
    ]);
  });

  it('halts on a failed post-check and migrates nothing more', async () => {
    for (const n of [1, 2, 3]) {
      order(n);
      orderStates[`ORD-${n}`] = 'RESERVATION_PENDING';
    }
    // The canary's order changes state as it moves, and an incident appears at its old activity.
    engine.afterMove = (instance) => {
      orderStates['ORD-1'] = 'CANCELLED';
      instance.incidents.push({ id: 'inc-1', activityId: 'waitForReservationCallback', message: 'Unknown property used in expression' });
    };
    const id = await approvedAndStarted();
    await service.runPass();
    clock.at = new Date(clock.at.getTime() + 3_600_000);
    await service.runPass();
    const plan = (await service.get(id, paula))!;
    expect(plan.state).toBe('HALTED');
    expect(engine.executed).toEqual([['pi-1']]);
    expect(plan.instances.map((i) => [i.state, i.problems])).toEqual([
      ['FAILED', [
        'post-check failed: open incident at waitForReservationCallback: Unknown property used in expression',
        'post-check failed: order ORD-1 is now CANCELLED, not one of RESERVATION_PENDING, RESERVATION_REQUESTED',
      ]],
      ['SKIPPED', ['not migrated: the plan halted at the canary']],
      ['SKIPPED', ['not migrated: the plan halted at the canary']],
    ]);
    expect(plan.allowedActions).toEqual(['ABORT']);
    expect(plan.events.at(-1)!.detail).toMatch(/^Halted at the canary: pi-1 \(the canary\): post-check failed: open incident/);
  });

  it('halts when the engine refuses an instance', async () => {
    for (const n of [1, 2, 3]) {
      order(n);
      orderStates[`ORD-${n}`] = 'RESERVATION_PENDING';
    }
    engine.refuse.set('pi-2', 'ActivityInstance is not migrated: no instruction');
    const id = await approvedAndStarted({ batchIntervalSeconds: 0 });
    await service.runPass();
    await service.runPass();
    const plan = (await service.get(id, paula))!;
    expect(plan.state).toBe('HALTED');
    expect(plan.instances.map((i) => i.state)).toEqual(['MIGRATED', 'FAILED', 'SKIPPED']);
    expect(plan.instances[1]!.problems).toEqual(['the engine refused to migrate it: ActivityInstance is not migrated: no instruction']);
    expect(engine.instances.get('pi-3')!.definitionId).toBe(v1);
  });

  it('never sends an instance twice when the answer was lost after the engine migrated it', async () => {
    order(1);
    orderStates['ORD-1'] = 'RESERVATION_PENDING';
    engine.afterMove = () => {
      throw new EngineUnavailableError('The engine is not reachable (ECONNRESET).');
    };
    const id = await approvedAndStarted();
    expect(await service.runPass()).toMatchObject({ engineUnavailable: true });
    expect((await service.get(id, paula))!.instances[0]!.state).toBe('PENDING');
    engine.afterMove = () => undefined;
    await service.runPass();
    expect(engine.executed).toEqual([['pi-1']]);
    expect((await service.get(id, paula))!).toMatchObject({ state: 'COMPLETED', totals: { migrated: 1 } });
  });

  it('skips an instance that moved on since the dry run and takes the next one as the canary', async () => {
    for (const n of [1, 2, 3]) {
      order(n);
      orderStates[`ORD-${n}`] = 'RESERVATION_PENDING';
    }
    const id = await approvedAndStarted();
    engine.instances.get('pi-1')!.activityId = 'reservationSettled';
    await service.runPass();
    const plan = (await service.get(id, paula))!;
    expect(plan.instances.map((i) => i.state)).toEqual(['SKIPPED', 'MIGRATED', 'PENDING']);
    expect(plan.instances[0]!.problems).toEqual(['moved on since the dry run: no longer waiting at waitForReservationCallback or reserveInventory on version 1']);
    expect(plan.events.at(-1)).toMatchObject({ type: 'CANARY_PASSED', detail: 'Canary pi-2 migrated and passed its post-checks (1 skipped before it: changed since the dry run).' });
  });

  it('refuses the requester\'s own approval with FOUR_EYES and audits it', async () => {
    order(1);
    orderStates['ORD-1'] = 'RESERVATION_PENDING';
    const plan = await service.create(paula, request());
    const refusal = await service.approve(plan.id, paula, 'mine').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApiProblem);
    expect(refusal).toMatchObject({ status: 403, code: 'FOUR_EYES', audited: true });
    expect(await audit(plan.id)).toEqual(['paula.platform CREATED', 'paula.platform REFUSED']);
    expect((await service.get(plan.id, paula))!.state).toBe('AWAITING_APPROVAL');
    await expect(service.start(plan.id, paula, 'too early')).rejects.toMatchObject({ status: 409, code: 'MIGRATION_NOT_APPROVED' });
    await service.reject(plan.id, sara, 'not in this window');
    expect((await service.get(plan.id, sara))!).toMatchObject({ state: 'REJECTED', decidedBy: 'sara.supervisor', decisionReason: 'not in this window', allowedActions: [] });
  });
});
