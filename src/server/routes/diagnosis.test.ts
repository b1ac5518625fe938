// The runbook's diagnosis checklist through HTTP: ticking and unticking a step, the audit trail it leaves
// (once per change, not per click), what the case page then shows, and bad input. In-memory PGlite; the
// engine URL points at a closed port (the checklist never calls the engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, DiagnosisCheck } from '../../contracts/cases.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const RUNBOOK = 'dependency-unavailable';
let bff: TestBff;
let olivia: TestLogin;
let theo: TestLogin;
let steps: string[];
const ids: Record<string, string> = {};

const newCase = (overrides: Partial<NewCase>): NewCase => ({
  engineId: 'default', source: 'INCIDENT', category: 'TECHNICAL_TRANSIENT', unclassified: false, severity: 'MEDIUM',
  businessKey: 'order:ORD-9', entityType: 'ORDER', entityId: 'ORD-9', processInstanceId: null, rootProcessInstanceId: null, definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability',
  incidentType: 'failedExternalTask', topic: null, errorMessage: 'Connection refused', firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null,
  runbookId: RUNBOOK, team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null, ...overrides,
});

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  const { db, cases } = bff.ctx;
  steps = bff.ctx.catalog.runbook(RUNBOOK)!.diagnosis;
  ids.open = (await cases.create(db, newCase({}), NOW)).id;
  ids.resolved = (await cases.create(db, newCase({ businessKey: 'order:ORD-10', entityId: 'ORD-10' }), NOW)).id;
  ids.bare = (await cases.create(db, newCase({ businessKey: 'order:ORD-11', entityId: 'ORD-11', runbookId: null }), NOW)).id;
  await db.query("UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $2 WHERE id = $1", [ids.resolved, NOW]);
  olivia = await loginAs(bff.app, 'olivia.ops');
  theo = await loginAs(bff.app, 'theo.tech');
}, 60_000);
afterAll(() => bff?.close());

function post(caseId: string, body: unknown, login = olivia) {
  return bff.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/diagnosis`,
    headers: { ...login.headers, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}
const auditRows = () =>
  bff.ctx.db.query<{ actor: string; outcome: string; detail: string }>(
    "SELECT actor, outcome, detail::text AS detail FROM audit_event WHERE action = 'DIAGNOSIS_STEP' AND case_id = $1 ORDER BY seq",
    [ids.open],
  );

describe('POST /api/cases/:caseId/diagnosis', () => {
  it('has steps to check in the runbook used here', () => {
    expect(steps.length).toBeGreaterThanOrEqual(2);
  });

  it('checks a step, records who and when once, and shows it on the case page to everyone', async () => {
    const first = await post(ids.open!, { step: 1, checked: true });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ checks: [{ step: 1, checkedBy: 'olivia.ops', checkedAt: NOW.toISOString() }] });
    // The same tick again (a double click, a second tab) changes nothing and records nothing.
    const again = await post(ids.open!, { step: 1, checked: true }, theo);
    expect(again.json().checks).toEqual([{ step: 1, checkedBy: 'olivia.ops', checkedAt: NOW.toISOString() }]);
    const audit = await auditRows();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'olivia.ops', outcome: 'CHECKED' });
    expect(JSON.parse(audit[0]!.detail)).toEqual({ runbookId: RUNBOOK, step: 1, text: steps[1] });

    const support = await loginAs(bff.app, 'sam.support');
    const detail = (await bff.app.inject({ url: `/api/cases/${ids.open}`, headers: support.headers })).json() as CaseDetail;
    expect(detail.diagnosisChecks).toEqual<DiagnosisCheck[]>([{ step: 1, checkedBy: 'olivia.ops', checkedAt: NOW.toISOString() }]);
    expect(detail.timeline.map((e) => `${e.actor}: ${e.text}`)).toContain(`olivia.ops: Checked diagnosis step 2: ${steps[1]}`);
  });

  it('unchecks a step, and leaves that in the audit trail as well', async () => {
    await post(ids.open!, { step: 0, checked: true }, theo);
    const response = await post(ids.open!, { step: 1, checked: false }, theo);
    expect(response.json().checks).toEqual([{ step: 0, checkedBy: 'theo.tech', checkedAt: NOW.toISOString() }]);
    expect((await auditRows()).map((r) => `${r.actor}:${r.outcome}`)).toEqual(['olivia.ops:CHECKED', 'theo.tech:CHECKED', 'theo.tech:UNCHECKED']);
  });

  it('drops a tick whose step the catalog has since reworded', async () => {
    await bff.ctx.db.query("UPDATE diagnosis_check SET step_text = 'an older wording' WHERE case_id = $1 AND step = 0", [ids.open]);
    const detail = (await bff.app.inject({ url: `/api/cases/${ids.open}`, headers: olivia.headers })).json() as CaseDetail;
    expect(detail.diagnosisChecks).toEqual([]);
  });

  it.each([
    ['a step past the end', () => ids.open!, () => ({ step: steps.length, checked: true }), 400, 'INVALID_STEP'],
    ['a negative step', () => ids.open!, () => ({ step: -1, checked: true }), 400, 'INVALID_BODY'],
    ['checked as text', () => ids.open!, () => ({ step: 0, checked: 'yes' }), 400, 'INVALID_BODY'],
    ['an unknown field', () => ids.open!, () => ({ step: 0, checked: true, by: 'someone' }), 400, 'INVALID_BODY'],
    ['a case id of another shape', () => 'case-1', () => ({ step: 0, checked: true }), 400, 'INVALID_CASE_ID'],
    ['a case that does not exist', () => 'FO-2026-999999', () => ({ step: 0, checked: true }), 404, 'CASE_NOT_FOUND'],
    ['a resolved case', () => ids.resolved!, () => ({ step: 0, checked: true }), 409, 'CASE_CLOSED'],
    ['a case without a runbook', () => ids.bare!, () => ({ step: 0, checked: true }), 409, 'NO_RUNBOOK'],
  ])('refuses %s and changes nothing', async (_name, caseId, body, status, code) => {
    const before = await bff.ctx.db.query('SELECT count(*)::int AS n FROM diagnosis_check');
    const response = await post(caseId(), body());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json()).toMatchObject({ code, message: expect.any(String) });
    expect(await bff.ctx.db.query('SELECT count(*)::int AS n FROM diagnosis_check')).toEqual(before);
  });
});
