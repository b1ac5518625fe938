// GET /metrics after real actions through the API: requests, commands that finish, the read model's cases,
// the outbox, the sync's lag and failed engine calls all move the series Prometheus reads; and METRICS_TOKEN
// closes the endpoint. In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { parsePrometheusText, sampleValue, type PromSample } from '../testing/prometheus-text.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let olivia: TestLogin;
const caseIds: string[] = [];

const base = (n: number, overrides: Partial<NewCase> = {}): NewCase => ({
  engineId: 'default', source: 'STUCK', category: 'BUSINESS_UNMODELED', unclassified: false, severity: 'MEDIUM',
  businessKey: `order:ORD-7${n}`, entityType: 'ORDER', entityId: `ORD-7${n}`, processInstanceId: `p7${n}`, rootProcessInstanceId: `p7${n}`, definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback',
  incidentType: null, topic: null, errorMessage: null, firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null, runbookId: null, team: 'fulfillment',
  slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: `stuck:p7${n}:waitForReservationCallback`, ...overrides,
});

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  const { db, cases } = bff.ctx;
  caseIds.push((await cases.create(db, base(1), NOW)).id);
  caseIds.push((await cases.create(db, base(2), NOW)).id);
  caseIds.push((await cases.create(db, base(3, { category: 'DATA_CORRUPTION', severity: 'HIGH' }), NOW)).id);
  await db.query("UPDATE fallout_case SET status = 'ESCALATED' WHERE id = $1", [caseIds[2]]);
  olivia = await loginAs(bff.app, 'olivia.ops');
}, 60_000);
afterAll(() => bff?.close());

async function scrape(app = bff.app, headers: Record<string, string> = {}): Promise<PromSample[]> {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(response.body);
}

const post = (url: string, key: string, payload: Record<string, unknown>) =>
  bff.app.inject({ method: 'POST', url, headers: { ...olivia.headers, 'idempotency-key': key, 'if-match': '"1"' }, payload });

describe('GET /metrics', () => {
  it('times requests by route template and status, never by raw URL', async () => {
    const before = await scrape();
    const count = (samples: PromSample[], route: string, status: string) =>
      sampleValue(samples, 'fw_http_request_duration_seconds_count', { method: 'GET', route, status }) ?? 0;
    expect((await bff.app.inject({ url: '/api/queue', headers: olivia.headers })).statusCode).toBe(200);
    expect((await bff.app.inject({ url: `/api/cases/${caseIds[0]}`, headers: olivia.headers })).statusCode).toBe(200);
    expect((await bff.app.inject({ url: '/api/cases/FO-2026-999999', headers: olivia.headers })).statusCode).toBe(404);
    expect((await bff.app.inject({ url: '/api/queue' })).statusCode).toBe(401);
    const after = await scrape();
    expect(count(after, '/api/queue', '200') - count(before, '/api/queue', '200')).toBe(1);
    expect(count(after, '/api/queue', '401') - count(before, '/api/queue', '401')).toBe(1);
    expect(count(after, '/api/cases/:caseId', '200') - count(before, '/api/cases/:caseId', '200')).toBe(1);
    expect(count(after, '/api/cases/:caseId', '404') - count(before, '/api/cases/:caseId', '404')).toBe(1);
    // No series names a case.
    expect(after.some((s) => Object.values(s.labels).some((v) => v.includes('FO-2026')))).toBe(false);
  });

  it('counts commands by action and outcome when they finish', async () => {
    const before = await scrape();
    const commands = (samples: PromSample[], action: string, outcome: string) => sampleValue(samples, 'fw_commands_total', { action, outcome }) ?? 0;
    // An assignment finishes at once, and so does a note on a case without an engine incident.
    expect((await post(`/api/cases/${caseIds[0]}/actions/assign`, 'm-assign-1', { assignee: 'olivia.ops' })).statusCode).toBe(200);
    const note = await post(`/api/cases/${caseIds[1]}/actions/annotate`, 'm-note-1', { note: 'called the warehouse' });
    expect(note.statusCode, note.body).toBe(200);
    expect(note.json()).toMatchObject({ outcome: 'DONE' });
    // A repeat of the same request answers the first outcome and finishes nothing.
    expect((await post(`/api/cases/${caseIds[0]}/actions/assign`, 'm-assign-1', { assignee: 'olivia.ops' })).statusCode).toBe(200);
    const after = await scrape();
    expect(commands(after, 'ASSIGN', 'DONE') - commands(before, 'ASSIGN', 'DONE')).toBe(1);
    expect(commands(after, 'ANNOTATE', 'DONE') - commands(before, 'ANNOTATE', 'DONE')).toBe(1);
  });

  it('reads the cases by category and status from the read model at scrape time', async () => {
    let samples = await scrape();
    // Two stuck orders, one of them assigned above (in progress), and one escalated data corruption.
    expect(sampleValue(samples, 'fw_cases', { category: 'BUSINESS_UNMODELED', status: 'OPEN' })).toBe(1);
    expect(sampleValue(samples, 'fw_cases', { category: 'BUSINESS_UNMODELED', status: 'IN_PROGRESS' })).toBe(1);
    expect(sampleValue(samples, 'fw_cases', { category: 'DATA_CORRUPTION', status: 'ESCALATED' })).toBe(1);
    expect(sampleValue(samples, 'fw_read_model_up')).toBe(1);
    // Resolved: it leaves the working set, and the series with it.
    await bff.ctx.db.query("UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $2 WHERE id = $1", [caseIds[2], NOW]);
    samples = await scrape();
    expect(sampleValue(samples, 'fw_cases', { category: 'DATA_CORRUPTION', status: 'ESCALATED' })).toBeUndefined();
    expect(sampleValue(samples, 'fw_cases', { category: 'BUSINESS_UNMODELED', status: 'OPEN' })).toBe(1);
  });

  it('reports the outbox depth: commands pending or running', async () => {
    expect(sampleValue(await scrape(), 'fw_outbox_commands', { state: 'PENDING' })).toBe(0);
    await bff.ctx.db.query(
      `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, attempts, created_at, updated_at)
       VALUES ('m-pending-1', 'm-pending-1', 'olivia.ops', $1, 'RETRY_STEP', 'h', 'PENDING', 1, $2, $2),
              ('m-pending-2', 'm-pending-2', 'olivia.ops', $1, 'RETRY_STEP', 'h', 'PENDING', 1, $2, $2),
              ('m-running-1', 'm-running-1', 'olivia.ops', $1, 'RETRY_STEP', 'h', 'RUNNING', 1, $2, $2)`,
      [caseIds[1], NOW],
    );
    const samples = await scrape();
    expect(sampleValue(samples, 'fw_outbox_commands', { state: 'PENDING' })).toBe(2);
    expect(sampleValue(samples, 'fw_outbox_commands', { state: 'RUNNING' })).toBe(1);
    await bff.ctx.db.query("DELETE FROM recovery_command WHERE id LIKE 'm-pending-%' OR id = 'm-running-1'");
  });

  it("reports each engine's sync lag from the last good pass the leader stored", async () => {
    await bff.ctx.db.query(
      `INSERT INTO sync_status (engine_id, last_success_at, updated_at) VALUES ('default', $1, $1), ('second', $2, $2)
       ON CONFLICT (engine_id) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`,
      [new Date(NOW.getTime() - 90_000), new Date(NOW.getTime() - 3_600_000)],
    );
    const samples = await scrape();
    expect(sampleValue(samples, 'fw_sync_lag_seconds', { engine: 'default' })).toBe(90);
    expect(sampleValue(samples, 'fw_sync_lag_seconds', { engine: 'second' })).toBe(3600);
  });

  it('counts engine calls that fail, by path template', async () => {
    const before = await scrape();
    const errors = (samples: PromSample[]) => sampleValue(samples, 'fw_engine_request_errors_total', { method: 'GET', route: '/version', outcome: 'transport' }) ?? 0;
    // The health answer asks the engine for its version: the port is closed.
    expect((await bff.app.inject({ url: '/api/health', headers: olivia.headers })).statusCode).toBe(200);
    const after = await scrape();
    expect(errors(after) - errors(before)).toBe(1);
    expect(sampleValue(after, 'fw_engine_request_duration_seconds_count', { method: 'GET', route: '/version', outcome: 'transport' })).toBeGreaterThanOrEqual(1);
  });

  it('keeps series of several apps apart (one registry per app)', async () => {
    const other = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
    try {
      const samples = await scrape(other.app);
      expect(sampleValue(samples, 'fw_commands_total', { action: 'ASSIGN', outcome: 'DONE' })).toBeUndefined();
      expect(sampleValue(samples, 'fw_http_request_duration_seconds_count', { method: 'GET', route: '/api/queue', status: '200' })).toBeUndefined();
    } finally {
      await other.close();
    }
  }, 60_000);
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const token = 'scrape-token-0123456789';

  it('answers 401 without the bearer token or with a wrong one, and the metrics with it', async () => {
    const app = await buildApp(bff.ctx, { metricsToken: token });
    try {
      const bare = await app.inject({ method: 'GET', url: '/metrics' });
      expect(bare.statusCode).toBe(401);
      expect(bare.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(bare.json()).toEqual({ code: 'METRICS_TOKEN_REQUIRED', message: 'This endpoint needs the metrics bearer token (METRICS_TOKEN).' });
      expect(bare.body).not.toContain('fw_');
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-token-012345678X' } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: token } })).statusCode).toBe(401);
      const samples = await scrape(app, { authorization: `Bearer ${token}` });
      expect(sampleValue(samples, 'fw_read_model_up')).toBe(1);
    } finally {
      await app.close();
    }
  });
});
