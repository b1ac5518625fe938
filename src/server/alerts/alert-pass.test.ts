// The alert rules on a hand-made read model (in-memory PGlite, the reference catalog's shipped thresholds):
// which alerts fire, with which payload, and how they resolve, re-fire and land in the audit chain. Expected
// results are written out by hand from the rows inserted here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { alertPayloadSchema } from '../../contracts/alerts.js';
import { referenceCatalog } from '../catalog/testing.js';
import type { Catalog } from '../catalog/catalog.js';
import { AlertReads } from '../store/alert-reads.js';
import { AlertsRepo } from '../store/alerts-repo.js';
import type { Db } from '../store/db.js';
import { openTestPglite } from '../testing/pglite-template.js';
import { historyCleanupJobsSchema } from '../engine/adapter.js';
import { evaluateCandidates, runAlertPass, type AlertPassDeps } from './alert-pass.js';
import { alertmanagerAlert } from './delivery.js';
import type { HistoryCleanupJob } from './rules.js';

const T0 = new Date('2026-06-15T10:00:00.000Z');
let db: Db;
let catalog: Catalog;
let now = T0;
let cleanupJobs: () => Promise<HistoryCleanupJob[]> = async () => [];
let n = 0;

interface CaseSpec {
  step: [process: string, activity: string, name: string];
  source?: 'INCIDENT' | 'STUCK';
  status?: string;
  version?: number;
  incidentType?: string | null;
  category?: string;
  runbook?: string;
  key?: string;
  minutesAgo?: number;
}

async function insertCase(c: CaseSpec): Promise<string> {
  const id = `FO-2026-${String(++n).padStart(6, '0')}`;
  const seen = new Date(now.getTime() - (c.minutesAgo ?? 1) * 60_000);
  const key = c.key ?? `order:ORD-${900000 + n}`;
  await db.query(
    `INSERT INTO fallout_case (id, engine_id, source, status, category, severity, business_key, entity_type, entity_id, process_instance_id,
       definition_key, definition_version, activity_id, activity_name, incident_type, first_seen_at, last_seen_at, created_at, updated_at, sla_due_at,
       runbook_id, resolved_at)
     VALUES ($1, 'default', $2, $3, $4, 'HIGH', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $14, $14, $14, $15, $16)`,
    [
      id, c.source ?? 'INCIDENT', c.status ?? 'OPEN', c.category ?? 'TECHNICAL_TRANSIENT', key, key.split(':')[0], key.split(':')[1], `pi-${n}`,
      c.step[0], c.version ?? 3, c.step[1], c.step[2], c.incidentType === undefined ? 'failedExternalTask' : c.incidentType, seen,
      c.runbook ?? 'dependency-unavailable', c.status === 'RESOLVED' ? now : null,
    ],
  );
  return id;
}

const CHECK: CaseSpec['step'] = ['order-orchestration', 'checkAvailability', 'Check availability'];
const RESERVE: CaseSpec['step'] = ['order-orchestration', 'reserveInventory', 'Reserve inventory'];
const CALLBACK: CaseSpec['step'] = ['order-orchestration', 'waitForReservationCallback', 'Wait for reservation callback'];
const VALIDATE: CaseSpec['step'] = ['order-orchestration', 'validateOrder', 'Validate order'];
const BILLING: CaseSpec['step'] = ['billing-handoff', 'billingHandoffTask', 'Hand off to billing'];
const APPROVE: CaseSpec['step'] = ['quote-approval', 'approveQuote', 'Approve quote'];

const deps = (): AlertPassDeps => ({
  db, engineId: 'default', catalog, clock: { now: () => now },
  reads: new AlertReads(db), repo: new AlertsRepo(db),
  historyCleanupJobs: () => cleanupJobs(),
  channels: [{ channel: 'alertmanager', target: 'alertmanager.example:9093' }, { channel: 'webhook', target: 'hooks.example' }],
  multiEngine: false,
  log: () => undefined,
});

beforeAll(async () => {
  db = await openTestPglite();
  catalog = await referenceCatalog();
}, 60_000);
afterAll(async () => db?.close());

describe('alert rules on the read model', { timeout: 20_000 }, () => {
  let checkCases: string[];

  beforeEach(async () => {
    for (const table of ['alert_delivery', 'alert_event', 'alert', 'approval_request', 'case_event', 'fallout_case', 'engine_deployment', 'definition_report', 'process_instance', 'worker_sample', 'lock_expiry_seen']) await db.query(`DELETE FROM ${table}`);
    now = T0;
    cleanupJobs = async () => [];
    // A storm at Check availability: 4 open (baseline 3), plus one resolved earlier that must not count.
    checkCases = [];
    for (let i = 0; i < 4; i++) checkCases.push(await insertCase({ step: CHECK, minutesAgo: 10 - i, key: `order:ORD-10010${i}` }));
    await insertCase({ step: CHECK, status: 'RESOLVED' });
    // One failure at Reserve inventory: below its baseline.
    await insertCase({ step: RESERVE, category: 'UNKNOWN_OUTCOME', runbook: 'inventory-reservation-unknown-outcome' });
    // Billing's own baseline is 1: two open fire.
    await insertCase({ step: BILLING, category: 'OPERATIONALLY_UNSAFE', runbook: 'side-effecting-step-failure', version: 1 });
    await insertCase({ step: BILLING, category: 'OPERATIONALLY_UNSAFE', runbook: 'side-effecting-step-failure', version: 1 });
    // Two orders held at the callback beyond budget (backlog), one quote held at the approval step (approval SLA).
    await insertCase({ step: CALLBACK, source: 'STUCK', category: 'UNKNOWN_OUTCOME', incidentType: null, runbook: 'stuck-waiting-for-reservation-callback' });
    await insertCase({ step: CALLBACK, source: 'STUCK', category: 'UNKNOWN_OUTCOME', incidentType: null, runbook: 'stuck-waiting-for-reservation-callback' });
    await insertCase({ step: APPROVE, source: 'STUCK', category: 'TECHNICAL_PERSISTENT', incidentType: null, key: 'quote:Q-2002:rev:2', runbook: 'quote-approval-task-stuck', version: 1 });
    // The same job failing in two orders at Validate order (a defect), on version 2.
    await insertCase({ step: VALIDATE, incidentType: 'failedJob', category: 'TECHNICAL_PERSISTENT', version: 2, runbook: 'incident-spike-after-deployment' });
    await insertCase({ step: VALIDATE, incidentType: 'failedJob', category: 'TECHNICAL_PERSISTENT', version: 2, runbook: 'incident-spike-after-deployment' });
    // The release that brought version 3 of the order process, 30 minutes before.
    await db.query(
      `INSERT INTO engine_deployment (engine_id, id, name, deployed_at, definition_keys, synced_at, definitions)
       VALUES ('default', 'dep-1', 'order-release-42', $1, '{order-orchestration}', $1, $2::jsonb)`,
      [new Date(T0.getTime() - 30 * 60_000), JSON.stringify([{ key: 'order-orchestration', name: 'Order orchestration', version: 3, id: 'order-orchestration:3:x' }])],
    );
  });

  it('finds exactly the conditions above the shipped thresholds', async () => {
    const { candidates, evaluated } = await evaluateCandidates(deps());
    expect([...evaluated].sort()).toEqual(['approvals', 'deployments', 'failedJobs', 'historyCleanup', 'lockExpiries', 'steps']);
    expect(candidates.map((c) => [c.rule, c.scope, c.observed, c.threshold]).sort()).toEqual([
      ['APPROVAL_SLA_BREACH', 'quote-approval/approveQuote', 1, 1],
      ['INCIDENT_SPIKE', 'billing-handoff/billingHandoffTask', 2, 1],
      ['INCIDENT_SPIKE', 'order-orchestration/checkAvailability', 4, 3],
      ['ORDER_BACKLOG', 'order-orchestration/waitForReservationCallback', 2, 1],
      ['REPEATED_FAILED_JOB', 'order-orchestration/validateOrder', 2, 2],
    ]);
  });

  it('fires one alert per rule and scope with the §14.2 payload, audited and queued for every receiver', async () => {
    const result = await runAlertPass(deps());
    expect(result).toEqual({ fired: 5, refired: 0, resolved: 0, firing: 5 });
    const [spike] = (await new AlertsRepo(db).firing('default')).filter((a) => a.scope === 'order-orchestration/checkAvailability');
    const payload = z.parse(alertPayloadSchema, spike!.payload);
    expect(payload).toEqual({
      title: '4 orders failing at Check availability',
      severity: 'HIGH',
      impact: { ordersAffected: 4, quoteApprovalsDelayed: 0, text: '4 orders stopped at Check availability until the failure is recovered.' },
      measure: { observed: 4, threshold: 3, text: '4 open failures at this step where up to 3 are usual' },
      process: { key: 'order-orchestration', name: null, versions: [3] },
      activity: { id: 'checkAvailability', name: 'Check availability' },
      category: 'TECHNICAL_TRANSIENT',
      // Newest first.
      exampleBusinessKeys: ['order:ORD-100103', 'order:ORD-100102', 'order:ORD-100101', 'order:ORD-100100'],
      firstDetectedAt: T0.toISOString(),
      recentDeployment: {
        name: 'order-release-42',
        deployedAt: '2026-06-15T09:30:00.000Z',
        versions: [3],
        text: 'Deployment "order-release-42" released version 3, which the affected cases run: suspect the release first.',
      },
      safeFirstAction: expect.stringMatching(/^Check the downstream service the step calls; .*\. Runbook, first check: /),
      runbook: { id: 'dependency-unavailable', title: 'Dependency unavailable for a safe step', url: '/catalog#runbook-dependency-unavailable' },
      casesUrl: '/cases?processKey=order-orchestration&activityId=checkAvailability&source=INCIDENT',
      technical: { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability' },
    });
    const quote = (await new AlertsRepo(db).firing('default')).find((a) => a.rule === 'APPROVAL_SLA_BREACH')!;
    expect(quote.payload.title).toBe('1 quote approval past the approval deadline at Approve quote');
    expect(quote.payload.impact).toMatchObject({ ordersAffected: 0, quoteApprovalsDelayed: 1 });
    expect(quote.payload.recentDeployment).toBeNull();

    const audit = await db.query<{ action: string; outcome: string; detail: string }>(`SELECT action, outcome, detail::text FROM audit_event WHERE action LIKE 'ALERT_%' ORDER BY seq`);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual(Array.from({ length: 5 }, () => ['ALERT_FIRED', 'FIRED']));
    const deliveries = await db.query<{ channel: string; sent_status: string; pending: boolean }>('SELECT channel, sent_status, pending FROM alert_delivery WHERE alert_id = $1 ORDER BY channel', [spike!.id]);
    expect(deliveries).toEqual([
      { channel: 'alertmanager', sent_status: 'FIRING', pending: true },
      { channel: 'webhook', sent_status: 'FIRING', pending: true },
    ]);

    // A second pass with nothing changed fires nothing new and keeps the first detection time.
    now = new Date(T0.getTime() + 60_000);
    expect(await runAlertPass(deps())).toEqual({ fired: 0, refired: 0, resolved: 0, firing: 5 });
    const again = (await new AlertsRepo(db).firing('default')).find((a) => a.id === spike!.id)!;
    expect(again.payload.firstDetectedAt).toBe(T0.toISOString());
  });

  it('resolves once the count is back at the baseline, and re-fires the same alert with its history', async () => {
    await runAlertPass(deps());
    // The sync verified two of the four failures gone in the engine: 2 open, baseline 3.
    await db.query(`UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $2 WHERE id = ANY($1::text[])`, [checkCases.slice(0, 2), now]);
    now = new Date(T0.getTime() + 60_000);
    expect(await runAlertPass(deps())).toMatchObject({ fired: 0, refired: 0, resolved: 1 });
    const [resolved] = await db.query<{ id: string; status: string; resolved_at: Date }>(`SELECT id, status, resolved_at FROM alert WHERE scope = 'order-orchestration/checkAvailability'`);
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolved_at: now });
    expect(await db.query(`SELECT channel, sent_status, pending, attempts FROM alert_delivery WHERE alert_id = $1 ORDER BY channel`, [resolved!.id])).toEqual([
      { channel: 'alertmanager', sent_status: 'RESOLVED', pending: true, attempts: 0 },
      { channel: 'webhook', sent_status: 'RESOLVED', pending: true, attempts: 0 },
    ]);

    // Two new failures at the step: 4 again, the same alert fires a second time.
    await insertCase({ step: CHECK, key: 'order:ORD-100200' });
    await insertCase({ step: CHECK, key: 'order:ORD-100201' });
    now = new Date(T0.getTime() + 120_000);
    expect(await runAlertPass(deps())).toMatchObject({ fired: 0, refired: 1, resolved: 0 });
    const [refired] = await db.query<{ id: string; status: string; episodes: number; first_detected_at: Date }>(
      `SELECT id, status, episodes, first_detected_at FROM alert WHERE scope = 'order-orchestration/checkAvailability'`,
    );
    expect(refired).toMatchObject({ id: resolved!.id, status: 'FIRING', episodes: 2, first_detected_at: now });
    const history = await db.query<{ kind: string }>('SELECT kind FROM alert_event WHERE alert_id = $1 ORDER BY at', [resolved!.id]);
    expect(history.map((h) => h.kind)).toEqual(['FIRED', 'RESOLVED', 'REFIRED']);
    const audit = await db.query<{ action: string; outcome: string }>(`SELECT action, outcome FROM audit_event WHERE detail::text LIKE $1 ORDER BY seq`, [`%${resolved!.id}%`]);
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(['ALERT_FIRED:FIRED', 'ALERT_RESOLVED:RESOLVED', 'ALERT_FIRED:REFIRED']);
  });

  it('an approval request that expired unanswered while its order still waits breaches the approval SLA', async () => {
    const caseId = await insertCase({ step: BILLING, category: 'OPERATIONALLY_UNSAFE', key: 'order:ORD-100777', runbook: 'side-effecting-step-failure' });
    await db.query(
      `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles, reason, evidence, status, requested_at, expires_at)
       VALUES ('AP-1', $1, 'RETRY_UNSAFE', 'k', 'h', '{}', 1, 'olivia.ops', '{fulfillment_ops}', 'r', 'e', 'EXPIRED', $2, $3)`,
      [caseId, new Date(T0.getTime() - 40 * 60_000), new Date(T0.getTime() - 10 * 60_000)],
    );
    const { candidates } = await evaluateCandidates(deps());
    const breach = candidates.find((c) => c.scope === 'unsafe-retry-approvals')!;
    expect([breach.rule, breach.observed, breach.threshold]).toEqual(['APPROVAL_SLA_BREACH', 1, 1]);
    await runAlertPass(deps());
    const alert = (await new AlertsRepo(db).firing('default')).find((a) => a.scope === 'unsafe-retry-approvals')!;
    expect(alert.payload).toMatchObject({
      title: '1 unsafe-retry approval expired unanswered',
      impact: { ordersAffected: 1, quoteApprovalsDelayed: 0, text: '1 order waits for a supervisor\'s decision past the deadline.' },
      exampleBusinessKeys: ['order:ORD-100777'],
      casesUrl: '/cases?approval=breached',
    });
  });

  it('history cleanup: fires on a repeatedly failed job, holds while the engine cannot be read, resolves when it runs again', async () => {
    cleanupJobs = async () => [{ id: 'job-cleanup-1', retries: 1, exceptionMessage: 'ENGINE-03083 Could not acquire lock', dueDate: null }];
    await runAlertPass(deps());
    const cleanup = () => db.query<{ status: string; payload: { title: string; impact: { ordersAffected: number } } }>(`SELECT status, payload FROM alert WHERE rule = 'HISTORY_CLEANUP_FAILURE'`);
    expect((await cleanup())[0]).toMatchObject({ status: 'FIRING', payload: { title: 'The engine history cleanup keeps failing', impact: { ordersAffected: 0 } } });
    // The engine does not answer: no verdict, so no resolution.
    cleanupJobs = async () => Promise.reject(new Error('engine unreachable'));
    now = new Date(T0.getTime() + 60_000);
    expect(await runAlertPass(deps())).toMatchObject({ resolved: 0 });
    expect((await cleanup())[0]!.status).toBe('FIRING');
    // A first failure with retries left is not "repeatedly failing"; the alert resolves.
    cleanupJobs = async () => [{ id: 'job-cleanup-1', retries: 2, exceptionMessage: 'timeout', dueDate: null }];
    now = new Date(T0.getTime() + 120_000);
    expect(await runAlertPass(deps())).toMatchObject({ resolved: 1 });
    expect((await cleanup())[0]!.status).toBe('RESOLVED');
  });

  // A failing history cleanup cannot be produced on the reference engine on demand (it runs in its batch window
  // and fails on database trouble only). So the engine's answer as Camunda 7.24 documents it for
  // `GET /history/cleanup/jobs` goes through the schema the adapter parses it with (the adapter's own test covers
  // the HTTP call, history-cleanup.test.ts), then the rule, then the body Alertmanager receives.
  it('history cleanup from the engine\'s documented answer to what Alertmanager receives', async () => {
    const answer = [
      {
        id: '7d9e3c5f-0001', jobDefinitionId: null, processInstanceId: null, executionId: null, processDefinitionId: null, processDefinitionKey: null,
        retries: 0, exceptionMessage: 'ENGINE-03083 Exception while executing Batch Database Operations', failedActivityId: null,
        dueDate: '2026-06-15T09:00:00.000+0000', suspended: false, priority: 0, tenantId: null, createTime: '2026-06-14T19:00:00.000+0000', batchId: null,
      },
    ];
    cleanupJobs = async () => historyCleanupJobsSchema.parse(answer);
    await runAlertPass(deps());
    const [row] = (await new AlertsRepo(db).firing('default')).filter((a) => a.rule === 'HISTORY_CLEANUP_FAILURE');
    const body = alertmanagerAlert({ alertmanagerUrl: 'http://am.example:9093', webhookUrl: null, webhookSecret: null, publicUrl: 'https://workbench.example' }, row!, now, 60_000);
    expect(body).toEqual({
      labels: { alertname: 'FalloutHistoryCleanupFailure', rule: 'HISTORY_CLEANUP_FAILURE', scope: 'history-cleanup', engine: 'default', severity: 'medium', source: 'fallout-workbench' },
      annotations: {
        summary: 'The engine history cleanup keeps failing',
        description: 'No order is stopped yet; history tables grow and the engine slows down for every order if it goes on. 1 cleanup job failed repeatedly.',
        business_impact: 'No order is stopped yet; history tables grow and the engine slows down for every order if it goes on.',
        orders_affected: '0',
        quote_approvals_delayed: '0',
        measure: '1 cleanup job failed repeatedly',
        first_detected: T0.toISOString(),
        recent_deployment: 'No deployment of this process shortly before.',
        safe_first_action: "Read the cleanup job's exception; check database locks and the cleanup window before retrying it",
        runbook_url: `https://workbench.example/alerts?alert=${row!.id}`,
        alert_id: row!.id,
      },
      startsAt: T0.toISOString(),
      endsAt: new Date(T0.getTime() + 240_000).toISOString(),
      generatorURL: `https://workbench.example/alerts?alert=${row!.id}`,
    });
    expect(row!.payload.technical).toEqual({ jobId: '7d9e3c5f-0001', retriesLeft: '0', exceptionMessage: 'ENGINE-03083 Exception while executing Batch Database Operations' });
  });

  describe('deployment mismatch and lock expiration spike', () => {
    const minutes = (m: number) => new Date(T0.getTime() - m * 60_000);
    const report = (key: string, version: number, deployedAt: Date, topics: { topic: string; activityIds: string[] }[], steps: { activityId: string; name: string }[]) =>
      db.query(
        `INSERT INTO definition_report (engine_id, definition_id, definition_key, definition_name, version, deployed_at, topics, report, computed_at)
         VALUES ('default', $1, $2, NULL, $3, $4, $5, $6::jsonb, $4)`,
        [`${key}:${version}:x`, key, version, deployedAt, topics.map((t) => t.topic), JSON.stringify({ topics, steps })],
      );
    const instance = (id: string, key: string, version: number, businessKey: string, at: string[], startedMinutesAgo: number) =>
      db.query(
        `INSERT INTO process_instance (engine_id, id, business_key, definition_id, definition_key, definition_name, definition_version, state, current_activity_ids, started_at, synced_at)
         VALUES ('default', $1, $2, $3, $4, 'Change order', $5, 'ACTIVE', $6, $7, $7)`,
        [id, businessKey, `${key}:${version}:x`, key, version, at, minutes(startedMinutesAgo)],
      );

    beforeEach(async () => {
      // change-order v2, released three hours ago, sends the review to a topic no contract describes. Two orders
      // run on it (one already at that step); one still runs on v1, whose steps need no worker.
      await db.query(
        `INSERT INTO engine_deployment (engine_id, id, name, deployed_at, definition_keys, synced_at, definitions)
         VALUES ('default', 'dep-2', 'change-release-7', $1, '{change-order}', $1, $2::jsonb)`,
        [minutes(180), JSON.stringify([{ key: 'change-order', name: 'Change order', version: 2, id: 'change-order:2:x' }])],
      );
      await report('change-order', 1, minutes(7200), [], [{ activityId: 'reviewChange', name: 'Review change' }]);
      await report('change-order', 2, minutes(180), [{ topic: 'change-screening', activityIds: ['screenChange'] }], [
        { activityId: 'validateChange', name: 'Validate change' },
        { activityId: 'screenChange', name: 'Screen change' },
      ]);
      await instance('pi-c0', 'change-order', 1, 'CHG-0', ['reviewChange'], 300);
      await instance('pi-c1', 'change-order', 2, 'CHG-1', ['screenChange'], 60);
      await instance('pi-c2', 'change-order', 2, 'CHG-2', ['validateChange'], 10);
      // order-orchestration v3 uses contracted topics whose worker is alive: work waits, but a worker was seen 5 min ago.
      await report('order-orchestration', 3, minutes(30), [{ topic: 'check-availability', activityIds: ['checkAvailability'] }], [{ activityId: 'checkAvailability', name: 'Check availability' }]);
      await db.query(
        `INSERT INTO worker_sample (engine_id, topic, waiting, oldest_waiting_since, sampled_at, worker_seen_at) VALUES ('default', 'check-availability', 2, $1, $2, $3)`,
        [minutes(30), T0, minutes(5)],
      );
      // Locks that ran out: reserve-inventory (own baseline 1) twice within the 15 min window and once before it;
      // check-availability (default baseline 3) three times, at its baseline.
      const expiry = (task: string, topic: string, m: number) =>
        db.query(`INSERT INTO lock_expiry_seen (engine_id, task_id, lock_expired_at, topic, seen_at) VALUES ('default', $1, $2, $3, $2)`, [task, minutes(m), topic]);
      await expiry('t-1', 'reserve-inventory', 5);
      await expiry('t-2', 'reserve-inventory', 2);
      await expiry('t-0', 'reserve-inventory', 20);
      for (const m of [1, 2, 3]) await expiry(`t-c${m}`, 'check-availability', m);
    });

    it('a version whose topic has no contract fires one alert for the version, with its deployment and running orders', async () => {
      const { candidates } = await evaluateCandidates(deps());
      expect(candidates.filter((c) => c.rule === 'DEPLOYMENT_MISMATCH' || c.rule === 'LOCK_EXPIRATION_SPIKE').map((c) => [c.rule, c.scope, c.observed, c.threshold])).toEqual([
        ['DEPLOYMENT_MISMATCH', 'change-order/v2', 1, 1],
        ['LOCK_EXPIRATION_SPIKE', 'reserve-inventory', 2, 1],
      ]);
      await runAlertPass(deps());
      const firing = await new AlertsRepo(db).firing('default');
      const mismatch = firing.find((a) => a.rule === 'DEPLOYMENT_MISMATCH')!;
      expect(z.parse(alertPayloadSchema, mismatch.payload)).toEqual({
        title: 'change-order version 2: “Screen change” has no compatible worker',
        severity: 'HIGH',
        impact: { ordersAffected: 2, quoteApprovalsDelayed: 0, text: 'Every new order starts on version 2: 2 orders run on it, 1 already waiting at “Screen change”, and each one that reaches it stops there.' },
        measure: { observed: 1, threshold: 1, text: '1 step without a compatible worker (alert from 1)' },
        process: { key: 'change-order', name: 'Change order', versions: [2] },
        activity: { id: 'screenChange', name: 'Screen change' },
        category: null,
        exampleBusinessKeys: ['CHG-2', 'CHG-1'],
        firstDetectedAt: T0.toISOString(),
        recentDeployment: {
          name: 'change-release-7',
          deployedAt: '2026-06-15T07:00:00.000Z',
          versions: [2],
          text: 'Deployment "change-release-7" released version 2 on 2026-06-15T07:00:00.000Z: the release to complete with its worker, or to roll back.',
        },
        safeFirstAction:
          'Deploy the worker or roll back the version before more orders reach the step. Runbook, first check: Compare the process definition version of the cases with the latest version and the release notes in the process README.',
        runbook: { id: 'incident-spike-after-deployment', title: 'Incident spike after a deployment (missing variable, bad expression)', url: '/catalog#runbook-incident-spike-after-deployment' },
        casesUrl: '/cases?processKey=change-order&processVersion=2&status=all',
        technical: { processDefinitionKey: 'change-order', version: '2', topics: 'change-screening: no worker contract (screenChange)' },
      });

      const lock = firing.find((a) => a.rule === 'LOCK_EXPIRATION_SPIKE')!;
      expect(z.parse(alertPayloadSchema, lock.payload)).toEqual({
        title: 'Workers of reserve-inventory timed out 2 times in 15 min at reserveInventory',
        severity: 'HIGH',
        impact: { ordersAffected: 2, quoteApprovalsDelayed: 0, text: '2 orders had a call whose worker lost its lock: the outcome is unknown until reconciled, and the engine hands the work out again.' },
        measure: { observed: 2, threshold: 1, text: '2 lock expirations in the last 15 min where up to 1 are usual' },
        process: { key: 'order-orchestration', name: null, versions: [] },
        activity: { id: 'reserveInventory', name: null },
        category: 'UNKNOWN_OUTCOME',
        exampleBusinessKeys: [],
        firstDetectedAt: T0.toISOString(),
        recentDeployment: { name: 'order-release-42', deployedAt: '2026-06-15T09:30:00.000Z', versions: [3], text: 'Deployment "order-release-42" changed this process shortly before (version 3).' },
        safeFirstAction: expect.stringMatching(/^Check the topic's worker .*\. Runbook, first check: Check the worker's health and logs/),
        runbook: { id: 'external-task-worker-down', title: 'External task worker down', url: '/catalog#runbook-external-task-worker-down' },
        casesUrl: null,
        technical: { topic: 'reserve-inventory', lockExpirations: '2', tasks: '2', lastLockExpiredAt: '2026-06-15T09:58:00.000Z' },
      });
    });

    it('resolves the mismatch once a newer version runs the orders, and the lock spike once the window has passed', async () => {
      await runAlertPass(deps());
      // Rolled back: v3 (the v1 model again) is the newest, and v2's orders were cancelled.
      await report('change-order', 3, minutes(1), [], [{ activityId: 'reviewChange', name: 'Review change' }]);
      await db.query(`UPDATE process_instance SET state = 'EXTERNALLY_TERMINATED' WHERE definition_version = 2 AND definition_key = 'change-order'`);
      now = new Date(T0.getTime() + 4 * 60_000);
      expect(await runAlertPass(deps())).toMatchObject({ resolved: 1 });
      expect((await new AlertsRepo(db).firing('default')).map((a) => a.rule)).toContain('LOCK_EXPIRATION_SPIKE');
      // 13 min later the expiry at T0-2min is the only one left in the window: 1, the topic's baseline.
      now = new Date(T0.getTime() + 11 * 60_000);
      expect(await runAlertPass(deps())).toMatchObject({ resolved: 1 });
      // Meanwhile check-availability's work has waited 41 min and its worker was last seen 16 min ago (allowed:
      // 15): order-orchestration v3 now has no active worker.
      const left = (await new AlertsRepo(db).firing('default')).filter((a) => a.rule === 'LOCK_EXPIRATION_SPIKE' || a.rule === 'DEPLOYMENT_MISMATCH');
      expect(left.map((a) => [a.scope, a.payload.technical.topics])).toEqual([['order-orchestration/v3', 'check-availability: work waiting, no worker seen (checkAvailability)']]);
    });
  });
});