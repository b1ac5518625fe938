// Recovery commands against the real engine, demo services and PostgreSQL: evidence-led confirmation of an
// unknown outcome, the four-eyes unsafe retry of a money step, duplicates fired in parallel, and the outbox.
// "Exactly once" is counted where the effect lands: the engine's logs and the demo services' own counters.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommandResult } from '../../contracts/actions.js';
import type { ApprovalList } from '../../contracts/approvals.js';
import type { CaseDetail } from '../../contracts/cases.js';
import type { SearchResponse } from '../../contracts/search.js';
import type { QueueResponse } from '../../contracts/queues.js';
import { approve } from '../approvals/approvals-service.js';
import { ApiProblem } from '../api-problem.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);

let bff: TestBff;
let dropDb: () => Promise<void>;
let databaseUrl: string;
let clockOffsetMs = 0;
const clock = { now: () => new Date(Date.now() + clockOffsetMs) };
const users: Record<string, TestLogin> = {};

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDb = database.drop;
  databaseUrl = database.url;
  bff = await startTestBff({ engineUrl, databaseUrl, clock, services: { ...services }, orderStartGraceMs: 0 });
  await signInAll();
});

async function signInAll() {
  for (const id of ['olivia.ops', 'omar.ops', 'theo.tech', 'sara.supervisor', 'sid.supervisor', 'sam.support']) users[id] = await loginAs(bff.app, id);
}

afterAll(async () => {
  await bff?.close();
  await dropDb?.();
});

const getJson = async (service: string, path: string) => (await (await fetch(`${service}${path}`)).json()) as Record<string, unknown>;

async function caseOf(businessKey: string): Promise<CaseDetail> {
  const found = await eventually(async () => {
    await bff.sync.runOnce();
    const search = (await bff.app.inject({ url: `/api/search?q=${encodeURIComponent(businessKey)}`, headers: users['olivia.ops']!.headers })).json() as SearchResponse;
    return search.cases.find((c) => c.source === 'INCIDENT' || c.source === 'RECONCILE' || c.source === 'STUCK') ?? null;
  }, 30_000, `case for ${businessKey}`);
  return detail(found.id);
}

async function detail(caseId: string, as = 'olivia.ops'): Promise<CaseDetail> {
  const response = await bff.app.inject({ url: `/api/cases/${caseId}`, headers: users[as]!.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CaseDetail;
}

function act(caseId: string, slug: string, body: unknown, options: { as?: string; key?: string; version?: number }) {
  return bff.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/actions/${slug}`,
    headers: {
      ...users[options.as ?? 'olivia.ops']!.headers,
      'content-type': 'application/json',
      'idempotency-key': options.key ?? crypto.randomUUID(),
      ...(options.version !== undefined ? { 'if-match': `"${options.version}"` } : {}),
    },
    payload: JSON.stringify(body),
  });
}

function decide(approvalId: string, verdict: 'approve' | 'reject', as: string, key = crypto.randomUUID()) {
  return bff.app.inject({
    method: 'POST',
    url: `/api/approvals/${approvalId}/${verdict}`,
    headers: { ...users[as]!.headers, 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify({ reason: `${verdict} in test` }),
  });
}

describe('unknown outcome of a reservation: check the status, then confirm', () => {
  it('reconciles with inventory and moves the process on its modelled path, reserving once', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'reserve-unknown-outcome');
    let current = await caseOf(order.businessKey);
    expect(current.case).toMatchObject({ category: 'UNKNOWN_OUTCOME', activityId: 'reserveInventory' });
    expect(current.actions.offered.map((a) => a.action)).toContain('CHECK_EXTERNAL_STATUS');
    expect(current.actions.withheld.find((w) => w.action === 'RETRY_STEP')?.reason).toMatch(/check the external status/);

    // A blind retry is refused by the BFF even when the button is not shown.
    const blind = await act(current.case.id, 'retry-step', {}, { version: current.case.version });
    expect(blind.statusCode).toBe(409);
    expect(blind.json().code).toBe('ACTION_NOT_AVAILABLE');

    const check = await act(current.case.id, 'check-external-status', {}, { version: current.case.version });
    expect(check.statusCode, check.body).toBe(200);
    const checked = check.json() as CommandResult;
    expect(checked.evidence).toMatchObject({ service: 'inventory', finding: 'FOUND' });
    const reference = checked.evidence!.reference!;
    expect(reference).toMatch(/^RSV-\d{6}$/);

    current = await detail(current.case.id);
    expect(current.evidence[0]).toMatchObject({ finding: 'FOUND', reference });
    expect(current.actions.offered.find((a) => a.action === 'CONFIRM_EXTERNAL_OUTCOME')?.inputs.find((i) => i.name === 'reference')?.suggested).toBe(reference);

    const mismatch = await act(current.case.id, 'confirm-external-outcome', { reference: 'RSV-999999' }, { version: current.case.version });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().code).toBe('EVIDENCE_MISMATCH');

    // Fifty identical clicks at once: one command, one effect.
    const key = crypto.randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => act(current.case.id, 'confirm-external-outcome', { reference }, { key, version: current.case.version })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 200 || s === 409), statuses.join(',')).toBe(true);
    const done = responses.filter((r) => r.statusCode === 200).map((r) => r.json() as CommandResult);
    expect(done.length).toBeGreaterThan(0);
    expect(new Set(done.map((d) => d.commandId)).size).toBe(1);
    expect(done[0]!.outcome).toBe('DONE');

    const order$ = await getJson(services.orders, `/orders/${order.orderId}`);
    expect(order$.status).not.toBe('RESERVATION_PENDING');
    expect(Object.values(order$.recoveryCommands as Record<string, { action: string; requests: number }>)).toEqual([
      expect.objectContaining({ action: 'confirm-reservation', requests: 1 }),
    ]);
    const reservations = (await getJson(services.inventory, `/reservations?orderId=${order.orderId}`)).reservations as unknown[];
    expect(reservations).toHaveLength(1);

    const instance = await engine.orderInstance(order.businessKey);
    const history = await engine.history(instance!.id);
    expect(history.filter((a) => a.activityId === 'reservationConfirmedByOperator')).toHaveLength(1);
    expect(history.some((a) => a.activityId === 'billingHandoff')).toBe(true);

    await eventually(async () => {
      await bff.sync.runOnce();
      return (await detail(current.case.id)).case.status === 'RESOLVED';
    }, 30_000, 'case resolved after the confirmation');
  });
});

describe('unknown outcome where nothing happened: check the status, then mark failed and retry', () => {
  it('records the failure at the order service and runs the step again, reserving once', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'reserve-error');
    let current = await caseOf(order.businessKey);
    expect(current.case).toMatchObject({ category: 'UNKNOWN_OUTCOME', activityId: 'reserveInventory' });
    expect(current.actions.withheld.find((w) => w.action === 'MARK_FAILED_AND_RETRY')?.reason).toMatch(/Check the external status first/);

    const check = await act(current.case.id, 'check-external-status', {}, { version: current.case.version });
    expect((check.json() as CommandResult).evidence).toMatchObject({ service: 'inventory', finding: 'NOT_FOUND', reference: null });
    current = await detail(current.case.id);
    expect(current.actions.offered.map((a) => a.action)).toContain('MARK_FAILED_AND_RETRY');
    expect(current.actions.withheld.find((w) => w.action === 'CONFIRM_EXTERNAL_OUTCOME')?.reason).toMatch(/effect exists/);

    const marked = await act(current.case.id, 'mark-failed-and-retry', { comment: 'inventory has no reservation for the request' }, { version: current.case.version });
    expect(marked.statusCode, marked.body).toBe(200);
    expect((marked.json() as CommandResult).outcome).toBe('DONE');

    const instance = await engine.orderInstance(order.businessKey);
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'reserveInventory' && a.endTime), 30_000, 'reservation step completed');
    const reservations = (await getJson(services.inventory, `/reservations?orderId=${order.orderId}`)).reservations as unknown[];
    expect(reservations).toHaveLength(1);
    const order$ = await getJson(services.orders, `/orders/${order.orderId}`);
    expect(Object.values(order$.recoveryCommands as Record<string, { action: string; requests: number }>)).toEqual([
      expect.objectContaining({ action: 'mark-reservation-failed', requests: 1 }),
    ]);
    expect((order$.statusHistory as { status: string }[]).map((h) => h.status)).toContain('RESERVATION_FAILED');
  });
});

describe('unsafe retry of a money step: four eyes, binding, expiry', () => {
  it('runs only after another supervisor approves the exact request, and charges once', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'billing-failure');
    let current = await caseOf(order.businessKey);
    expect(current.case).toMatchObject({ category: 'OPERATIONAL_UNSAFE', frozen: true, activityId: 'billingHandoffTask' });
    expect(current.actions.withheld.find((w) => w.action === 'RETRY_STEP')?.reason).toMatch(/moves money: a retry needs supervisor approval/);
    expect((await act(current.case.id, 'retry-step', {}, { version: current.case.version })).statusCode).toBe(409);

    const request = async () => {
      const fresh = await detail(current.case.id);
      const response = await act(fresh.case.id, 'request-unsafe-retry', { reason: 'Gateway is back', evidence: 'Billing shows no charge for the key' }, { version: fresh.case.version });
      expect(response.statusCode, response.body).toBe(202);
      const result = response.json() as CommandResult;
      expect(result.outcome).toBe('AWAITING_APPROVAL');
      expect(result.case.status).toBe('AWAITING_APPROVAL');
      return result.approvalId!;
    };

    // 1. It expires after 30 minutes (the clock is moved, nothing sleeps).
    const expiring = await request();
    clockOffsetMs += 31 * 60_000;
    await signInAll(); // the sessions' idle expiry follows the same clock
    const late = await decide(expiring, 'approve', 'sara.supervisor');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('APPROVAL_EXPIRED');
    expect((await detail(current.case.id)).case.status).toBe('OPEN');

    // 2. It binds to the case version it was requested on.
    const stale = await request();
    const fresh = await detail(current.case.id);
    expect((await act(fresh.case.id, 'assign', { assignee: 'theo.tech' }, { as: 'theo.tech', version: fresh.case.version })).statusCode).toBe(200);
    const staleDecision = await decide(stale, 'approve', 'sara.supervisor');
    expect(staleDecision.statusCode).toBe(409);
    expect(staleDecision.json().code).toBe('APPROVAL_STALE');

    // 3. It binds to the exact command: a request whose stored payload changed no longer matches its hash.
    const tampered = await request();
    await bff.ctx.db.query('UPDATE approval_request SET request_body = $2 WHERE id = $1', [tampered, JSON.stringify({ comment: 'something else' })]);
    const tamperedDecision = await decide(tampered, 'approve', 'sara.supervisor');
    expect(tamperedDecision.statusCode).toBe(409);
    expect(tamperedDecision.json().code).toBe('APPROVAL_STALE');

    // 4. The approver sees what billing itself said, checked before the request (not only the requester's words).
    const beforeCheck = await detail(current.case.id);
    const check = await act(beforeCheck.case.id, 'check-external-status', {}, { version: beforeCheck.case.version });
    expect(check.statusCode, check.body).toBe(200);
    const pending = await request();
    const inbox = await bff.app.inject({ url: '/api/approvals?status=pending', headers: users['sara.supervisor']!.headers });
    expect(inbox.statusCode, inbox.body).toBe(200);
    const listed = (inbox.json() as ApprovalList).items.find((a) => a.id === pending);
    expect(listed?.statusCheck).toMatchObject({ service: 'billing', finding: 'NOT_FOUND', recordedBy: 'olivia.ops' });
    // Requests made before any check carry none.
    const all = (await bff.app.inject({ url: '/api/approvals?status=all', headers: users['sara.supervisor']!.headers })).json() as ApprovalList;
    expect(all.items.find((a) => a.id === expiring)?.statusCheck).toBeNull();

    // Nobody approves their own request, whatever roles they hold; ops cannot approve at all.
    await expect(approve(bff.ctx, { id: 'olivia.ops', roles: ['fulfillment_ops', 'supervisor'], team: 'fulfillment' }, pending, { reason: 'mine', idempotencyKey: 'k-self' }))
      .rejects.toSatisfy((e) => e instanceof ApiProblem && e.status === 403 && e.code === 'FOUR_EYES');
    expect((await decide(pending, 'approve', 'olivia.ops')).statusCode).toBe(403);
    expect((await detail(current.case.id)).pendingApproval?.id).toBe(pending);

    const chargesBefore = (await getJson(services.billing, `/charges/BILL-${order.orderId}`)).chargeCount;
    expect(chargesBefore).toBe(0);

    // 5. Another supervisor approves; fifty parallel approvals still run the retry once.
    const key = crypto.randomUUID();
    const decisions = await Promise.all(Array.from({ length: 50 }, () => decide(pending, 'approve', 'sara.supervisor', key)));
    const codes = decisions.map((d) => d.statusCode);
    expect(codes.every((c) => c === 200 || c === 409), codes.join(',')).toBe(true);
    const executed = decisions.filter((d) => d.statusCode === 200).map((d) => d.json() as CommandResult);
    expect(new Set(executed.map((e) => e.commandId)).size).toBe(1);
    expect(executed[0]!.outcome).toBe('DONE');
    expect((await decide(pending, 'approve', 'sid.supervisor')).json().code).toBe('APPROVAL_DECIDED');

    await eventually(async () => (await getJson(services.billing, `/charges/BILL-${order.orderId}`)).chargeCount === 1, 30_000, 'one charge');
    const instance = await engine.orderInstance(order.businessKey);
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'generateDocument'), 30_000, 'process past billing');
    expect((await getJson(services.billing, `/charges/BILL-${order.orderId}`)).chargeCount).toBe(1);

    const audit = await bff.ctx.db.query<{ action: string; outcome: string; actor: string }>(
      'SELECT action, outcome, actor FROM audit_event WHERE case_id = $1 ORDER BY seq',
      [current.case.id],
    );
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(expect.arrayContaining([
      'REQUEST_UNSAFE_RETRY:AWAITING_APPROVAL', 'APPROVAL_EXPIRED:EXPIRED', 'APPROVE_UNSAFE_RETRY:APPROVED', 'RETRY_STEP:DONE',
    ]));
    expect(audit.some((a) => a.action === 'APPROVE_UNSAFE_RETRY' && a.outcome === 'DENIED' && a.actor === 'olivia.ops')).toBe(true);
    current = await detail(current.case.id);
    expect(current.case.status).not.toBe('AWAITING_APPROVAL');

    // The dashboard's links land on this case: an approval that ran out, and a retry that was done.
    const queueIds = async (query: string) => {
      const response = await bff.app.inject({ url: `/api/queue?status=all&${query}`, headers: users['olivia.ops']!.headers });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as QueueResponse).items.map((c) => c.id);
    };
    expect(await queueIds('approval=breached&eventWithinMinutes=1440')).toContain(current.case.id);
    expect(await queueIds('command=RETRY_STEP&commandOutcome=done&eventWithinMinutes=1440')).toContain(current.case.id);
    expect(await queueIds('command=RETRY_STEP&commandOutcome=failed')).not.toContain(current.case.id);
  });
});

describe('duplicates and the outbox', () => {
  it('lets one of fifty different clicks retry a transient failure; the step runs once more', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'transient-availability');
    const current = await caseOf(order.businessKey);
    expect(current.case.category).toBe('TECHNICAL_TRANSIENT');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => act(current.case.id, 'retry-step', {}, { as: i % 2 ? 'olivia.ops' : 'theo.tech', version: current.case.version })),
    );
    const ok = responses.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode !== 200).every((r) => [409, 412].includes(r.statusCode))).toBe(true);

    const instance = await engine.orderInstance(order.businessKey);
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'availability checked');
    const successes = await engine.get<unknown[]>(`/history/external-task-log?processInstanceId=${instance!.id}&activityIdIn=checkAvailability&successLog=true`);
    expect(successes).toHaveLength(1);
  });

  it('records a command as pending while the engine is down and completes it once later', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'transient-availability');
    const current = await caseOf(order.businessKey);
    // A second BFF on the same database whose engine is unreachable.
    const offline = await startTestBff({ engineUrl: 'http://127.0.0.1:9/engine-rest', databaseUrl, clock, services: { ...services } });
    const login = await loginAs(offline.app, 'olivia.ops');
    const key = crypto.randomUUID();
    const send = (app = offline.app, headers = login.headers) =>
      app.inject({
        method: 'POST', url: `/api/cases/${current.case.id}/actions/retry-step`,
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key, 'if-match': `"${current.case.version}"` },
        payload: '{}',
      });
    {
      const pending = await send();
      expect(pending.statusCode, pending.body).toBe(202);
      expect((pending.json() as CommandResult).outcome).toBe('PENDING');
      const other = await offline.app.inject({
        method: 'POST', url: `/api/cases/${current.case.id}/actions/annotate`,
        headers: { ...login.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${(pending.json() as CommandResult).case.version}"` },
        payload: JSON.stringify({ note: 'while pending' }),
      });
      expect(other.statusCode).toBe(409);
      expect(other.json().code).toBe('COMMAND_PENDING');
      // The case page says the command waits, even with the engine unreachable (from the read model).
      const page = (await offline.app.inject({ url: `/api/cases/${current.case.id}`, headers: login.headers })).json() as CaseDetail;
      expect(page.liveError).not.toBeNull();
      expect(page.pendingCommand).toMatchObject({ action: 'RETRY_STEP', state: 'PENDING', requestedBy: 'olivia.ops' });
      await offline.close();
    }
    await bff.sync.runOnce();
    const instance = await engine.orderInstance(order.businessKey);
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'retried once the engine answered');
    await bff.sync.runOnce();
    const replay = await send(bff.app, users['olivia.ops']!.headers);
    expect(replay.statusCode).toBe(200);
    expect((replay.json() as CommandResult).outcome).toBe('DONE');
    expect((await detail(current.case.id)).pendingCommand).toBeNull();
    const successes = await engine.get<unknown[]>(`/history/external-task-log?processInstanceId=${instance!.id}&activityIdIn=checkAvailability&successLog=true`);
    expect(successes).toHaveLength(1);
  });
});
