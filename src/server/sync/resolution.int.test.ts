// Resolution that matches the engine, against the real engine and PostgreSQL: an incident cleared in Cockpit
// with the token still at the step, the step then completing, an instance cancelled while its order is still
// active, and who did it (from the engine's user operation log) on the case's timeline.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseDetail } from '../../contracts/cases.js';
import type { QueueResponse } from '../../contracts/queues.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { cockpit } from '../testing/cockpit.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);
const admin = cockpit(engineUrl);

describe('resolution that matches the engine (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let bff: TestBff;
  let olivia: TestLogin;

  beforeAll(async () => {
    database = await createTestDatabase();
    bff = await startTestBff({ engineUrl, databaseUrl: database.url, services });
    olivia = await loginAs(bff.app, 'olivia.ops');
  });
  afterAll(async () => {
    await bff?.close();
    await database?.drop();
  });

  const get = async <T>(url: string): Promise<T> => {
    const response = await bff.app.inject({ url, headers: olivia.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };
  const caseOf = async (businessKey: string): Promise<CaseDetail> => {
    const [row] = await bff.ctx.db.query<{ id: string }>('SELECT id FROM fallout_case WHERE business_key = $1 ORDER BY created_at DESC LIMIT 1', [businessKey]);
    expect(row, `a case for ${businessKey}`).toBeTruthy();
    return get<CaseDetail>(`/api/cases/${row!.id}`);
  };
  const inOpenQueue = async (caseId: string) => (await get<QueueResponse>(`/api/queue?q=${caseId}`)).items.some((c) => c.id === caseId);

  it('an incident cleared in Cockpit while the token still waits leaves OPEN for "cleared outside", names who, and resolves once the step completes', async () => {
    const [cleared, ours] = await Promise.all([
      submitFailingOrder(engineUrl, services, 'transient-availability'),
      submitFailingOrder(engineUrl, services, 'transient-availability'),
    ]);
    await bff.sync.runOnce();
    expect((await caseOf(cleared.businessKey)).case.status).toBe('OPEN');
    const [instance] = await engine.processInstances(cleared.businessKey);
    const [incident] = await admin.incidents(instance!.id);
    const before = Date.now();

    // In Cockpit: the instance is suspended (so no worker fetches the task yet), then its retries are set.
    await admin.suspend(instance!.id);
    await admin.setExternalTaskRetries(incident!.configuration!, 1);
    expect(await engine.incidents(`?processInstanceId=${instance!.id}`)).toEqual([]);
    await bff.sync.runOnce();

    const waiting = await caseOf(cleared.businessKey);
    expect(waiting.case.status).toBe('CLEARED_OUTSIDE');
    expect(waiting.case.resolvedAt).toBeNull();
    expect(waiting.incidents.map((i) => i.open)).toEqual([false]);
    // Who and when, from the engine's user operation log: the Cockpit user, not the workbench.
    expect(waiting.lastOutsideChange).toMatchObject({ userId: 'admin', operation: 'SetExternalTaskRetries' });
    expect(waiting.lastOutsideChange!.text).toMatch(/let the failed step try again \(attempts left 0 → 1\)/);
    expect(new Date(waiting.lastOutsideChange!.at).getTime()).toBeGreaterThanOrEqual(before - 2_000);
    const outside = waiting.timeline.filter((e) => e.outcome === 'OUTSIDE_WORKBENCH');
    expect(outside.map((e) => [e.action, e.actor])).toEqual([
      ['SET_EXTERNAL_TASK_RETRIES', 'admin'],
      ['SUSPEND', 'admin'],
    ]);
    expect(waiting.timeline.find((e) => e.action === 'CLEARED_OUTSIDE')?.text).toMatch(/still waits at Check availability/);
    // Not an open incident any more, but still work: in the open queue, nothing to retry, and no phantom claim.
    expect(await inOpenQueue(waiting.case.id)).toBe(true);
    const retry = waiting.actions.withheld.find((w) => w.action === 'RETRY_STEP');
    expect(retry?.reason).toMatch(/cleared outside the workbench/);
    expect(JSON.stringify(waiting.actions)).not.toMatch(/moving again/);
    expect(waiting.actions.offered.map((a) => a.action)).toEqual(['ESCALATE', 'ASSIGN', 'ANNOTATE', 'RESOLVE']);

    // A pass that finds the token still waiting changes nothing (no version bump for approvals to trip on).
    await bff.sync.runOnce();
    expect((await caseOf(cleared.businessKey)).case.version).toBe(waiting.case.version);

    // The workbench's own retry is not "outside": suspended the same way, retried through the workbench.
    const [ourInstance] = await engine.processInstances(ours.businessKey);
    await admin.suspend(ourInstance!.id);
    const ourCase = (await caseOf(ours.businessKey)).case;
    const retried = await bff.app.inject({
      method: 'POST',
      url: `/api/cases/${ourCase.id}/actions/retry-step`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `res-${ourCase.id}`, 'if-match': `"${ourCase.version}"`, ...olivia.headers },
      payload: JSON.stringify({ comment: 'stock service is back' }),
    });
    expect(retried.statusCode, retried.body).toBe(200);
    await bff.sync.runOnce();
    const ourWaiting = await caseOf(ours.businessKey);
    expect(ourWaiting.case.status).toBe('IN_PROGRESS');
    expect(ourWaiting.timeline.filter((e) => e.outcome === 'OUTSIDE_WORKBENCH').map((e) => e.action)).toEqual(['SUSPEND']);

    // In Cockpit again: activated. The worker runs the step, which succeeds now: a verified resolution.
    await admin.activate(instance!.id);
    await admin.activate(ourInstance!.id);
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'step completed');
    await bff.sync.runOnce();
    const resolved = await caseOf(cleared.businessKey);
    expect(resolved.case.status).toBe('RESOLVED');
    expect(resolved.case.resolvedAt).not.toBeNull();
    expect(resolved.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['RESOLVED', 'CLEARED_OUTSIDE', 'ACTIVATE', 'SET_EXTERNAL_TASK_RETRIES', 'INCIDENT_RAISED']));
    expect(await inOpenQueue(resolved.case.id)).toBe(false);
  });

  it('an instance cancelled in Cockpit while its order is still active is "cancelled in engine" with a mismatch, never resolved; closed once the order is cancelled too', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'transient-availability');
    await bff.sync.runOnce();
    const [instance] = await engine.processInstances(order.businessKey);
    await admin.cancel(instance!.id);
    await bff.sync.runOnce();

    const cancelled = await caseOf(order.businessKey);
    expect(cancelled.case.status).toBe('CANCELLED_IN_ENGINE');
    expect(cancelled.case.resolvedAt).toBeNull();
    expect(cancelled.case.cancelledInEngineAt).not.toBeNull();
    expect(cancelled.case.domainMismatch).toMatch(new RegExp(`Order ${order.orderId} is still [a-z ]+ in the order service, but its workflow was cancelled`));
    expect(cancelled.process.state).toBe('EXTERNALLY_TERMINATED');
    expect(cancelled.lastOutsideChange).toMatchObject({ userId: 'admin', operation: 'Delete', text: 'cancelled the process instance' });
    expect(cancelled.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['DOMAIN_MISMATCH', 'CANCELLED_IN_ENGINE', 'DELETE']));
    expect(cancelled.actions.withheld.find((w) => w.action === 'RETRY_STEP')?.reason).toMatch(/cancelled in the engine/);
    expect(await inOpenQueue(cancelled.case.id)).toBe(true);

    // The order service cancels the order too: the two agree, nothing is left to do.
    const response = await fetch(`${services.orders}/orders/${order.orderId}/cancel`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'cancelled by the customer' }),
    });
    expect(response.status).toBe(200);
    await bff.sync.runOnce();
    const closed = await caseOf(order.businessKey);
    expect(closed.case.status).toBe('CLOSED');
    expect(closed.case.domainMismatch).toBeNull();
    expect(closed.case.resolvedAt).not.toBeNull();
    expect(closed.timeline.find((e) => e.action === 'CLOSED')?.text).toMatch(/as cancelled too/);
    expect(await inOpenQueue(closed.case.id)).toBe(false);
  });
});
