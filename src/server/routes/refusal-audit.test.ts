// Refusals leave evidence: a recovery action the policy withholds, a stale case version, a late decision on an
// expired approval and a request refused for its role are each written to the audit trail with the action,
// the case and the approval they were aimed at. A malformed request (400) is not a refusal and is not written.
// In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let olivia: TestLogin;
let sara: TestLogin;
let sam: TestLogin;
let resolvedCase: string;

const newCase: NewCase = {
  engineId: 'default', source: 'INCIDENT', category: 'TECHNICAL_TRANSIENT', unclassified: false, severity: 'MEDIUM',
  businessKey: 'order:ORD-21', entityType: 'ORDER', entityId: 'ORD-21', processInstanceId: null, rootProcessInstanceId: null, definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability',
  incidentType: 'failedExternalTask', topic: 'check-availability', errorMessage: 'AVAILABILITY_UNAVAILABLE', firstSeenAt: '2026-03-10T10:00:00.000Z',
  classificationRule: 'availability-unavailable', runbookId: 'dependency-unavailable', team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null,
};

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  const { db, cases } = bff.ctx;
  resolvedCase = (await cases.create(db, newCase, NOW)).id;
  await db.query("UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $2 WHERE id = $1", [resolvedCase, NOW]);
  await db.query(
    `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles,
       reason, evidence, status, requested_at, expires_at)
     VALUES ('9d3c1f2e-5a7b-4c8d-9e0f-1a2b3c4d5e6f', $1, 'RETRY_STEP', 'k-apr', 'h', '{}', 1, 'olivia.ops', '{fulfillment_ops}', 'gateway is back', 'status page green', 'EXPIRED', $2, $3)`,
    [resolvedCase, new Date('2026-03-10T10:00:00.000Z'), new Date('2026-03-10T10:30:00.000Z')],
  );
  olivia = await loginAs(bff.app, 'olivia.ops');
  sara = await loginAs(bff.app, 'sara.supervisor');
  sam = await loginAs(bff.app, 'sam.support');
}, 60_000);
afterAll(() => bff?.close());

const post = (url: string, login: TestLogin, body: unknown, headers: Record<string, string> = {}) =>
  bff.app.inject({ method: 'POST', url, headers: { ...login.headers, ...headers }, payload: body as Record<string, unknown> });

async function lastAudit() {
  const [row] = await bff.ctx.db.query<{ actor: string; action: string; case_id: string | null; outcome: string; idempotency_key: string | null; detail: string }>(
    'SELECT actor, action, case_id, outcome, idempotency_key, detail FROM audit_event ORDER BY chain_index DESC LIMIT 1',
  );
  return { ...row!, detail: JSON.parse(row!.detail) as Record<string, unknown> };
}

describe('refusals in the audit trail', () => {
  it('records a recovery action the policy withholds, with the action and the case', async () => {
    const response = await post(`/api/cases/${resolvedCase}/actions/retry-step`, olivia, {}, { 'idempotency-key': 'k-retry-1', 'if-match': '"1"' });
    expect(response.statusCode, response.body).toBe(409);
    expect(await lastAudit()).toEqual({
      actor: 'olivia.ops', action: 'RETRY_STEP', case_id: resolvedCase, outcome: 'REFUSED', idempotency_key: 'k-retry-1',
      detail: { code: 'ACTION_NOT_AVAILABLE', reason: response.json<{ message: string }>().message, approvalId: null, freezeId: null, status: 409 },
    });
  });

  it('records an action on a case that changed since it was loaded', async () => {
    const response = await post(`/api/cases/${resolvedCase}/actions/annotate`, olivia, { note: 'called the warehouse' }, { 'idempotency-key': 'k-note-1', 'if-match': '"7"' });
    expect(response.statusCode, response.body).toBe(412);
    expect(await lastAudit()).toMatchObject({ action: 'ANNOTATE', case_id: resolvedCase, outcome: 'REFUSED', detail: { code: 'CASE_VERSION_MISMATCH', status: 412 } });
  });

  it('records a late approval of a request that had already expired, naming the approval', async () => {
    const response = await post('/api/approvals/9d3c1f2e-5a7b-4c8d-9e0f-1a2b3c4d5e6f/approve', sara, { reason: 'looks fine' }, { 'idempotency-key': 'k-late' });
    expect(response.statusCode, response.body).toBe(409);
    expect(await lastAudit()).toMatchObject({
      actor: 'sara.supervisor', action: 'POST /api/approvals/:approvalId/approve', outcome: 'REFUSED',
      detail: { code: 'APPROVAL_DECIDED', approvalId: '9d3c1f2e-5a7b-4c8d-9e0f-1a2b3c4d5e6f', status: 409 },
    });
  });

  it('names the approval a role denial was aimed at', async () => {
    const response = await post('/api/approvals/9d3c1f2e-5a7b-4c8d-9e0f-1a2b3c4d5e6f/approve', sam, { reason: 'me too' }, { 'idempotency-key': 'k-sam' });
    expect(response.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({
      actor: 'sam.support', action: 'POST /api/approvals/:approvalId/approve', outcome: 'DENIED',
      detail: { reason: 'role', required: ['supervisor'], approvalId: '9d3c1f2e-5a7b-4c8d-9e0f-1a2b3c4d5e6f' },
    });
  });

  it('does not write a malformed request as a refusal', async () => {
    const before = await lastAudit();
    const response = await post(`/api/cases/${resolvedCase}/actions/annotate`, olivia, { note: '' }, { 'idempotency-key': 'k-empty', 'if-match': '"1"' });
    expect(response.statusCode).toBe(400);
    expect(await lastAudit()).toEqual(before);
  });
});
