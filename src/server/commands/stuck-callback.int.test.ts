// A token stuck at the reservation callback wait (the callback never came, no incident) is worked like an
// unknown outcome, as its runbook says: ask inventory, then confirm what it shows. Against the real engine
// and demo services, with a fresh order of its own: the confirmation reaches the order service once, the
// process leaves the wait on its modelled path, and the sync resolves the case.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommandResult } from '../../contracts/actions.js';
import type { CaseDetail, CaseSummary } from '../../contracts/cases.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);

let bff: TestBff;
let drop: () => Promise<void>;
let olivia: TestLogin;
// Ten minutes ahead: the order has waited past the callback's two-minute stage budget.
const clock = { now: () => new Date(Date.now() + 10 * 60_000) };

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  bff = await startTestBff({ engineUrl, databaseUrl: database.url, clock, services: { ...services } });
  olivia = await loginAs(bff.app, 'olivia.ops');
}, 60_000);
afterAll(async () => {
  await bff?.close();
  await drop?.();
});

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.ok, await response.clone().text()).toBe(true);
}
const act = (caseId: string, slug: string, body: unknown, version: number) =>
  bff.app.inject({
    method: 'POST', url: `/api/cases/${caseId}/actions/${slug}`,
    headers: { ...olivia.headers, 'idempotency-key': randomUUID(), 'if-match': `"${version}"` },
    payload: body as Record<string, unknown>,
  });
const detail = async (caseId: string) => (await bff.app.inject({ url: `/api/cases/${caseId}`, headers: olivia.headers })).json() as CaseDetail;

describe('a stuck reservation callback', () => {
  it('is checked at inventory, confirmed once, and resolves when the process moves on', async () => {
    const orderId = `ORD-S${randomUUID().slice(0, 8).toUpperCase()}`;
    const businessKey = `order:${orderId}`;
    await post(`${services.inventory}/admin/faults`, { orderId, fault: 'no-callback' });
    await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-TEST', orderTotal: 50 });
    const instance = await eventually(async () => {
      const found = await engine.orderInstance(businessKey);
      if (!found) return null;
      const history = await engine.history(found.id);
      return history.some((a) => a.activityId === 'waitForReservationCallback' && a.endTime === null) ? found : null;
    }, 60_000, `${orderId} waiting for the reservation callback`);

    const stuck = await eventually(async () => {
      await bff.sync.runOnce();
      const queue = (await bff.app.inject({ url: `/api/search?q=${orderId}`, headers: olivia.headers })).json() as { cases: CaseSummary[] };
      return queue.cases.find((c) => c.source === 'STUCK') ?? null;
    }, 30_000, `a stuck case for ${orderId}`);
    expect(stuck).toMatchObject({ activityId: 'waitForReservationCallback', category: 'UNKNOWN_OUTCOME', status: 'OPEN' });

    // The runbook's first step is offered, the confirmation waits for its evidence.
    const before = await detail(stuck.id);
    // The page says what the order waits for: the callback message, matched by the order's business key.
    expect(before.waitingFor.filter((w) => w.kind === 'MESSAGE')).toEqual([
      expect.objectContaining({ activityId: 'waitForReservationCallback', name: expect.stringMatching(/\S/), correlationKey: businessKey }),
    ]);
    expect(before.waitingFor[0]!.activityId).toBe('waitForReservationCallback');
    expect(before.actions.offered.map((a) => a.action)).toContain('CHECK_EXTERNAL_STATUS');
    expect(before.actions.withheld.find((w) => w.action === 'CONFIRM_EXTERNAL_OUTCOME')?.reason).toMatch(/Check the external status first/);

    const check = await act(stuck.id, 'check-external-status', {}, before.case.version);
    expect(check.statusCode, check.body).toBe(200);
    const evidence = (check.json() as CommandResult).evidence!;
    expect(evidence.finding).toBe('FOUND');
    expect(evidence.reference).toMatch(/^RSV-\d{6}$/);

    const checked = await detail(stuck.id);
    expect(checked.actions.offered.map((a) => a.action)).toContain('CONFIRM_EXTERNAL_OUTCOME');
    const confirm = await act(stuck.id, 'confirm-external-outcome', { reference: evidence.reference }, checked.case.version);
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect((confirm.json() as CommandResult).outcome).toBe('DONE');

    // Where the effects land: the process left the wait, the order service applied the confirmation once,
    // inventory holds one reservation for the order.
    await eventually(async () => (await engine.history(instance.id)).some((a) => a.activityId === 'waitForReservationCallback' && a.endTime !== null), 30_000, 'the wait to end');
    const order = (await (await fetch(`${services.orders}/orders/${orderId}`)).json()) as { recoveryCommands: Record<string, { action: string; requests: number }> };
    expect(Object.values(order.recoveryCommands)).toEqual([expect.objectContaining({ action: 'confirm-reservation', requests: 1 })]);
    const reservations = (await (await fetch(`${services.inventory}/reservations?orderId=${orderId}`)).json()) as { reservations: unknown[] };
    expect(reservations.reservations).toHaveLength(1);

    const resolved = await eventually(async () => {
      await bff.sync.runOnce();
      const current = await detail(stuck.id);
      return current.case.status === 'RESOLVED' ? current : null;
    }, 30_000, 'the stuck case to resolve');
    expect(resolved.case.resolvedAt).not.toBeNull();
  }, 150_000);
});
