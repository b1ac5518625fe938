// The dashboard through HTTP on a hand-made read model: hourly buckets with empty ones at 0, open cases per
// category at the end of each bucket, sync lag, commands, business counts, worker samples and deployments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { dashboardSchema, type Dashboard } from '../../contracts/dashboard.js';
import type { NewCase } from '../store/cases-repo.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { buildDashboard } from '../dashboard/dashboard-service.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';
import { dashboardRoutes } from './dashboard.js';

const NOW = new Date('2026-03-10T12:30:00.000Z');
let bff: TestBff;
let theo: TestLogin;
let dashboard: Dashboard;

const base = (overrides: Partial<NewCase>): NewCase => ({
  engineId: 'default', source: 'INCIDENT', category: 'TECHNICAL_TRANSIENT', unclassified: false, severity: 'MEDIUM',
  businessKey: null, entityType: 'ORDER', entityId: null, processInstanceId: 'pi-x', rootProcessInstanceId: null, definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability',
  incidentType: 'failedExternalTask', topic: null, errorMessage: null, firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null,
  runbookId: null, team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null, ...overrides,
});

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  if (!bff.app.hasRoute({ method: 'GET', url: '/api/dashboard' })) dashboardRoutes(bff.app, bff.ctx);
  const { db, cases } = bff.ctx;
  const make = async (input: NewCase, createdAt: string) => (await cases.create(db, input, new Date(createdAt))).id;
  const x = await make(base({ businessKey: 'order:ORD-1', firstSeenAt: '2026-03-10T10:02:00.000Z' }), '2026-03-10T10:05:00.000Z');
  const y = await make(base({ category: 'UNKNOWN_OUTCOME', activityId: 'reserveInventory', activityName: 'Reserve inventory', firstSeenAt: '2026-03-10T10:39:00.000Z' }), '2026-03-10T10:40:00.000Z');
  await make(base({ source: 'STUCK', category: 'TECHNICAL_PERSISTENT', activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback', firstSeenAt: '2026-03-10T12:00:00.000Z' }), '2026-03-10T12:10:00.000Z');
  const w = await make(base({ firstSeenAt: '2026-03-09T14:30:00.000Z' }), '2026-03-09T14:31:00.000Z');
  await db.query("UPDATE fallout_case SET status = 'RESOLVED', resolved_at = '2026-03-10T09:15:00Z' WHERE id = $1", [w]);

  const command = (id: string, caseId: string, action: string, state: string, at: string) =>
    db.query(
      `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, attempts, created_at, updated_at)
       VALUES ($1, $1, 'olivia.ops', $2, $3, 'h', $4, 1, $5, $5)`,
      [id, caseId, action, state, at],
    );
  await command('c1', x, 'RETRY_STEP', 'DONE', '2026-03-10T10:50:00Z');
  await command('c2', y, 'RETRY_STEP', 'FAILED', '2026-03-10T11:00:00Z');
  await command('c3', y, 'CONFIRM_EXTERNAL_OUTCOME', 'PENDING', '2026-03-10T11:05:00Z');
  await command('c4', w, 'RETRY_STEP', 'DONE', '2026-03-09T15:00:00Z');
  await command('c5', w, 'RESOLVE', 'DONE', '2026-03-10T09:10:00Z');
  await command('c6', w, 'RETRY_STEP', 'DONE', '2026-03-01T09:10:00Z'); // before the range

  const instance = (id: string, key: string, startedAt: string) =>
    db.query(
      `INSERT INTO process_instance (engine_id, id, business_key, definition_id, definition_key, state, started_at, synced_at)
       VALUES ('default', $1, $2, 'order-orchestration:3:x', 'order-orchestration', 'ACTIVE', $3, $3)`,
      [id, key, startedAt],
    );
  await instance('p1', 'order:ORD-1', '2026-03-10T10:00:00Z');
  await instance('p2', 'order:ORD-9', '2026-03-10T11:00:00Z');
  await instance('p3', 'order:ORD-0', '2026-03-08T11:00:00Z');

  const approval = (id: string, status: string, requestedAt: string, expiresAt: string) =>
    db.query(
      `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles,
         reason, evidence, status, requested_at, expires_at)
       VALUES ($1, $2, 'REQUEST_UNSAFE_RETRY', $1, 'h', '{}', 1, 'olivia.ops', '{support}', 'why', '[]', $3, $4, $5)`,
      [id, status === 'PENDING' ? y : w, status, requestedAt, expiresAt],
    );
  await approval('a1', 'EXPIRED', '2026-03-10T08:00:00Z', '2026-03-10T08:30:00Z');
  await approval('a2', 'PENDING', '2026-03-10T12:20:00Z', '2026-03-10T12:50:00Z');

  const samples = new EngineSamplesRepo(db);
  await samples.saveWorkerSample('default', { topic: 'inventory.reserve', waiting: 7, oldestWaitingSince: '2026-03-10T12:01:00.000Z' }, NOW);
  const definition = (key: string, name: string, version: number) => ({ key, name, version, id: `${key}:${version}:x` });
  await samples.saveDeployment('default', { id: 'd1', name: 'order-orchestration v3', deployedAt: '2026-03-10T08:00:00.000Z', definitionKeys: ['order-orchestration'], definitions: [definition('order-orchestration', 'Order orchestration', 3)] }, NOW);
  await samples.saveDeployment('default', { id: 'd0', name: 'old', deployedAt: '2026-03-01T08:00:00.000Z', definitionKeys: ['billing-handoff'], definitions: [definition('billing-handoff', 'Billing handoff', 1)] }, NOW);
  // Mirrored before versions were recorded (migration 019): shown without versions until the mirror fills them in.
  await db.query(
    `INSERT INTO engine_deployment (engine_id, id, name, deployed_at, definition_keys, synced_at) VALUES ('default', 'd2', 'legacy', '2026-03-10T09:00:00Z', '{billing-handoff}', $1)`,
    [NOW],
  );

  theo = await loginAs(bff.app, 'theo.tech');
  const response = await bff.app.inject({ url: '/api/dashboard?range=24h', headers: theo.headers });
  expect(response.statusCode, response.body).toBe(200);
  dashboard = z.parse(dashboardSchema, response.json());
}, 60_000);
afterAll(() => bff?.close());

const ZERO = { TECHNICAL_TRANSIENT: 0, TECHNICAL_PERSISTENT: 0, BUSINESS_UNMODELED: 0, DATA_CORRUPTION: 0, UNKNOWN_OUTCOME: 0, OPERATIONAL_UNSAFE: 0 };

describe('GET /api/dashboard', () => {
  it('buckets the cases opened per hour over 24 hours, empty hours at 0', () => {
    const opened = dashboard.business.openedPerBucket;
    expect(opened).toHaveLength(24);
    expect(opened[0]).toEqual({ at: '2026-03-09T13:00:00.000Z', values: { opened: 0 } });
    expect(opened[23]!.at).toBe('2026-03-10T12:00:00.000Z');
    const nonZero = opened.filter((p) => p.values.opened! > 0).map((p) => [p.at, p.values.opened]);
    expect(nonZero).toEqual([
      ['2026-03-09T14:00:00.000Z', 1],
      ['2026-03-10T10:00:00.000Z', 2],
      ['2026-03-10T12:00:00.000Z', 1],
    ]);
  });

  it('counts the open cases per category at the end of each bucket', () => {
    const at = (hour: string) => dashboard.technical.openByCategory.find((p) => p.at === hour)?.values;
    expect(dashboard.technical.openByCategory).toHaveLength(24);
    expect(at('2026-03-09T13:00:00.000Z')).toEqual(ZERO);
    expect(at('2026-03-10T08:00:00.000Z')).toEqual({ ...ZERO, TECHNICAL_TRANSIENT: 1 });
    expect(at('2026-03-10T09:00:00.000Z')).toEqual(ZERO);
    expect(at('2026-03-10T12:00:00.000Z')).toEqual({ ...ZERO, TECHNICAL_TRANSIENT: 1, UNKNOWN_OUTCOME: 1, TECHNICAL_PERSISTENT: 1 });
  });

  it('reports the incident and stuck hot spots with the queue filter to open', () => {
    expect(dashboard.technical.incidentsByActivity).toEqual([
      { processKey: 'order-orchestration', processVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability', count: 1, transient: 1,
        filter: 'processKey=order-orchestration&processVersion=3&activityId=checkAvailability&source=INCIDENT&status=incident' },
      { processKey: 'order-orchestration', processVersion: 3, activityId: 'reserveInventory', activityName: 'Reserve inventory', count: 1, transient: 0,
        filter: 'processKey=order-orchestration&processVersion=3&activityId=reserveInventory&source=INCIDENT&status=incident' },
    ]);
    expect(dashboard.business.stuckByStage).toEqual([
      { activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback', count: 1, filter: 'view=stuck&activityId=waitForReservationCallback&status=open' },
    ]);
  });

  it('summarises commands, sync lag, retries and manual recoveries in the range', () => {
    expect(dashboard.technical.commands).toEqual([
      { action: 'CONFIRM_EXTERNAL_OUTCOME', done: 0, pending: 1, failed: 0 },
      { action: 'RESOLVE', done: 1, pending: 0, failed: 0 },
      { action: 'RETRY_STEP', done: 2, pending: 0, failed: 1 },
    ]);
    // Lags 3 min, 1 min, 1 min.
    expect(dashboard.technical.syncLag).toMatchObject({ medianMs: 60_000, p95Ms: 168_000 });
    expect(dashboard.business.retryToSuccess).toEqual({ retries: 2, resolvedAfterRetry: 1, ratio: 0.5 });
    expect(dashboard.business.manualRecoveries).toBe(1);
  });

  it('counts sync lag only for incidents raised while the sync was live, not a backlog found at start-up', async () => {
    // The sync went live at 10:30: only the 10:39 incident (1 min) was caught live; 10:02 and yesterday's were backlog.
    const live = await buildDashboard(
      { db: bff.ctx.db, engineId: null, lastSyncSuccessAt: NOW, syncLiveSince: new Date('2026-03-10T10:30:00.000Z') },
      '7d',
      NOW,
    );
    expect(live.technical.syncLag).toMatchObject({ medianMs: 60_000, p95Ms: 60_000 });
  });

  it('reports fallout rate, approval breaches and open unknown outcomes', () => {
    expect(dashboard.business.falloutRate).toEqual({ orders: 2, withCase: 1, rate: 0.5 });
    expect(dashboard.business.approvalSlaBreaches).toBe(1);
    expect(dashboard.business.unknownOutcomeOpen).toBe(1);
  });

  it('shows the sampled workers and the deployments in the range', () => {
    expect(dashboard.technical.workers).toEqual([
      {
        engineId: 'default', topic: 'inventory.reserve', waiting: 7, oldestWaitingSince: '2026-03-10T12:01:00.000Z', sampledAt: '2026-03-10T12:30:00.000Z',
        // A sample without the early-warning reads (no worker evidence, nothing retrying, no lock ran out).
        workerSeenAt: null, retrying: 0, lockExpiredNow: 0, lockExpirationsInRange: 0,
      },
    ]);
    expect(dashboard.technical.retryingSteps).toEqual([]);
    expect(dashboard.technical.deployments).toEqual([
      {
        at: '2026-03-10T08:00:00.000Z',
        engineId: 'default',
        name: 'order-orchestration v3',
        definitions: ['order-orchestration'],
        // The four cases made above are on order-orchestration v3, one of them resolved: all are counted.
        versions: [
          {
            processKey: 'order-orchestration',
            processName: 'Order orchestration',
            version: 3,
            cases: 4,
            casesCapped: false,
            filter: 'processKey=order-orchestration&processVersion=3&status=all',
          },
        ],
      },
      { at: '2026-03-10T09:00:00.000Z', engineId: 'default', name: 'legacy', definitions: ['billing-handoff'] },
    ]);
  });

  it('links a deployed version to exactly its cases in the queue', async () => {
    const filter = dashboard.technical.deployments[0]!.versions![0]!.filter;
    const response = await bff.app.inject({ url: `/api/queue?${filter}`, headers: theo.headers });
    expect(response.statusCode, response.body).toBe(200);
    const queue = response.json() as { total: number; items: { processDefinitionVersion: number | null }[] };
    expect(queue.total).toBe(4);
    expect(queue.items.map((i) => i.processDefinitionVersion)).toEqual([3, 3, 3, 3]);
    // Another version of the same process has none of them.
    const other = await bff.app.inject({ url: '/api/queue?processKey=order-orchestration&processVersion=2&status=all', headers: theo.headers });
    expect((other.json() as { total: number }).total).toBe(0);
  });

  it('fills in the versions of a deployment mirrored before they were recorded, once', async () => {
    const samples = new EngineSamplesRepo(bff.ctx.db);
    expect([...(await samples.deploymentIdsWithDefinitions('default', ['d0', 'd1', 'd2']))].sort()).toEqual(['d0', 'd1']);
    const backfill = { id: 'd2', name: 'legacy', deployedAt: '2026-03-10T09:00:00.000Z', definitionKeys: ['billing-handoff'] };
    await samples.saveDeployment('default', { ...backfill, definitions: [{ key: 'billing-handoff', name: 'Billing handoff', version: 2, id: 'b:2' }] }, NOW);
    // A second write never overwrites what is recorded.
    await samples.saveDeployment('default', { ...backfill, definitions: [{ key: 'billing-handoff', name: 'Billing handoff', version: 9, id: 'b:9' }] }, NOW);
    const [row] = await bff.ctx.db.query<{ definitions: unknown }>("SELECT definitions FROM engine_deployment WHERE id = 'd2'");
    expect(row!.definitions).toEqual([{ key: 'billing-handoff', name: 'Billing handoff', version: 2, id: 'b:2' }]);
  });

  it('buckets by day for 7 days', async () => {
    const body = z.parse(dashboardSchema, (await bff.app.inject({ url: '/api/dashboard?range=7d', headers: theo.headers })).json());
    expect(body.business.openedPerBucket.map((p) => [p.at, p.values.opened])).toEqual([
      ['2026-03-04T00:00:00.000Z', 0],
      ['2026-03-05T00:00:00.000Z', 0],
      ['2026-03-06T00:00:00.000Z', 0],
      ['2026-03-07T00:00:00.000Z', 0],
      ['2026-03-08T00:00:00.000Z', 0],
      ['2026-03-09T00:00:00.000Z', 1],
      ['2026-03-10T00:00:00.000Z', 3],
    ]);
  });

  it('refuses an unknown range and a support-only user', async () => {
    const bad = await bff.app.inject({ url: '/api/dashboard?range=1y', headers: theo.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_RANGE' });
    const sam = await loginAs(bff.app, 'sam.support');
    expect((await bff.app.inject({ url: '/api/dashboard', headers: sam.headers })).statusCode).toBe(403);
  });
});
