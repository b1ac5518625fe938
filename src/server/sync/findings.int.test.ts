// Cases without an incident (stuck tokens, domain/workflow contradictions, lost starts), the evidence the
// reconcile keeps on an order's timeline, bookkeeping actions, bulk retry, and a domain service that is down.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BulkRetryResponse, CommandResult } from '../../contracts/actions.js';
import type { CaseDetail, CaseSummary } from '../../contracts/cases.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually, ordersOf } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const manifest = inject('manifest');
const engine = engineReader(engineUrl);

let bff: TestBff;
let dropDb: () => Promise<void>;
let databaseUrl: string;
let clockOffsetMs = 0;
const clock = { now: () => new Date(Date.now() + clockOffsetMs) };
let olivia: TestLogin;
let theo: TestLogin;

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDb = database.drop;
  databaseUrl = database.url;
  bff = await startTestBff({ engineUrl, databaseUrl, clock, services: { ...services }, orderStartGraceMs: 0 });
  await setClock(0);
});

/** Moves the BFF's clock; sessions follow the same clock, so the test users sign in again. */
async function setClock(offsetMs: number) {
  clockOffsetMs = offsetMs;
  olivia = await loginAs(bff.app, 'olivia.ops');
  theo = await loginAs(bff.app, 'theo.tech');
}

afterAll(async () => {
  await bff?.close();
  await dropDb?.();
});

const cases = async (): Promise<CaseSummary[]> =>
  (await bff.app.inject({ url: '/api/cases?status=all&limit=500', headers: olivia.headers })).json().items as CaseSummary[];
const detail = async (caseId: string): Promise<CaseDetail> => (await bff.app.inject({ url: `/api/cases/${caseId}`, headers: olivia.headers })).json() as CaseDetail;
const act = (caseId: string, slug: string, body: unknown, version: number, login = olivia, app = bff.app) =>
  app.inject({
    method: 'POST', url: `/api/cases/${caseId}/actions/${slug}`,
    headers: { ...login.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${version}"` },
    payload: JSON.stringify(body),
  });

async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, await response.clone().text()).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
}

describe('cases without an incident', () => {
  it('opens a stuck case only once a token waits past its stage budget', async () => {
    const stuck = ordersOf(manifest, 'stuck-at-callback')[0]!;
    await setClock(-60 * 60_000); // an hour earlier: nothing has waited long enough yet
    await bff.sync.runOnce();
    expect((await cases()).filter((c) => c.source === 'STUCK' && c.businessKey === stuck.businessKey)).toHaveLength(0);

    await setClock(10 * 60_000);
    await bff.sync.runOnce();
    await bff.sync.runOnce(); // a second pass finds the same token: still one case, same version
    const found = (await cases()).filter((c) => c.source === 'STUCK' && c.businessKey === stuck.businessKey);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ activityId: 'waitForReservationCallback', category: 'UNKNOWN_OUTCOME', severity: 'HIGH', runbookId: 'stuck-waiting-for-reservation-callback', version: 1 });
    const page = await detail(found[0]!.id);
    expect(page.runbook?.id).toBe('stuck-waiting-for-reservation-callback');
    expect(page.actions.offered.map((a) => a.action)).toEqual(expect.arrayContaining(['ESCALATE', 'ASSIGN', 'ANNOTATE']));
    // A failing step is its incident case, not also a stuck one.
    expect((await cases()).filter((c) => c.source === 'STUCK' && ['checkAvailability', 'reserveInventory', 'billingHandoffTask'].includes(c.activityId ?? ''))).toHaveLength(0);
    await setClock(0);
  });

  it('finds an order cancelled in the order service whose workflow still runs (data corruption)', async () => {
    const cancelled = ordersOf(manifest, 'cancelled-while-waiting')[0]!;
    await bff.sync.runOnce();
    const found = (await cases()).filter((c) => c.source === 'RECONCILE' && c.businessKey === cancelled.businessKey);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ category: 'DATA_CORRUPTION', runbookId: 'cancelled-order-still-running' });
    expect(found[0]!.errorMessage).toMatch(/is cancelled, but its workflow is still running/);
  });

  it('finds an order submitted without a workflow and starts it through the order service, once', async () => {
    const orderId = `ORD-N${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-TEST', orderTotal: 10, startWorkflow: false });
    await bff.sync.runOnce(); // mirrors processes first, so the reconcile sees there is none
    await bff.sync.runOnce();
    const found = (await cases()).find((c) => c.businessKey === `order:${orderId}`);
    expect(found).toMatchObject({ source: 'RECONCILE', category: 'TECHNICAL_PERSISTENT', processInstanceId: null, runbookId: 'order-workflow-not-started' });
    const page = await detail(found!.id);
    expect(page.diagram).toBeNull();
    expect(page.actions.offered.map((a) => a.action)).toContain('START_MISSING_WORKFLOW');

    const started = await act(found!.id, 'start-missing-workflow', {}, found!.version);
    expect(started.statusCode, started.body).toBe(200);
    expect((started.json() as CommandResult).case.status).toBe('RESOLVED');
    expect(await engine.processInstances(`order:${orderId}`)).toHaveLength(1);
    const order = await (await fetch(`${services.orders}/orders/${orderId}`)).json() as { workflowCorrelation: { status: string; startAttempts: number } };
    expect(order.workflowCorrelation).toMatchObject({ status: 'STARTED', startAttempts: 1 });
    await bff.sync.runOnce();
    expect((await detail(found!.id)).case.status).toBe('RESOLVED');
  });

  it('keeps a duplicate callback the engine refused as evidence on the order, not as a case', async () => {
    const duplicate = ordersOf(manifest, 'duplicate-callback')[0]!;
    await bff.sync.runOnce();
    const events = await bff.ctx.db.query<{ kind: string; summary: string }>('SELECT kind, summary FROM domain_event WHERE entity_id = $1', [duplicate.orderId]);
    expect(events).toEqual([expect.objectContaining({ kind: 'DUPLICATE_CALLBACK_REJECTED', summary: expect.stringMatching(/refused it/) })]);
    expect((await cases()).filter((c) => c.businessKey === duplicate.businessKey)).toHaveLength(0);
  });
});

describe('bookkeeping actions', () => {
  it('assigns, annotates (also on the engine incident) and escalates to a known team', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'transient-availability');
    await bff.sync.runOnce();
    let current = (await cases()).find((c) => c.businessKey === order.businessKey)!;

    const assigned = await act(current.id, 'assign', { assignee: 'olivia.ops' }, current.version);
    expect(assigned.statusCode, assigned.body).toBe(200);
    current = (assigned.json() as CommandResult).case;
    expect(current).toMatchObject({ assignee: 'olivia.ops', status: 'IN_PROGRESS' });

    const noted = await act(current.id, 'annotate', { note: 'Stock service restarted at 02:10' }, current.version);
    expect(noted.statusCode, noted.body).toBe(200);
    const [incident] = await engine.get<{ annotation: string | null }[]>(`/incident?incidentId=${order.incidentId}`);
    expect(incident!.annotation).toBe('olivia.ops: Stock service restarted at 02:10');

    const unknownTeam = await act(current.id, 'escalate', { team: 'nobody', reason: 'x' }, current.version);
    expect(unknownTeam.statusCode).toBe(400);
    expect(unknownTeam.json().code).toBe('UNKNOWN_TEAM');
    const escalated = await act(current.id, 'escalate', { team: 'platform', reason: 'Stock service keeps dropping connections' }, current.version);
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect((escalated.json() as CommandResult).case).toMatchObject({ status: 'ESCALATED', team: 'platform', assignee: null });

    const stale = await act(current.id, 'annotate', { note: 'late' }, current.version);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().details.case.status).toBe('ESCALATED');

    const timeline = (await detail(current.id)).timeline.map((t) => t.action);
    expect(timeline).toEqual(expect.arrayContaining(['ASSIGN', 'ANNOTATE', 'ESCALATE']));
  });

  it('refuses bad input with a specific code and changes nothing', async () => {
    const [any] = (await cases()).filter((c) => c.status === 'OPEN');
    const before = await detail(any!.id);
    const noKey = await bff.app.inject({ method: 'POST', url: `/api/cases/${any!.id}/actions/annotate`, headers: { ...olivia.headers, 'content-type': 'application/json', 'if-match': `"${before.case.version}"` }, payload: '{"note":"x"}' });
    expect(noKey.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const noVersion = await bff.app.inject({ method: 'POST', url: `/api/cases/${any!.id}/actions/annotate`, headers: { ...olivia.headers, 'content-type': 'application/json', 'idempotency-key': 'k1' }, payload: '{"note":"x"}' });
    expect(noVersion.statusCode).toBe(428);
    expect((await act(any!.id, 'annotate', { note: '' }, before.case.version)).json().code).toBe('INVALID_BODY');
    expect((await act(any!.id, 'annotate', { note: 'x', extra: 1 }, before.case.version)).json().code).toBe('INVALID_BODY');
    expect((await act(any!.id, 'no-such-action', {}, before.case.version)).json().code).toBe('UNKNOWN_ACTION');
    expect((await detail(any!.id)).case.version).toBe(before.case.version);
  });
});

describe('bulk retry of a storm at one activity', () => {
  it('shows the exact scope in a dry run, then retries only the reviewed cases, each once', async () => {
    const orders = [
      await submitFailingOrder(engineUrl, services, 'transient-availability'),
      await submitFailingOrder(engineUrl, services, 'transient-availability'),
    ];
    await bff.sync.runOnce();
    const bulk = (body: unknown, login = theo) =>
      bff.app.inject({ method: 'POST', url: '/api/bulk/retry-step', headers: { ...login.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, payload: JSON.stringify(body) });

    expect((await bulk({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: true }, olivia)).statusCode).toBe(403);
    const dry = await bulk({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: true, cap: 100 });
    expect(dry.statusCode, dry.body).toBe(200);
    const plan = dry.json() as BulkRetryResponse;
    const ours = plan.scope.filter((s) => orders.some((o) => o.businessKey === s.businessKey));
    expect(ours).toHaveLength(2);
    expect(plan.results).toEqual([]);
    expect((await bulk({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: false })).json().code).toBe('SCOPE_REQUIRED');

    const run = await bulk({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: false, caseIds: ours.map((o) => o.caseId) });
    expect(run.statusCode, run.body).toBe(200);
    expect((run.json() as BulkRetryResponse).results.map((r) => r.outcome)).toEqual(['DONE', 'DONE']);
    for (const order of orders) {
      const instance = await engine.orderInstance(order.businessKey);
      await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'retried');
      expect(await engine.get<unknown[]>(`/history/external-task-log?processInstanceId=${instance!.id}&activityIdIn=checkAvailability&successLog=true`)).toHaveLength(1);
    }
  });
});

describe('a domain service that is down', () => {
  it('answers 202 with the command pending, and completes it exactly once when the service is back', async () => {
    const orderId = `ORD-P${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-TEST', orderTotal: 10, startWorkflow: false });
    await bff.sync.runOnce();
    await bff.sync.runOnce();
    const found = (await cases()).find((c) => c.businessKey === `order:${orderId}`)!;
    // The same database, but this BFF's order service address answers nothing.
    const cutOff = await startTestBff({ engineUrl, databaseUrl, clock, services: { ...services, orders: 'http://127.0.0.1:9' } });
    const login = await loginAs(cutOff.app, 'olivia.ops');
    const pending = await act(found.id, 'start-missing-workflow', {}, found.version, login, cutOff.app);
    expect(pending.statusCode, pending.body).toBe(202);
    expect((pending.json() as CommandResult).outcome).toBe('PENDING');
    expect(await engine.processInstances(`order:${orderId}`)).toHaveLength(0);
    await cutOff.close();

    // Order processes started for the order, running or ended. Not every instance with its business key: the
    // billing process it calls inherits the key, and a fast worker may reach that call before the last check.
    const started = () => engine.get<unknown[]>(`/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(`order:${orderId}`)}&processDefinitionKey=order-orchestration`);
    await bff.sync.runOnce(); // the outbox completes it through the reachable service
    await eventually(async () => (await started()).length === 1, 15_000, 'workflow started');
    await bff.sync.runOnce();
    const order = await (await fetch(`${services.orders}/orders/${orderId}`)).json() as { workflowCorrelation: { startAttempts: number } };
    expect(order.workflowCorrelation.startAttempts).toBe(1);
    expect(await started()).toHaveLength(1);
    expect((await detail(found.id)).case.status).toBe('RESOLVED');
  });
});
