// Migration plans through HTTP (playbook §17): reads for platform owners, supervisors and auditors; creation
// refused with 503 and nothing stored while the engine is down; four eyes, start and abort with their codes.
// In-memory PGlite; the BFF's engine URL points at a closed port, and the plan under test is made by the same
// planner over an in-memory engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { migrationPlanListSchema, migrationPlanSchema } from '../../contracts/migrations.js';
import { FakeMigrationEngine } from '../migrations/fake-migration-engine.js';
import { MigrationService } from '../migrations/migration-service.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let bff: TestBff;
let paula: TestLogin;
let sara: TestLogin;
let aud: TestLogin;
let planId: string;

const createBody = {
  processDefinitionKey: 'order-orchestration', sourceVersion: 1, targetVersion: 2, reason: 'old version calls a removed topic',
  scopeActivities: ['waitForReservationCallback'], batchSize: 2, batchIntervalSeconds: 0,
};

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
  [paula, sara, aud] = await Promise.all([loginAs(bff.app, 'paula.platform'), loginAs(bff.app, 'sara.supervisor'), loginAs(bff.app, 'aud.auditor')]);
  const engine = new FakeMigrationEngine();
  const v1 = engine.addDefinition('order-orchestration', 1, ['waitForReservationCallback']);
  engine.addDefinition('order-orchestration', 2, ['waitForReservationCallback']);
  for (const n of [1, 2, 3]) engine.addInstance({ id: `pi-${n}`, definitionId: v1, businessKey: `order:ORD-${n}`, activityId: 'waitForReservationCallback', variables: {} });
  const planner = new MigrationService({ db: bff.ctx.db, engine, domain: { has: () => false, get: async () => ({ status: 404, body: null }) }, engineId: 'default', clock: bff.ctx.clock });
  planId = (await planner.create({ id: 'paula.platform', roles: ['support', 'platform_owner'], team: 'platform' }, createBody)).id;
}, 60_000);
afterAll(() => bff?.close());

function send(login: TestLogin, method: 'GET' | 'POST', url: string, body?: unknown) {
  return bff.app.inject({ method, url, headers: login.headers, ...(body !== undefined ? { payload: body as object } : {}) });
}
const get = async (login: TestLogin) => z.parse(migrationPlanSchema, (await send(login, 'GET', `/api/migrations/${planId}`)).json());

describe('migration plan routes', () => {
  it('lists plans and shows each caller what they may do', async () => {
    const list = await send(aud, 'GET', '/api/migrations');
    expect(list.statusCode, list.body).toBe(200);
    expect(z.parse(migrationPlanListSchema, list.json()).items).toEqual([expect.objectContaining({
      id: planId, state: 'AWAITING_APPROVAL', createdBy: 'paula.platform', totals: { planned: 3, migrated: 0, failed: 0, skipped: 0, pending: 3, excluded: 0 },
    })]);
    expect((await get(aud)).allowedActions).toEqual([]);
    expect((await get(paula)).allowedActions).toEqual([]);
    expect((await get(sara)).allowedActions).toEqual(['APPROVE', 'REJECT']);
  });

  it('answers 404 for an unknown or malformed plan id', async () => {
    for (const id of ['MIG-00000000-0000-0000-0000-000000000000', 'nope']) {
      const response = await send(sara, 'GET', `/api/migrations/${id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'MIGRATION_NOT_FOUND' });
    }
  });

  it('refuses creation with 503 while the engine is down, and a bad body or engine with 4xx; nothing is stored', async () => {
    const down = await send(paula, 'POST', '/api/migrations', createBody);
    expect(down.statusCode, down.body).toBe(503);
    expect(down.json()).toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
    const bad = await send(paula, 'POST', '/api/migrations', { ...createBody, batchSize: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_BODY', details: { issues: [expect.objectContaining({ path: 'batchSize' })] } });
    const elsewhere = await send(paula, 'POST', '/api/migrations', { ...createBody, engineId: 'south' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json()).toMatchObject({ code: 'ENGINE_NOT_CONFIGURED' });
    expect(z.parse(migrationPlanListSchema, (await send(sara, 'GET', '/api/migrations')).json()).items).toHaveLength(1);
  });

  it('keeps four eyes, starts only approved plans, and aborts leaving the rest untouched', async () => {
    const own = await send(paula, 'POST', `/api/migrations/${planId}/approve`, { reason: 'mine' });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'FOUR_EYES' });
    const [refusal] = await bff.ctx.db.query<{ actor: string; outcome: string; detail: string }>(
      "SELECT actor, outcome, detail FROM audit_event WHERE action = 'MIGRATION_PLAN' AND outcome = 'REFUSED'",
    );
    expect(refusal).toMatchObject({ actor: 'paula.platform' });
    expect(JSON.parse(refusal!.detail)).toMatchObject({ planId, attempted: 'APPROVE', code: 'FOUR_EYES' });

    const early = await send(paula, 'POST', `/api/migrations/${planId}/start`, { reason: 'go' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'MIGRATION_NOT_APPROVED' });
    // Other refusals are audited like every refusal, naming the plan.
    const [startRefusal] = await bff.ctx.db.query<{ action: string; detail: string }>(
      "SELECT action, detail FROM audit_event WHERE outcome = 'REFUSED' AND action LIKE 'POST /api/migrations/%' ORDER BY seq DESC LIMIT 1",
    );
    expect(startRefusal!.action).toBe('POST /api/migrations/:planId/start');
    expect(JSON.parse(startRefusal!.detail)).toMatchObject({ code: 'MIGRATION_NOT_APPROVED', planId, status: 409 });
    expect((await send(sara, 'POST', `/api/migrations/${planId}/approve`, {})).statusCode).toBe(400);
    const approved = await send(sara, 'POST', `/api/migrations/${planId}/approve`, { reason: 'mapping checked' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'APPROVED', decidedBy: 'sara.supervisor', decisionReason: 'mapping checked', allowedActions: ['ABORT'] });
    const again = await send(sara, 'POST', `/api/migrations/${planId}/reject`, { reason: 'changed my mind' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'MIGRATION_DECIDED' });

    const started = await send(paula, 'POST', `/api/migrations/${planId}/start`, { reason: 'window open' });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ state: 'RUNNING', allowedActions: ['ABORT'] });
    const aborted = await send(sara, 'POST', `/api/migrations/${planId}/abort`, { reason: 'partner asked to wait' });
    expect(aborted.statusCode, aborted.body).toBe(200);
    const plan = z.parse(migrationPlanSchema, aborted.json());
    expect(plan.state).toBe('ABORTED');
    expect(plan.instances.map((i) => [i.state, i.problems])).toEqual([1, 2, 3].map(() => ['SKIPPED', ['not migrated: the plan was aborted by sara.supervisor']]));
    expect(plan.events.map((e) => e.type)).toEqual(['CREATED', 'APPROVED', 'STARTED', 'ABORTED']);
    const twice = await send(paula, 'POST', `/api/migrations/${planId}/abort`, { reason: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'MIGRATION_NOT_ABORTABLE' });
  });

  it('answers a 4xx (or 503: the engine is down) for hostile values in any field of a complete plan, never a 500', async () => {
    const hostile: unknown[] = ['\u0000', "' OR 1=1 --", '\ud800', 'x'.repeat(5_000), -1, 1e20, 1.5, null, [], [''], ['a\u0007'], [{ from: '', to: 'x' }], {}];
    const answers = new Set<string>();
    for (const field of [...Object.keys(createBody), 'activityMapping', 'requiredVariables', 'allowedOrderStates', 'engineId']) {
      for (const value of hostile) {
        const response = await send(paula, 'POST', '/api/migrations', { ...createBody, [field]: value });
        const { code } = response.json<{ code: string }>();
        answers.add(`${response.statusCode} ${code}`);
        const what = `${field}=${JSON.stringify(value)?.slice(0, 40)}: ${response.body.slice(0, 200)}`;
        // Some values are well-formed and reach the engine: their 503 is the engine's (down here), not the input's.
        expect(response.statusCode < 500 || code === 'ENGINE_UNAVAILABLE', what).toBe(true);
      }
    }
    expect([...answers].sort()).toEqual(['400 INVALID_BODY', '503 ENGINE_UNAVAILABLE']);
  });
});
