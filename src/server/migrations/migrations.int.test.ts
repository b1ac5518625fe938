// Process instance migration (playbook §17) against the reference engine. A copy of the shipped order model
// under its own key (per pid, so no other file's orders are touched) as version 1, and version 2 with a changed
// step after the reservation callback. Both give Reserve inventory a per-pid topic no demo worker serves. Four
// orders wait at the callback; a fifth fails at Reserve inventory for real (this test plays the worker and
// reports the failure with no retries left), so the sync opens a real fallout case for it. The plan must list
// the four (canary first) and exclude the fifth with its case; the requester cannot approve it; a supervisor
// does; the leader's pass moves the canary, then the batches, and the engine shows all four on version 2 and
// the fifth still on version 1. A second plan, aborted after its canary, leaves the rest on version 1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod/mini';
import { migrationPlanSchema, type MigrationPlan } from '../../contracts/migrations.js';
import { REFERENCE_WORKFLOWS_DIR } from '../catalog/testing.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { eventually } from '../testing/engine-probe.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';
import { authHeader, deployResources } from '../../../workflows/deploy.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const KEY = `order-orchestration-mig-${process.pid}`;
const TOPIC = `reserve-inventory-mig-${process.pid}`;
const auth = { engineUrl, user: 'workbench', password: 'workbench-secret' };

async function engine<T>(method: string, p: string, body?: unknown): Promise<T> {
  const response = await fetch(`${engineUrl}${p}`, {
    method,
    headers: { authorization: authHeader(auth.user, auth.password), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${p} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

const shipped = readFileSync(path.join(REFERENCE_WORKFLOWS_DIR, 'order-orchestration', 'order-orchestration.bpmn'), 'utf8')
  .replaceAll('"order-orchestration"', `"${KEY}"`)
  .replaceAll('camunda:topic="reserve-inventory"', `camunda:topic="${TOPIC}"`);
const v1 = shipped;
// Version 2 changes the step after the callback (the gateway's name) and keeps every id.
const v2 = shipped.replace('name="Reservation settled"', 'name="Reservation settled (checked)"');

let run = 0;
/** Starts an order of version `definitionId` with its token placed before `activityId`. */
async function startAt(definitionId: string, activityId: string): Promise<{ id: string; orderId: string }> {
  const orderId = `ORD-MIG-${process.pid}-${++run}`;
  const started = await engine<{ id: string }>('POST', `/process-definition/${definitionId}/start`, {
    businessKey: `order:${orderId}`,
    variables: { orderId: { value: orderId, type: 'String' }, orderTotal: { value: 100, type: 'Integer' } },
    startInstructions: [{ type: 'startBeforeActivity', activityId }],
  });
  return { id: started.id, orderId };
}

const definitionOf = async (id: string) => (await engine<{ definitionId: string }>('GET', `/process-instance/${id}`)).definitionId;

describe('migration plans against the reference engine', () => {
  let bff: TestBff;
  let paula: TestLogin;
  let sara: TestLogin;
  const deploymentIds: string[] = [];
  let v1Id = '';
  let v2Id = '';
  const waiting: string[] = [];
  let failing = '';

  const api = async (login: TestLogin, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await bff.app.inject({ method, url, headers: login.headers, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>(), raw: response.body };
  };
  const plan = async (id: string): Promise<MigrationPlan> => z.parse(migrationPlanSchema, (await api(sara, 'GET', `/api/migrations/${id}`)).body);
  const planRequest = (reason: string, batchIntervalSeconds: number) => ({
    processDefinitionKey: KEY, sourceVersion: 1, targetVersion: 2, reason,
    scopeActivities: ['waitForReservationCallback', 'reserveInventory'], requiredVariables: ['orderId'], batchSize: 2, batchIntervalSeconds,
  });
  /** The leader's passes (sync with the executor) until the plan leaves RUNNING. */
  const runUntilSettled = async (id: string) => {
    for (let i = 0; i < 20; i++) {
      await bff.sync.runOnce();
      const current = await plan(id);
      if (current.state !== 'RUNNING') return current;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error('the plan did not settle');
  };

  beforeAll(async () => {
    bff = await startTestBff({ engineUrl, services });
    [paula, sara] = await Promise.all([loginAs(bff.app, 'paula.platform'), loginAs(bff.app, 'sara.supervisor')]);
    const first = await deployResources({ ...auth, deploymentName: KEY, resources: [{ name: `${KEY}.bpmn`, content: v1 }] });
    deploymentIds.push(first.deploymentId);
    v1Id = first.definitions.find((d) => d.key === KEY)!.id;
    for (let n = 0; n < 4; n++) waiting.push((await startAt(v1Id, 'waitForReservationCallback')).id);
    failing = (await startAt(v1Id, 'reserveInventory')).id;
    // Play the worker of the per-pid topic: a failure with no retries left is a real incident.
    const [task] = await engine<{ id: string }[]>('POST', '/external-task/fetchAndLock', { workerId: 'migration-test', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000 }] });
    await engine('POST', `/external-task/${task!.id}/failure`, { workerId: 'migration-test', errorMessage: 'inventory service unreachable', retries: 0, retryTimeout: 0 });
    const second = await deployResources({ ...auth, deploymentName: KEY, resources: [{ name: `${KEY}.bpmn`, content: v2 }] });
    expect(second.deployedNew).toBe(true);
    deploymentIds.push(second.deploymentId);
    v2Id = second.definitions.find((d) => d.key === KEY)!.id;
    // The sync opens the fallout case of the failed reservation from the engine's incident.
    await eventually(async () => {
      await bff.sync.runOnce();
      return (await bff.ctx.db.query("SELECT id FROM fallout_case WHERE process_instance_id = $1 AND status NOT IN ('RESOLVED','CLOSED')", [failing])).length === 1;
    }, 15_000, 'the case of the failed reservation');
  }, 60_000);

  afterAll(async () => {
    for (const id of deploymentIds.reverse()) await engine('DELETE', `/deployment/${id}?cascade=true`).catch(() => undefined);
    await bff?.close();
  });

  it('dry-runs, keeps four eyes, then moves the canary and the batches to version 2', async () => {
    const [caseRow] = await bff.ctx.db.query<{ id: string }>('SELECT id FROM fallout_case WHERE process_instance_id = $1', [failing]);
    const created = await api(paula, 'POST', '/api/migrations', planRequest('v1 waits on a reservation callback v2 settles differently', 1));
    expect(created.status, created.raw).toBe(201);
    const planned = z.parse(migrationPlanSchema, created.body);
    expect(planned).toMatchObject({ state: 'AWAITING_APPROVAL', sourceDefinitionId: v1Id, targetDefinitionId: v2Id, processName: 'Order orchestration', createdBy: 'paula.platform' });
    expect(planned.validation).toEqual({ valid: true, failures: [] });
    expect(planned.instances.map((i) => i.processInstanceId).sort()).toEqual([...waiting].sort());
    expect(planned.instances.map((i) => i.batch)).toEqual([0, 1, 1, 2]);
    expect(planned.instances.every((i) => i.state === 'PENDING' && i.activityId === 'waitForReservationCallback')).toBe(true);
    expect(planned.exclusions).toEqual([{
      processInstanceId: failing, businessKey: expect.stringMatching(/^order:ORD-MIG-/), activityId: 'reserveInventory', reason: 'OPEN_CASE',
      caseId: caseRow!.id, detail: `open fallout case ${caseRow!.id}: the instance stays where it is while the case is worked`,
    }]);
    expect(planned.totals).toEqual({ planned: 4, migrated: 0, failed: 0, skipped: 0, pending: 4, excluded: 1 });
    // The requester may start it later, but never approve it.
    expect(planned.allowedActions).toEqual([]);

    const own = await api(paula, 'POST', `/api/migrations/${planned.id}/approve`, { reason: 'looks fine to me' });
    expect(own.status, own.raw).toBe(403);
    expect(own.body.code).toBe('FOUR_EYES');
    expect((await plan(planned.id)).allowedActions).toEqual(['APPROVE', 'REJECT']);
    const approved = await api(sara, 'POST', `/api/migrations/${planned.id}/approve`, { reason: 'checked the mapping and the exclusion' });
    expect(approved.status, approved.raw).toBe(200);
    expect(approved.body).toMatchObject({ state: 'APPROVED', decidedBy: 'sara.supervisor', allowedActions: ['ABORT'] });
    const started = await api(paula, 'POST', `/api/migrations/${planned.id}/start`, { reason: 'maintenance window' });
    expect(started.status, started.raw).toBe(202);
    expect(started.body.state).toBe('RUNNING');

    const done = await runUntilSettled(planned.id);
    expect(done.state, JSON.stringify(done.events)).toBe('COMPLETED');
    expect(done.instances.map((i) => [i.state, i.problems])).toEqual(waiting.map(() => ['MIGRATED', []]));
    expect(done.totals).toEqual({ planned: 4, migrated: 4, failed: 0, skipped: 0, pending: 0, excluded: 1 });
    for (const id of waiting) expect(await definitionOf(id)).toBe(v2Id);
    expect(await definitionOf(failing)).toBe(v1Id);
    expect(done.events.map((e) => e.type)).toEqual(['CREATED', 'APPROVED', 'STARTED', 'CANARY_PASSED', 'BATCH_DONE', 'BATCH_DONE', 'COMPLETED']);

    const audit = await bff.ctx.db.query<{ actor: string; outcome: string; detail: string }>(
      "SELECT actor, outcome, detail FROM audit_event WHERE action = 'MIGRATION_PLAN' AND detail LIKE $1 ORDER BY seq",
      [`%${planned.id}%`],
    );
    expect(audit.map((a) => [a.actor, a.outcome])).toEqual([
      ['paula.platform', 'CREATED'], ['paula.platform', 'REFUSED'], ['sara.supervisor', 'APPROVED'], ['paula.platform', 'STARTED'],
      ['system', 'CANARY_PASSED'], ['system', 'BATCH_DONE'], ['system', 'BATCH_DONE'], ['system', 'COMPLETED'],
    ]);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ frozenListSize: 4, canary: done.instances[0]!.processInstanceId });
    const batchIds = audit.filter((a) => a.outcome === 'BATCH_DONE').map((a) => (JSON.parse(a.detail) as { instances: string[] }).instances);
    expect(batchIds).toEqual([done.instances.slice(1, 3).map((i) => i.processInstanceId), [done.instances[3]!.processInstanceId]]);
  });

  it('leaves the rest on version 1 when a plan is aborted after its canary', async () => {
    const more: string[] = [];
    for (let n = 0; n < 3; n++) more.push((await startAt(v1Id, 'waitForReservationCallback')).id);
    // A long interval: after the canary the first batch waits, and the abort comes first.
    const created = await api(paula, 'POST', '/api/migrations', planRequest('second wave', 3600));
    expect(created.status, created.raw).toBe(201);
    const planned = z.parse(migrationPlanSchema, created.body);
    expect(planned.instances.map((i) => i.processInstanceId).sort()).toEqual([...more].sort());
    expect((await api(sara, 'POST', `/api/migrations/${planned.id}/approve`, { reason: 'ok' })).status).toBe(200);
    expect((await api(paula, 'POST', `/api/migrations/${planned.id}/start`, { reason: 'go' })).status).toBe(202);
    await bff.sync.runOnce();
    const afterCanary = await plan(planned.id);
    expect(afterCanary.state).toBe('RUNNING');
    expect(afterCanary.instances.map((i) => i.state)).toEqual(['MIGRATED', 'PENDING', 'PENDING']);

    const aborted = await api(sara, 'POST', `/api/migrations/${planned.id}/abort`, { reason: 'callback partner asked us to wait' });
    expect(aborted.status, aborted.raw).toBe(200);
    const final = z.parse(migrationPlanSchema, aborted.body);
    expect(final.state).toBe('ABORTED');
    expect(final.instances.map((i) => i.state)).toEqual(['MIGRATED', 'SKIPPED', 'SKIPPED']);
    expect(final.instances[1]!.problems).toEqual(['not migrated: the plan was aborted by sara.supervisor']);
    await bff.sync.runOnce();
    expect(await definitionOf(final.instances[0]!.processInstanceId)).toBe(v2Id);
    for (const i of final.instances.slice(1)) expect(await definitionOf(i.processInstanceId)).toBe(v1Id);
    expect(final.events.map((e) => e.type)).toEqual(['CREATED', 'APPROVED', 'STARTED', 'CANARY_PASSED', 'ABORTED']);
  });

  it('refuses a mapping the engine cannot use, storing nothing', async () => {
    const before = (await api(sara, 'GET', '/api/migrations')).body.items as unknown[];
    const refused = await api(paula, 'POST', '/api/migrations', { ...planRequest('bad mapping', 0), activityMapping: [{ from: 'waitForReservationCallback', to: 'notifyCustomer' }] });
    expect(refused.status, refused.raw).toBe(422);
    expect(refused.body.code).toBe('MIGRATION_INVALID');
    // The failure of the explicit pair comes first; the engine's further findings (the callback's reminder timer
    // losing its event scope) follow in the details.
    // (The engine's own sentence follows the colon; its class names differ between Camunda and Operaton.)
    expect(refused.body.message).toMatch(/^The mapping cannot be used \(waitForReservationCallback\): Activities have incompatible types/);
    const failures = (refused.body.details as { failures: { activityId: string | null }[] }).failures;
    expect(failures.map((f) => f.activityId)).toContain('reservationReminder');
    expect(((await api(sara, 'GET', '/api/migrations')).body.items as unknown[]).length).toBe(before.length);
  });
});
