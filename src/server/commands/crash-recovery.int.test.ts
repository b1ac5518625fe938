// A BFF killed in the middle of a command must not lock the case. A real child BFF (src/server/main.ts) with
// FW_CRASH_AT=<point> and a 2 s lease takes the command and dies by SIGKILL at that point, three times at
// every point; the test's own BFF is the surviving replica whose sync finishes the command once the lease
// has run out. Exactly once is counted where the effects land: the order service's recovery commands and
// status history, inventory's reservations, billing's charges, the engine's operation log (retries set by
// the workbench) and its external-task log. The approved unsafe retry, left RUNNING the same way, too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Approval, ApprovalList } from '../../contracts/approvals.js';
import type { CommandResult } from '../../contracts/actions.js';
import type { CaseDetail } from '../../contracts/cases.js';
import type { SearchResponse } from '../../contracts/search.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startChildBff, type ChildBff } from '../testing/child-bff.js';
import { submitFailingOrder, type FailureKind } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';
import { CRASH_MARKER, CRASH_POINTS, type CrashPoint } from './crash-points.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);

const LEASE_MS = 2000;
const KILLS_PER_POINT = 3;
/** From the kill to the command's outcome: the lease, a pass or two of the survivor's sync, the re-run. */
const RECOVERY_BOUND_MS = 15_000;

let survivor: TestBff;
let database: { url: string; drop: () => Promise<void> };
let dataDir: string;
let ops: TestLogin;
let supervisor: TestLogin;
const children: ChildBff[] = [];
const startedAt = Date.now();

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'fw-crash-'));
  survivor = await startTestBff({ engineUrl, databaseUrl: database.url, services: { ...services }, commandLeaseMs: LEASE_MS, syncIntervalMs: 250, orderStartGraceMs: 0 });
  // The survivor leads the sync from the start (the children never do), and keeps syncing: it is the replica
  // whose outbox must notice a dead BFF's command without anyone asking.
  await survivor.sync.runOnce();
  survivor.sync.start();
  ops = await loginAs(survivor.app, 'olivia.ops');
  supervisor = await loginAs(survivor.app, 'sara.supervisor');
});

afterAll(async () => {
  for (const child of children) await child.stop();
  await survivor?.close();
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  console.log(`[crash-recovery] wall time ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
});

const getJson = async <T = Record<string, unknown>>(url: string) => (await (await fetch(url)).json()) as T;

/** A fresh order failing for real at the kind's step, and its case once the survivor's sync opened it. */
async function failingCase(kind: FailureKind) {
  const order = await submitFailingOrder(engineUrl, services, kind);
  const found = await eventually(async () => {
    const search = (await survivor.app.inject({ url: `/api/search?q=${encodeURIComponent(order.businessKey)}`, headers: ops.headers })).json() as SearchResponse;
    return search.cases.find((c) => c.source === 'INCIDENT') ?? null;
  }, 30_000, `case for ${order.businessKey}`);
  return { order, caseId: found.id };
}

async function detail(caseId: string): Promise<CaseDetail> {
  const response = await survivor.app.inject({ url: `/api/cases/${caseId}`, headers: ops.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as CaseDetail;
}

/** Sends a command to a BFF over HTTP with the session the survivor issued (sessions live in the shared database). */
function post(baseUrl: string, url: string, login: TestLogin, body: unknown, headers: Record<string, string>) {
  return fetch(`${baseUrl}${url}`, {
    method: 'POST',
    headers: { ...login.headers, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

let childCount = 0;
/** Starts a child BFF armed at `point`, lets `send` give it its command, and checks that it died there by SIGKILL. */
async function killAt(point: CrashPoint, send: (child: ChildBff) => Promise<Response>): Promise<{ commandId: string; killedAt: number }> {
  const child = await startChildBff({
    name: `crash-${++childCount}-${point}`,
    dataDir,
    env: {
      DATABASE_URL: database.url, CAMUNDA_URL: engineUrl, CAMUNDA_USER: 'workbench', CAMUNDA_PASSWORD: 'workbench-secret',
      DOMAIN_SERVICES: `orders=${services.orders},inventory=${services.inventory},billing=${services.billing}`,
      COMMAND_LEASE_MS: String(LEASE_MS), FW_CRASH_AT: point,
    },
  });
  children.push(child);
  const answer = await send(child).then((r) => `answered ${r.status}`, () => 'no answer');
  const end = await child.ended;
  const killedAt = Date.now();
  expect(end, child.output()).toEqual({ code: null, signal: 'SIGKILL' });
  expect(answer).toBe('no answer');
  const hit = new RegExp(`^\\[crash-point\\] hit ${point} command=(\\S+) `, 'm').exec(child.output());
  expect(hit, `${CRASH_MARKER} ${point} in:\n${child.output()}`).not.toBeNull();
  return { commandId: hit![1]!, killedAt };
}

/** How many times the workbench set the retries of an external task in this process instance (the engine's operation log). */
async function retriesSet(processInstanceId: string): Promise<number> {
  const entries = await engine.get<{ operationType: string; userId: string }[]>(
    `/history/user-operation?processInstanceId=${processInstanceId}&operationType=SetExternalTaskRetries`,
  );
  return entries.filter((e) => e.userId === 'workbench').length;
}

const taskLog = async (processInstanceId: string, activityId: string, kind: 'successLog' | 'failureLog') =>
  (await engine.get<unknown[]>(`/history/external-task-log?processInstanceId=${processInstanceId}&activityIdIn=${activityId}&${kind}=true`)).length;

describe('a BFF killed mid-command', () => {
  it(`is finished by a surviving replica once its lease runs out, at every crash point (${KILLS_PER_POINT} kills each), with every effect exactly once`, async () => {
    // Mark failed and retry has an effect at the order service and one in the engine: every point lies on its way.
    const cases = await Promise.all(Array.from({ length: CRASH_POINTS.length * KILLS_PER_POINT }, () => failingCase('reserve-error')));
    for (const { caseId } of cases) {
      const current = await detail(caseId);
      const check = await survivor.app.inject({
        method: 'POST', url: `/api/cases/${caseId}/actions/check-external-status`,
        headers: { ...ops.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${current.case.version}"` },
        payload: '{}',
      });
      expect((check.json() as CommandResult).evidence, check.body).toMatchObject({ finding: 'NOT_FOUND' });
    }

    const hits = new Map<CrashPoint, number>(CRASH_POINTS.map((p) => [p, 0]));
    const recoveries: Promise<{ point: CrashPoint; recoveryMs: number }>[] = [];
    for (let round = 0; round < KILLS_PER_POINT; round++) {
      // One child per point at a time; each round's commands recover while the next round runs.
      await Promise.all(CRASH_POINTS.map(async (point, i) => {
        const target = cases[round * CRASH_POINTS.length + i]!;
        const version = (await detail(target.caseId)).case.version;
        const key = crypto.randomUUID();
        const send = (baseUrl: string) =>
          post(baseUrl, `/api/cases/${target.caseId}/actions/mark-failed-and-retry`, ops, { comment: `crash at ${point}` }, { 'idempotency-key': key, 'if-match': `"${version}"` });
        const { commandId, killedAt } = await killAt(point, (child) => send(child.url));
        hits.set(point, hits.get(point)! + 1);
        recoveries.push((async () => {
          // The caller repeats the request with its key, as a client whose answer never came does: 409 "in
          // progress" while the command is held, then the outcome, from whichever replica finished it.
          const outcome = await eventually(async () => {
            const again = await survivor.app.inject({
              method: 'POST', url: `/api/cases/${target.caseId}/actions/mark-failed-and-retry`,
              headers: { ...ops.headers, 'content-type': 'application/json', 'idempotency-key': key, 'if-match': `"${version}"` },
              payload: JSON.stringify({ comment: `crash at ${point}` }),
            });
            if (again.statusCode === 409) {
              expect(again.json().code).toBe('REQUEST_IN_PROGRESS');
              return null;
            }
            expect(again.statusCode, again.body).toBe(200);
            return again.json() as CommandResult;
          }, RECOVERY_BOUND_MS + 5_000, `the command cut off at ${point} to finish`);
          const recoveryMs = Date.now() - killedAt;
          expect(outcome.commandId).toBe(commandId);
          expect(['DONE', 'ALREADY_DONE']).toContain(outcome.outcome);
          return { point, recoveryMs };
        })());
      }));
    }
    expect(Object.fromEntries(hits)).toEqual(Object.fromEntries(CRASH_POINTS.map((p) => [p, KILLS_PER_POINT])));
    const recovered = await Promise.all(recoveries);
    console.log(`[crash-recovery] kill → outcome (ms) by point: ${JSON.stringify(Object.fromEntries(CRASH_POINTS.map((p) => [p, recovered.filter((r) => r.point === p).map((r) => r.recoveryMs)])))}`);
    for (const r of recovered) expect(r.recoveryMs, r.point).toBeLessThanOrEqual(RECOVERY_BOUND_MS);

    for (const { order, caseId } of cases) {
      // Not locked: nothing is pending on the case, and an operator's next action goes through.
      const page = await detail(caseId);
      expect(page.pendingCommand).toBeNull();
      expect(page.actions.withheld.map((w) => w.reason).join(' ')).not.toMatch(/pending|in progress/i);
      const note = await survivor.app.inject({
        method: 'POST', url: `/api/cases/${caseId}/actions/annotate`,
        headers: { ...ops.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${page.case.version}"` },
        payload: JSON.stringify({ note: 'after the crash' }),
      });
      expect(note.statusCode, note.body).toBe(200);

      // Exactly once where the effects land. The order service: one recovery command, one RESERVATION_FAILED.
      const order$ = await getJson(`${services.orders}/orders/${order.orderId}`);
      expect(Object.values(order$.recoveryCommands as Record<string, { action: string }>).map((c) => c.action)).toEqual(['mark-reservation-failed']);
      expect((order$.statusHistory as { status: string }[]).filter((h) => h.status === 'RESERVATION_FAILED')).toHaveLength(1);
      // The engine: retries set once by the workbench, the failed reservation run again and completed once.
      const instance = (await engine.orderInstance(order.businessKey))!;
      expect(await retriesSet(instance.id)).toBe(1);
      await eventually(async () => (await taskLog(instance.id, 'reserveInventory', 'successLog')) >= 1, 30_000, `reservation of ${order.orderId} retried`);
      expect(await taskLog(instance.id, 'reserveInventory', 'successLog')).toBe(1);
      expect(await taskLog(instance.id, 'reserveInventory', 'failureLog')).toBe(1);
      // Inventory: one reservation.
      expect(((await getJson(`${services.inventory}/reservations?orderId=${order.orderId}`)).reservations as unknown[])).toHaveLength(1);
    }
  });

  it('leaves no approved unsafe retry RUNNING: the outbox runs it once, and the money moves once', async () => {
    const points: CrashPoint[] = ['after-intent', 'after-engine-effect'];
    const targets = await Promise.all(points.map(() => failingCase('billing-failure')));
    const approvals = await Promise.all(targets.map(async ({ caseId }) => {
      const current = await detail(caseId);
      const request = await survivor.app.inject({
        method: 'POST', url: `/api/cases/${caseId}/actions/request-unsafe-retry`,
        headers: { ...ops.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${current.case.version}"` },
        payload: JSON.stringify({ reason: 'Gateway is back', evidence: 'Billing shows no charge for the key' }),
      });
      expect(request.statusCode, request.body).toBe(202);
      return (request.json() as CommandResult).approvalId!;
    }));

    await Promise.all(points.map(async (point, i) => {
      const key = crypto.randomUUID();
      const decide = (baseUrl: string) => post(baseUrl, `/api/approvals/${approvals[i]}/approve`, supervisor, { reason: `crash at ${point}` }, { 'idempotency-key': key });
      const { commandId, killedAt } = await killAt(point, (child) => decide(child.url));
      const approval = await eventually(async () => {
        const list = (await survivor.app.inject({ url: '/api/approvals?status=all', headers: supervisor.headers })).json() as ApprovalList;
        const found: Approval | undefined = list.items.find((a) => a.id === approvals[i]);
        return found && found.executionOutcome !== 'RUNNING' ? found : null;
      }, RECOVERY_BOUND_MS + 5_000, `the approved retry cut off at ${point} to finish`);
      const recoveryMs = Date.now() - killedAt;
      console.log(`[crash-recovery] approved retry cut off at ${point}: kill → outcome ${recoveryMs} ms`);
      expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      expect(approval).toMatchObject({ status: 'APPROVED', decidedBy: 'sara.supervisor' });
      expect(['DONE', 'ALREADY_DONE']).toContain(approval.executionOutcome);
      // The supervisor's repeated click answers what the approved retry did.
      const replay = await survivor.app.inject({
        method: 'POST', url: `/api/approvals/${approvals[i]}/approve`,
        headers: { ...supervisor.headers, 'content-type': 'application/json', 'idempotency-key': key }, payload: JSON.stringify({ reason: `crash at ${point}` }),
      });
      expect(replay.statusCode, replay.body).toBe(200);
      expect((replay.json() as CommandResult).commandId).toBe(commandId);
    }));

    for (const { order, caseId } of targets) {
      expect((await detail(caseId)).pendingCommand).toBeNull();
      await eventually(async () => (await getJson(`${services.billing}/charges/BILL-${order.orderId}`)).chargeCount === 1, 30_000, `one charge for ${order.orderId}`);
      const instance = (await engine.orderInstance(order.businessKey))!;
      const [billing] = await engine.get<{ id: string }[]>(`/history/process-instance?superProcessInstanceId=${instance.id}`);
      expect(await retriesSet(billing!.id)).toBe(1);
      await eventually(async () => (await taskLog(billing!.id, 'billingHandoffTask', 'successLog')) >= 1, 30_000, `billing of ${order.orderId} retried`);
      expect(await taskLog(billing!.id, 'billingHandoffTask', 'successLog')).toBe(1);
      expect((await getJson(`${services.billing}/charges/BILL-${order.orderId}`)).chargeCount).toBe(1);
    }
  });
});
