import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseDetail, CaseList } from '../../contracts/cases.js';
import type { CommandResult } from '../../contracts/actions.js';
import type { SearchResponse } from '../../contracts/search.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';
import { engineReader, eventually, ordersOf } from '../testing/engine-probe.js';

const engineUrl = inject('engineUrl');
const manifest = inject('manifest');
const engine = engineReader(engineUrl);

// Written by hand from the demo's scenarios and the playbook's taxonomy: where each seeded failure lands.
const EXPECTED_CASES: Record<string, { activityId: string; category: string; incidentType: string }> = {
  'transient-availability': { activityId: 'checkAvailability', category: 'TECHNICAL_TRANSIENT', incidentType: 'failedExternalTask' },
  'reserve-unknown-outcome': { activityId: 'reserveInventory', category: 'UNKNOWN_OUTCOME', incidentType: 'failedExternalTask' },
  'bad-deployment': { activityId: 'validateOrder', category: 'TECHNICAL_PERSISTENT', incidentType: 'failedJob' },
  'billing-failure': { activityId: 'billingHandoffTask', category: 'OPERATIONAL_UNSAFE', incidentType: 'failedExternalTask' },
};
const NO_CASE_SCENARIOS = ['business-rejection', 'duplicate-callback', 'happy-path'];

describe.each([['PGlite'], ['PostgreSQL']])('sync against the reference engine, read model on %s', (kind) => {
  let bff: TestBff;
  // Reads as an operator: the case page offers actions by role, and these tests expect the retry offered.
  let operator: TestLogin;
  let dropDb: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (kind === 'PostgreSQL') {
      const database = await createTestDatabase();
      databaseUrl = database.url;
      dropDb = database.drop;
    }
    bff = await startTestBff({ engineUrl, databaseUrl });
    operator = await loginAs(bff.app, 'olivia.ops');
    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
  });

  afterAll(async () => {
    await bff?.close();
    await dropDb?.();
  });

  const api = async <T>(url: string) => {
    const response = await bff.app.inject({ method: 'GET', url, headers: operator.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };

  it('reconciles: the open root-cause incidents in the engine are exactly the open incident cases', async () => {
    const incidents = await engine.incidents();
    const rootIds = incidents.filter((i) => !i.rootCauseIncidentId || i.rootCauseIncidentId === i.id).map((i) => i.id).sort();
    const rows = await bff.ctx.db.query<{ incident_id: string }>(
      `SELECT i.incident_id FROM case_incident i JOIN fallout_case c ON c.id = i.case_id
       WHERE i.is_root_cause AND i.open AND c.status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED')`,
    );
    expect(rootIds.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.incident_id).sort()).toEqual(rootIds);
    const cases = await api<CaseList>('/api/cases?limit=500');
    expect(cases.items.filter((c) => c.source === 'INCIDENT')).toHaveLength(rootIds.length);
  });

  it('puts each seeded failure in the expected category at the expected step', async () => {
    const cases = await api<CaseList>('/api/cases?limit=500');
    for (const [scenario, expected] of Object.entries(EXPECTED_CASES)) {
      const orders = ordersOf(manifest, scenario);
      expect(orders.length, scenario).toBeGreaterThan(0);
      for (const order of orders) {
        const found = cases.items.filter((c) => c.businessKey === order.businessKey);
        expect(found, `${scenario} ${order.businessKey}`).toHaveLength(1);
        expect(found[0]).toMatchObject({ activityId: expected.activityId, category: expected.category, incidentType: expected.incidentType, status: 'OPEN' });
      }
    }
    for (const scenario of NO_CASE_SCENARIOS) {
      for (const order of ordersOf(manifest, scenario)) {
        expect(cases.items.filter((c) => c.businessKey === order.businessKey), `${scenario} ${order.businessKey}`).toEqual([]);
      }
    }
  });

  it('counts a failure in the called billing process once, with the parent incident attached', async () => {
    const [order] = ordersOf(manifest, 'billing-failure');
    const search = await api<SearchResponse>(`/api/search?q=${encodeURIComponent(order!.orderId)}`);
    expect(search.cases).toHaveLength(1);
    const detail = await api<CaseDetail>(`/api/cases/${search.cases[0]!.id}`);
    const root = detail.incidents.filter((i) => i.isRootCause);
    const parents = detail.incidents.filter((i) => !i.isRootCause);
    expect(root.map((i) => i.activityId)).toEqual(['billingHandoffTask']);
    expect(parents.map((i) => i.activityId)).toEqual(['billingHandoff']);
    expect(detail.case.processDefinitionKey).toBe('billing-handoff');
  });

  it('does not bump any case version when a sync finds nothing new', async () => {
    const before = await bff.ctx.db.query<{ id: string; version: number }>('SELECT id, version FROM fallout_case ORDER BY id');
    await bff.sync.runOnce();
    await bff.sync.runOnce();
    const after = await bff.ctx.db.query<{ id: string; version: number }>('SELECT id, version FROM fallout_case ORDER BY id');
    expect(after).toEqual(before);
  });

  it('finds the transiently failed order however support types it, and lists without calling the engine', async () => {
    const [order] = ordersOf(manifest, 'transient-availability');
    const digits = order!.orderId.replace(/\D/g, '');
    bff.engineCalls.length = 0;
    const forms = [order!.orderId, order!.orderId.toLowerCase(), digits, `order:${order!.orderId}`, ` ${order!.orderId.replace('-', ' ')} `];
    const answers = await Promise.all(forms.map((q) => api<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`)));
    for (const answer of answers) {
      expect(answer.cases.map((c) => c.businessKey)).toEqual([order!.businessKey]);
      expect(answer.running.map((p) => p.businessKey)).toEqual([order!.businessKey]);
    }
    const caseId = answers[0]!.cases[0]!.id;
    // Typed incomplete, in full format: no exact order, so the orders whose id starts with it, said as such.
    const partial = order!.orderId.slice(0, -1);
    const byPrefix = await api<SearchResponse>(`/api/search?q=${encodeURIComponent(partial)}`);
    expect(byPrefix.interpretedAs).toEqual({ kind: 'order id starting with', value: partial });
    expect(byPrefix.running.map((p) => p.businessKey)).toContain(order!.businessKey);
    expect(byPrefix.running.every((p) => p.businessKey!.startsWith(`order:${partial}`))).toBe(true);
    expect(byPrefix.cases.map((c) => c.id)).toContain(caseId);
    const byCaseId = await api<SearchResponse>(`/api/search?q=${caseId}`);
    expect(byCaseId.cases.map((c) => c.id)).toEqual([caseId]);
    await api<CaseList>('/api/cases');
    expect(bff.engineCalls).toEqual([]);
  });

  it('shows a case with its diagram, the failed activity to mark and the path taken', async () => {
    const [order] = ordersOf(manifest, 'transient-availability');
    const search = await api<SearchResponse>(`/api/search?q=${order!.orderId}`);
    const detail = await api<CaseDetail>(`/api/cases/${search.cases[0]!.id}`);
    expect(detail.liveError).toBeNull();
    expect(detail.diagram!.bpmnXml).toContain('id="checkAvailability"');
    expect(detail.diagram!.incidentActivities).toEqual([{ activityId: 'checkAvailability', count: 1, category: 'TECHNICAL_TRANSIENT' }]);
    expect(detail.diagram!.activeActivityIds).toEqual(['checkAvailability']);
    expect(detail.diagram!.completedActivityIds).toContain('validateOrder');
    expect(detail.path.map((s) => s.activityId)).toContain('checkAvailability');
    // operator = olivia.ops (fulfillment ops): the retry plus the bookkeeping actions; nothing that needs evidence.
    expect(detail.actions.offered.map((a) => a.action)).toEqual(['RETRY_STEP', 'ESCALATE', 'ASSIGN', 'ANNOTATE']);
    expect(detail.runbook?.id).toBe('dependency-unavailable');
  });

  it('withholds retry where the step has side effects, with the reason', async () => {
    const [order] = ordersOf(manifest, 'billing-failure');
    const search = await api<SearchResponse>(`/api/search?q=${order!.orderId}`);
    const detail = await api<CaseDetail>(`/api/cases/${search.cases[0]!.id}`);
    expect(detail.actions.offered.map((a) => a.action)).toEqual(['CHECK_EXTERNAL_STATUS', 'ESCALATE', 'REQUEST_UNSAFE_RETRY', 'ASSIGN', 'ANNOTATE']);
    expect(detail.actions.withheld.find((w) => w.action === 'RETRY_STEP')!.reason).toMatch(/moves money: a retry needs supervisor approval/);
    expect(detail.case.frozen).toBe(true);
  });
});

describe('retry of a transient failure, end to end through the BFF (PostgreSQL)', () => {
  let bff: TestBff;
  let dropDb: () => Promise<void>;
  let olivia: TestLogin;

  beforeAll(async () => {
    const database = await createTestDatabase();
    dropDb = database.drop;
    bff = await startTestBff({ engineUrl, databaseUrl: database.url });
    olivia = await loginAs(bff.app, 'olivia.ops');
    await bff.sync.runOnce();
  });
  afterAll(async () => {
    await bff?.close();
    await dropDb?.();
  });

  const post = (caseId: string, headers: Record<string, string>, payload: unknown = {}) =>
    bff.app.inject({ method: 'POST', url: `/api/cases/${caseId}/actions/retry-step`, headers: { 'content-type': 'application/json', ...olivia.headers, ...headers }, payload: JSON.stringify(payload) });

  it('enforces the command contract, retries once, and resolves only after the engine moved on', async () => {
    const order = ordersOf(manifest, 'transient-availability').at(-1)!;
    const search = (await bff.app.inject({ url: `/api/search?q=${order.orderId}`, headers: olivia.headers })).json() as SearchResponse;
    const caseSummary = search.cases[0]!;
    const [instance] = await engine.processInstances(order.businessKey);
    expect((await engine.incidents(`?processInstanceId=${instance!.id}`)).length).toBe(1);

    // Bad requests change nothing.
    expect((await post(caseSummary.id, { 'if-match': `"${caseSummary.version}"` })).json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    expect((await post(caseSummary.id, { 'idempotency-key': 'k-0' })).statusCode).toBe(428);
    const stale = await post(caseSummary.id, { 'idempotency-key': 'k-1', 'if-match': `"${caseSummary.version + 5}"` });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'CASE_VERSION_MISMATCH', details: { case: { id: caseSummary.id, version: caseSummary.version } } });
    expect((await engine.incidents(`?processInstanceId=${instance!.id}`)).length).toBe(1);

    const first = await post(caseSummary.id, { 'idempotency-key': 'k-2', 'if-match': `"${caseSummary.version}"` }, { comment: 'stock service is back' });
    expect(first.statusCode, first.body).toBe(200);
    const result = first.json() as CommandResult;
    expect(result.outcome).toBe('DONE');
    expect(result.case.status).toBe('IN_PROGRESS');

    // Until the sync sees the workflow move on, the read model still shows the incident: the retry is not
    // offered again (it would only repeat), and the case page says what it waits for.
    const waiting = (await bff.app.inject({ url: `/api/cases/${caseSummary.id}`, headers: olivia.headers })).json() as CaseDetail;
    expect(waiting.actions.offered.map((a) => a.action)).not.toContain('RETRY_STEP');
    expect(waiting.actions.withheld.find((a) => a.action === 'RETRY_STEP')?.reason).toMatch(/^Retry step went through moments ago/);

    // A replay answers the same without a second engine call; the same key with another body is refused.
    bff.engineCalls.length = 0;
    const replay = await post(caseSummary.id, { 'idempotency-key': 'k-2', 'if-match': `"${caseSummary.version}"` }, { comment: 'stock service is back' });
    expect(replay.json()).toEqual(result);
    expect(bff.engineCalls).toEqual([]);
    expect((await post(caseSummary.id, { 'idempotency-key': 'k-2', 'if-match': `"${caseSummary.version}"` }, { comment: 'other' })).statusCode).toBe(422);

    // The engine: no incident, and the process moves past check availability.
    await eventually(async () => (await engine.incidents(`?processInstanceId=${instance!.id}`)).length === 0, 10_000, 'incident gone');
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'check availability completed');

    await bff.sync.runOnce();
    const after = (await bff.app.inject({ url: `/api/cases/${caseSummary.id}`, headers: olivia.headers })).json() as CaseDetail;
    expect(after.case.status).toBe('RESOLVED');
    expect(after.case.resolvedAt).not.toBeNull();
    expect(after.incidents.map((i) => ({ root: i.isRootCause, open: i.open }))).toEqual([{ root: true, open: false }]);

    const audit = await bff.ctx.db.query<{ action: string; outcome: string; actor: string }>('SELECT action, outcome, actor FROM audit_event WHERE case_id = $1 ORDER BY seq', [caseSummary.id]);
    // The stale version (412) and the reused key (422) were refused: that is evidence too. The malformed
    // requests (no key, no If-Match) are not.
    expect(audit).toEqual([
      { action: 'RETRY_STEP', outcome: 'REFUSED', actor: 'olivia.ops' },
      { action: 'RETRY_STEP', outcome: 'REQUESTED', actor: 'olivia.ops' },
      { action: 'RETRY_STEP', outcome: 'DONE', actor: 'olivia.ops' },
      { action: 'RETRY_STEP', outcome: 'REFUSED', actor: 'olivia.ops' },
    ]);
    await expect(bff.ctx.db.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
  });
});
