// The audit endpoints through HTTP: who may call them, filters, masking, export files and verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { auditListSchema, auditVerificationSchema } from '../../contracts/audit.js';
import { appendAudit, type AuditEntry } from '../store/audit-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';
import { auditRoutes } from './audit.js';

let bff: TestBff;
let auditor: TestLogin;
let supervisor: TestLogin;
let support: TestLogin;

const event = (overrides: Partial<AuditEntry>): AuditEntry => ({
  at: new Date('2026-03-01T08:00:00.000Z'), actor: 'omar.ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment',
  caseId: 'FO-2026-000901', businessKey: 'ORD-9001', action: 'RETRY_STEP', commandId: null, idempotencyKey: null, outcome: 'REQUESTED',
  detail: {}, ...overrides,
});

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
  // Until app.ts registers the audit routes, the test does (with the catalog's name for the e-mail field).
  if (!bff.app.hasRoute({ method: 'GET', url: '/api/audit' })) auditRoutes(bff.app, bff.ctx, { sensitiveFields: () => ['customerEmail'] });
  for (const e of [
    event({ detail: { inputs: { contact: { customerEmail: 'jane@example.com', channel: 'mail' } } } }),
    event({ at: new Date('2026-03-01T09:00:00.000Z'), outcome: 'DONE', detail: { engineCalls: [{ call: 'PUT /job/retries', result: 204 }] } }),
    event({ at: new Date('2026-03-02T09:00:00.000Z'), caseId: 'FO-2026-000902', businessKey: 'ORD-9002', actor: '=cmd', outcome: 'DENIED' }),
  ]) {
    await bff.ctx.db.transaction((tx) => appendAudit(tx, e));
  }
  auditor = await loginAs(bff.app, 'aud.auditor');
  supervisor = await loginAs(bff.app, 'sara.supervisor');
  support = await loginAs(bff.app, 'sam.support');
}, 60_000);
afterAll(() => bff?.close());

const get = (url: string, login?: TestLogin) => bff.app.inject({ method: 'GET', url, headers: login?.headers ?? {} });

describe('GET /api/audit', () => {
  it('lists the events of a case, newest first, with the customer e-mail masked', async () => {
    const response = await get('/api/audit?caseId=FO-2026-000901', supervisor);
    expect(response.statusCode).toBe(200);
    const body = z.parse(auditListSchema, response.json());
    expect(body.total).toBe(2);
    expect(body.items.map((e) => [e.at, e.outcome])).toEqual([
      ['2026-03-01T09:00:00.000Z', 'DONE'],
      ['2026-03-01T08:00:00.000Z', 'REQUESTED'],
    ]);
    expect(body.items[1]!.detail).toEqual({ inputs: { contact: { customerEmail: '***', channel: 'mail' } } });
    expect(body.items[1]!.team).toBe('fulfillment');
    expect(body.items[0]!.prevHash).toBe(body.items[1]!.hash);
  });

  it('filters by business key and time range, and pages', async () => {
    const byKey = z.parse(auditListSchema, (await get('/api/audit?businessKey=ord-9002', auditor)).json());
    expect(byKey.items.map((e) => e.caseId)).toEqual(['FO-2026-000902']);
    const byTime = z.parse(auditListSchema, (await get('/api/audit?from=2026-03-01T08:30:00Z&to=2026-03-02&order=asc', auditor)).json());
    expect(byTime.items.map((e) => e.outcome)).toEqual(['DONE']);
    const paged = z.parse(auditListSchema, (await get('/api/audit?caseId=FO-2026-000901&limit=1&offset=1', auditor)).json());
    expect(paged).toMatchObject({ total: 2, items: [{ outcome: 'REQUESTED' }] });
  });

  it('answers 400 with a code for bad filters', async () => {
    expect((await get('/api/audit?limit=5000', auditor)).json()).toMatchObject({ code: 'INVALID_LIMIT' });
    expect((await get('/api/audit?from=last-week', auditor)).json()).toMatchObject({ code: 'INVALID_TIME' });
    const reversed = await get('/api/audit?from=2026-03-02&to=2026-03-01', auditor);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ code: 'INVALID_TIME_RANGE' });
  });

  it('is refused without a session and to a user without the supervisor or auditor role', async () => {
    expect((await get('/api/audit')).statusCode).toBe(401);
    const refused = await get('/api/audit', support);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('GET /api/audit/export', () => {
  it('downloads NDJSON of a case in chain order, masked, and records the export', async () => {
    const response = await get('/api/audit/export?format=ndjson&caseId=FO-2026-000901', auditor);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="audit-case-FO-2026-000901-\d{8}T\d{6}Z\.ndjson"$/);
    expect(response.body).not.toContain('jane@example.com');
    const lines = response.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { outcome: string; detail: unknown });
    expect(lines.map((l) => l.outcome)).toEqual(['REQUESTED', 'DONE']);
    expect(lines[0]!.detail).toEqual({ inputs: { contact: { customerEmail: '***', channel: 'mail' } } });

    const recorded = z.parse(auditListSchema, (await get('/api/audit?caseId=FO-2026-000901&limit=1', auditor)).json()).items[0];
    expect(recorded).toMatchObject({ actor: 'aud.auditor', team: 'compliance', action: 'EXPORT_AUDIT', outcome: 'EXPORTED' });
  });

  it('downloads CSV with a guarded formula cell', async () => {
    const response = await get('/api/audit/export?format=csv&businessKey=ORD-9002', auditor);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/filename="audit-key-ORD-9002-\d{8}T\d{6}Z\.csv"$/);
    const rows = response.body.split('\r\n');
    expect(rows[0]).toBe('seq,at,actor,roles,team,case_id,business_key,action,command_id,idempotency_key,outcome,detail,prev_hash,hash');
    expect(rows[1]).toMatch(/^\d+,2026-03-02T09:00:00\.000Z,'=cmd,support;fulfillment_ops,fulfillment,FO-2026-000902,ORD-9002,RETRY_STEP,,,DENIED,\{\},[0-9a-f]{64},[0-9a-f]{64}$/);
    expect(rows).toHaveLength(3);
  });

  it('needs the auditor role and a known format; a refused export is itself audited', async () => {
    expect((await get('/api/audit/export?format=csv', supervisor)).statusCode).toBe(403);
    const refusals = z.parse(auditListSchema, (await get('/api/audit?limit=1', auditor)).json()).items;
    expect(refusals[0]).toMatchObject({ actor: 'sara.supervisor', action: 'GET /api/audit/export', outcome: 'DENIED', detail: { reason: 'role', required: ['auditor'] } });
    const bad = await get('/api/audit/export?format=pdf', auditor);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_FORMAT' });
  });
});

describe('GET /api/audit/verify', () => {
  it('reports the intact chain to an auditor only', async () => {
    const response = await get('/api/audit/verify', auditor);
    expect(response.statusCode).toBe(200);
    expect(z.parse(auditVerificationSchema, response.json())).toMatchObject({ ok: true, problems: [] });
    expect((await get('/api/audit/verify', supervisor)).statusCode).toBe(403);
  });
});
