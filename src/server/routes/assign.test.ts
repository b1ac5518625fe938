// Assigning a case names someone who can sign in and act on cases; anything else is refused and changes
// nothing. In-memory PGlite; the engine URL points at a closed port (an assignment never calls the engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let olivia: TestLogin;
let caseId: string;

const newCase: NewCase = {
  engineId: 'default', source: 'STUCK', category: 'BUSINESS_UNMODELED', unclassified: false, severity: 'MEDIUM',
  businessKey: 'order:ORD-31', entityType: 'ORDER', entityId: 'ORD-31', processInstanceId: 'p31', rootProcessInstanceId: 'p31', definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback',
  incidentType: null, topic: null, errorMessage: null, firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null, runbookId: null, team: 'fulfillment',
  slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: 'stuck:p31:waitForReservationCallback',
};

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  caseId = (await bff.ctx.cases.create(bff.ctx.db, newCase, NOW)).id;
  olivia = await loginAs(bff.app, 'olivia.ops');
}, 60_000);
afterAll(() => bff?.close());

const assign = (assignee: string, key: string) =>
  bff.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/actions/assign`,
    headers: { ...olivia.headers, 'idempotency-key': key, 'if-match': '"1"' },
    payload: { assignee },
  });

describe('assigning a case', () => {
  it('refuses a name nobody signs in with', async () => {
    const response = await assign('olivia.opz', 'assign-typo');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'UNKNOWN_ASSIGNEE', message: 'No user olivia.opz can sign in to the workbench.' });
  });

  it('refuses someone who cannot act on cases', async () => {
    const response = await assign('aud.auditor', 'assign-auditor');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'ASSIGNEE_CANNOT_ACT', message: 'aud.auditor cannot act on cases (needs fulfillment ops, tech ops or supervisor).' });
    expect((await bff.ctx.cases.get(caseId))!.assignee).toBeNull();
  });

  it('assigns a colleague who works cases', async () => {
    const response = await assign('Theo.Tech', 'assign-theo');
    expect(response.statusCode, response.body).toBe(200);
    expect((await bff.ctx.cases.get(caseId))!.assignee).toBe('theo.tech');
  });
});
