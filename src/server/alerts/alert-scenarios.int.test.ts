// Every alert rule of playbook §14.1 but the incident spike (alerts.int.test.ts) and the history cleanup (it
// cannot be made to fail on demand: see src/server/engine/history-cleanup.test.ts), fired by a real scenario on
// the reference engine and resolved by fixing it, the payload checked label by label and annotation by
// annotation in a real Alertmanager (`GET /api/v2/alerts`). Nothing is inserted by hand: the cases, approvals,
// reports and lock expiries are what the sync itself recorded.
//
// One Alertmanager and one BFF for the file, on a copy of the catalog with short windows: a stage budget of 2 s
// for a change-order copy under this file's own key, a lock expiration window of 20 s and a baseline of 2 for
// this file's own topic. Models, topics and business keys carry the process id, so no other file's orders count;
// the scenarios run concurrently, their sync passes one at a time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod/mini';
import type { CommandResult } from '../../contracts/actions.js';
import { alertListSchema, type AlertList } from '../../contracts/alerts.js';
import type { SearchResponse } from '../../contracts/search.js';
import { copyReferenceCatalog, editCatalogFile, REFERENCE_WORKFLOWS_DIR } from '../catalog/testing.js';
import { loadCatalog } from '../catalog/load.js';
import type { Catalog } from '../catalog/catalog.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { ReleaseRepo } from '../store/release-repo.js';
import { mirrorDeployments } from '../sync/deployment-mirror.js';
import { writeReleaseReports } from '../sync/release-reports.js';
import { sampleWorkers } from '../sync/worker-sampler.js';
import { startAlertmanager, type TestAlertmanager } from '../testing/alertmanager.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { cockpit } from '../testing/cockpit.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { eventually } from '../testing/engine-probe.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';
import { authHeader, deployResources } from '../../../workflows/deploy.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const admin = cockpit(engineUrl);
const auth = { engineUrl, user: 'workbench', password: 'workbench-secret' };
const PUBLIC = 'http://workbench.test';
const SECRET = 'scenario-webhook-secret';
const PID = process.pid;
/** A change-order copy for the step rules (backlog at the review, failed job at the validation). */
const STEPS_KEY = `alert-steps-${PID}`;
/** A change-order copy whose v2 sends the review to a topic nobody published a contract for. */
const RELEASE_KEY = `alert-release-${PID}`;
const TOPIC = `alert-screening-${PID}`;
const APPROVAL_TTL_MS = 3_000;

async function engine<T>(method: string, p: string, body?: unknown): Promise<T> {
  const response = await fetch(`${engineUrl}${p}`, {
    method,
    headers: { authorization: authHeader(auth.user, auth.password), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${p} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

const shipped = readFileSync(path.join(REFERENCE_WORKFLOWS_DIR, 'change-order', 'change-order.bpmn'), 'utf8');
// The validation fails at once when the change order id is missing: one retry a second later, then an incident
// (the engine's default is three tries 10 s apart).
const stepsModel = shipped
  .replaceAll('change-order', STEPS_KEY)
  .replace(
    /(<bpmn:serviceTask id="validateChange"[^>]*>)/,
    '$1<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R1/PT1S</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>',
  );
const releaseV1 = shipped.replaceAll('change-order', RELEASE_KEY);
const releaseV2 = releaseV1
  .replace(
    /<bpmn:userTask id="reviewChange" name="Review change" camunda:candidateGroups="order-desk">([\s\S]*?)<\/bpmn:userTask>/,
    `<bpmn:serviceTask id="screenChange" name="Screen change" camunda:type="external" camunda:topic="${TOPIC}">$1</bpmn:serviceTask>`,
  )
  .replaceAll('"reviewChange"', '"screenChange"')
  .replace('bpmnElement="reviewChange"', 'bpmnElement="screenChange"');

/** The reference catalog with this file's short windows and its own process folder. */
async function scenarioCatalog(): Promise<Catalog> {
  const dir = copyReferenceCatalog();
  mkdirSync(path.join(dir, STEPS_KEY, 'ops'), { recursive: true });
  writeFileSync(path.join(dir, STEPS_KEY, 'ops', 'topics.yaml'), readFileSync(path.join(REFERENCE_WORKFLOWS_DIR, 'change-order', 'ops', 'topics.yaml')));
  writeFileSync(
    path.join(dir, STEPS_KEY, 'ops', 'budgets.yaml'),
    'budgets:\n  reviewChange: { budget: PT2S, category: BUSINESS_UNMODELED, severity: MEDIUM, runbook: human-task-overdue }\n',
  );
  editCatalogFile(dir, 'shared/alerts.yaml', 'window: PT15M', 'window: PT20S');
  editCatalogFile(dir, 'shared/alerts.yaml', '- { topic: reserve-inventory, baseline: 1 }', `- { topic: reserve-inventory, baseline: 1 }\n      - { topic: ${TOPIC}, baseline: 2 }`);
  return loadCatalog(dir);
}

describe('alert scenarios against the reference engine and a real Alertmanager', () => {
  let am: TestAlertmanager;
  let bff: TestBff;
  let catalog: Catalog;
  const users: Record<string, TestLogin> = {};
  const deploymentIds: string[] = [];
  const started = Date.now();

  beforeAll(async () => {
    catalog = await scenarioCatalog();
    am = await startAlertmanager();
    bff = await startTestBff({
      engineUrl, services, catalog, approvalTtlMs: APPROVAL_TTL_MS,
      alerting: { alertmanagerUrl: am.url, webhookUrl: `${am.hooksUrl}/hook`, webhookSecret: SECRET, publicUrl: PUBLIC },
    });
    for (const id of ['olivia.ops', 'theo.tech', 'sara.supervisor']) users[id] = await loginAs(bff.app, id);
    deploymentIds.push((await deployResources({ ...auth, deploymentName: STEPS_KEY, resources: [{ name: `${STEPS_KEY}.bpmn`, content: stepsModel }] })).deploymentId);
  }, 120_000);

  afterAll(async () => {
    for (const id of deploymentIds.reverse()) await engine('DELETE', `/deployment/${id}?cascade=true`).catch(() => undefined);
    await bff?.close();
    await am?.close();
    console.log(`alert scenarios: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  // The scenarios run concurrently; their passes queue, since two alert passes at once could both insert the
  // same new alert. A pass: the sync (cases, mirror, approvals' expiry, alerts), the samplers the sync runs only
  // every 15 s (lock expiries, deployments, release reports), the alerts again, then the delivery round.
  let queue: Promise<unknown> = Promise.resolve();
  const onePass = async () => {
    await bff.sync.runOnce();
    const deps = { engine: bff.ctx.engine, engineId: bff.ctx.engineId, clock: bff.ctx.clock };
    const release = new ReleaseRepo(bff.ctx.db);
    const samples = new EngineSamplesRepo(bff.ctx.db);
    await mirrorDeployments({ ...deps, samples });
    for (let i = 0; i < 20 && (await writeReleaseReports({ ...deps, catalog, release })).written > 0; i++);
    await sampleWorkers({ ...deps, catalog, samples, release });
    await bff.alerts.runPass(true);
    await bff.alerts.delivery.flush();
  };
  const pass = () => (queue = queue.then(onePass, onePass));

  const workbench = async (): Promise<AlertList> => {
    const response = await bff.app.inject({ url: '/api/alerts', headers: users['theo.tech']!.headers });
    expect(response.statusCode, response.body).toBe(200);
    return z.parse(alertListSchema, response.json());
  };
  const firingAt = async (rule: string, scope: string) => (await workbench()).active.find((a) => a.rule === rule && a.scope === scope) ?? null;
  /** Passes until the workbench fires the alert and Alertmanager holds it; returns both. */
  const untilFiring = async (rule: string, alertname: string, scope: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        await pass();
        const fired = await firingAt(rule, scope);
        const held = fired ? await am.alerts({ alertname, scope }) : [];
        return fired && held.length ? { fired, held } : null;
      },
      timeoutMs,
      `${rule} ${scope} firing in Alertmanager`,
    );
  /** Passes until the alert resolved in the workbench and Alertmanager holds it no more as active. */
  const untilResolved = async (id: string, alertname: string, scope: string, timeoutMs = 40_000) => {
    let last = '';
    const resolved = await eventually(
      async () => {
        await pass();
        const list = await workbench();
        const r = list.recent.find((x) => x.id === id);
        const held = await am.alerts({ alertname, scope });
        last = `workbench: ${r?.status ?? (list.active.some((x) => x.id === id) ? 'FIRING' : 'absent')}, Alertmanager: ${held.length} active`;
        return r?.status === 'RESOLVED' && held.length === 0 ? r : null;
      },
      timeoutMs,
      `${scope} resolved`,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)} (last seen ${last})`);
    });
    expect(resolved.notifications.map((n) => [n.channel, n.sent, n.state])).toEqual([
      ['alertmanager', 'RESOLVED', 'DELIVERED'],
      ['webhook', 'RESOLVED', 'DELIVERED'],
    ]);
    return resolved;
  };
  const labels = (alertname: string, rule: string, scope: string, extra: Record<string, string>) => ({
    alertname, rule, scope, engine: 'default', severity: 'high', source: 'fallout-workbench', ...extra,
  });
  const startChange = (key: string, businessKey: string, withId = true) =>
    engine<{ id: string }>('POST', `/process-definition/key/${key}/start`, {
      businessKey,
      variables: withId ? { changeOrderId: { value: businessKey.split(':')[1], type: 'String' } } : {},
    });
  const common = (a: Record<string, string>, id: string) => {
    expect(a.alert_id).toBe(id);
    expect(a.quote_approvals_delayed).toBe('0');
    expect(Number.isNaN(new Date(a.first_detected!).getTime())).toBe(false);
  };

  it.concurrent('order backlog: an order held past its stage budget fires; the order moving on resolves it', async () => {
    const businessKey = `change:CHG-${PID}-B1`;
    const { id: instanceId } = await startChange(STEPS_KEY, businessKey);
    const scope = `${STEPS_KEY}/reviewChange`;
    const { fired, held } = await untilFiring('ORDER_BACKLOG', 'FalloutOrderBacklog', scope);
    const [alert, ...others] = held;
    expect(others).toEqual([]);
    expect(alert!.labels).toEqual(labels('FalloutOrderBacklog', 'ORDER_BACKLOG', scope, { process: STEPS_KEY, activity: 'reviewChange' }));
    const a = alert!.annotations;
    common(a, fired.id);
    expect(a.summary).toBe('1 order held at Review change beyond the stage budget');
    expect(a.business_impact).toBe('1 order not moving: customers wait and nothing tells them why.');
    expect(a.orders_affected).toBe('1');
    expect(a.measure).toBe('1 held beyond budget (alert from 1)');
    expect(a.process_version).toBe(`${STEPS_KEY} v1`);
    expect(a.activity).toBe('Review change (reviewChange)');
    expect(a.incident_category).toBe('BUSINESS_UNMODELED');
    expect(a.example_business_keys).toBe(businessKey);
    expect(a.recent_deployment).toBe(`Deployment "${STEPS_KEY}" released version 1, which the affected cases run: suspect the release first.`);
    expect(a.safe_first_action).toMatch(/^Check that the step's worker or the awaited callback's sender is running before touching any order\. Runbook, first check: /);
    expect(a.runbook_url).toBe(`${PUBLIC}/catalog#runbook-human-task-overdue`);
    expect(a.cases_url).toBe(`${PUBLIC}/cases?processKey=${STEPS_KEY}&activityId=reviewChange&source=STUCK`);

    // Fix: the desk reviews the change; the order moves on and its stuck case closes.
    const [task] = await engine<{ id: string }[]>('GET', `/task?processInstanceId=${instanceId}`);
    await engine('POST', `/task/${task!.id}/complete`, {});
    const resolved = await untilResolved(fired.id, 'FalloutOrderBacklog', scope);
    expect(resolved.history.map((h) => h.kind)).toEqual(['RESOLVED', 'FIRED']);
  });

  it.concurrent('failed job repeated at the same activity: one failure does not fire, a second does; cancelling both resolves it', async () => {
    const scope = `${STEPS_KEY}/validateChange`;
    const failing = async (n: number) => {
      const businessKey = `change:CHG-${PID}-F${n}`;
      const { id } = await startChange(STEPS_KEY, businessKey, false);
      await eventually(async () => (await engine<{ count: number }>('GET', `/incident/count?processInstanceId=${id}&incidentType=failedJob`)).count === 1, 20_000, `failed job of ${businessKey}`);
      return { id, businessKey };
    };
    // Control: one order failing there (the rule asks for two) fires nothing.
    const first = await failing(1);
    await eventually(
      async () => {
        await pass();
        const [row] = await bff.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM fallout_case WHERE definition_key = $1 AND incident_type = 'failedJob' AND status = 'OPEN'`, [STEPS_KEY]);
        return row!.n === 1;
      },
      20_000,
      'the first failure as a case',
    );
    expect(await firingAt('REPEATED_FAILED_JOB', scope)).toBeNull();
    expect(await am.alerts({ alertname: 'FalloutRepeatedFailedJob', scope })).toEqual([]);

    const second = await failing(2);
    const { fired, held } = await untilFiring('REPEATED_FAILED_JOB', 'FalloutRepeatedFailedJob', scope);
    const [alert, ...others] = held;
    expect(others).toEqual([]);
    expect(alert!.labels).toEqual(labels('FalloutRepeatedFailedJob', 'REPEATED_FAILED_JOB', scope, { process: STEPS_KEY, activity: 'validateChange' }));
    const a = alert!.annotations;
    common(a, fired.id);
    // Failed-job cases carry the step's id (the engine's job incident names no activity name).
    expect(a.summary).toBe('validateChange fails the same way in 2 orders');
    expect(a.business_impact).toBe('2 orders stopped by what looks like a defect in the model or its configuration; retrying will fail again.');
    expect(a.orders_affected).toBe('2');
    expect(a.measure).toBe('2 failed at this step (alert from 2)');
    expect(a.process_version).toBe(`${STEPS_KEY} v1`);
    expect(a.activity).toBe('validateChange');
    expect(a.incident_category).toBe('TECHNICAL_PERSISTENT');
    expect(a.example_business_keys!.split(', ').sort()).toEqual([first.businessKey, second.businessKey].sort());
    expect(a.recent_deployment).toBe(`Deployment "${STEPS_KEY}" released version 1, which the affected cases run: suspect the release first.`);
    expect(a.safe_first_action).toMatch(/^Do not retry; compare the failing version with the previous one and roll forward a fixed model first\. Runbook, first check: /);
    expect(a.runbook_url).toBe(`${PUBLIC}/catalog#runbook-${fired.payload.runbook!.id}`);
    expect(a.cases_url).toBe(`${PUBLIC}/cases?processKey=${STEPS_KEY}&activityId=validateChange&source=INCIDENT`);

    // Fix: both orders are cancelled (as an operator would in Cockpit); the sync verifies the failures gone.
    for (const f of [first, second]) await admin.cancel(f.id);
    await untilResolved(fired.id, 'FalloutRepeatedFailedJob', scope);
  });

  it.concurrent('approval SLA breach: an unsafe retry left unanswered past its deadline fires; approving a new request and the retry closing the case resolves it', async () => {
    const order = await submitFailingOrder(engineUrl, services, 'billing-failure');
    const caseOf = async () => {
      const search = (await bff.app.inject({ url: `/api/search?q=${encodeURIComponent(order.businessKey)}`, headers: users['olivia.ops']!.headers })).json() as SearchResponse;
      return search.cases.find((c) => c.source === 'INCIDENT') ?? null;
    };
    const found = await eventually(async () => (await pass(), await caseOf()), 30_000, `case of ${order.businessKey}`);
    const request = async () => {
      const current = (await bff.app.inject({ url: `/api/cases/${found.id}`, headers: users['olivia.ops']!.headers })).json() as { case: { version: number } };
      const response = await bff.app.inject({
        method: 'POST',
        url: `/api/cases/${found.id}/actions/request-unsafe-retry`,
        headers: { ...users['olivia.ops']!.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${current.case.version}"` },
        payload: JSON.stringify({ reason: 'Gateway is back', evidence: 'Billing shows no charge for the key' }),
      });
      expect(response.statusCode, response.body).toBe(202);
      return (response.json() as CommandResult).approvalId!;
    };
    const unanswered = await request();
    const scope = 'unsafe-retry-approvals';
    // The sync marks the request expired once its deadline passed (and only then does a new one go through).
    await eventually(
      async () => {
        await pass();
        const [row] = await bff.ctx.db.query<{ status: string }>('SELECT status FROM approval_request WHERE id = $1', [unanswered]);
        return row?.status === 'EXPIRED';
      },
      APPROVAL_TTL_MS + 15_000,
      'the request expired',
    );
    const { fired, held } = await untilFiring('APPROVAL_SLA_BREACH', 'FalloutApprovalSlaBreach', scope, 20_000);
    const [alert, ...others] = held;
    expect(others).toEqual([]);
    expect(alert!.labels).toEqual(labels('FalloutApprovalSlaBreach', 'APPROVAL_SLA_BREACH', scope, { process: 'billing-handoff' }));
    const a = alert!.annotations;
    common(a, fired.id);
    expect(a.summary).toBe('1 unsafe-retry approval expired unanswered');
    expect(a.business_impact).toBe("1 order waits for a supervisor's decision past the deadline.");
    expect(a.orders_affected).toBe('1');
    expect(a.measure).toBe('1 past the approval deadline (alert from 1)');
    expect(a.process_version).toMatch(/^billing-handoff v\d+$/);
    expect(a.activity).toBeUndefined();
    expect(a.incident_category).toBe('OPERATIONAL_UNSAFE');
    expect(a.example_business_keys).toBe(order.businessKey);
    expect(a.safe_first_action).toMatch(/^Ask the on-duty supervisor to decide the waiting approvals; escalate the quotes to their approver's deputy\. Runbook, first check: /);
    expect(a.runbook_url).toBe(`${PUBLIC}/catalog#runbook-${fired.payload.runbook!.id}`);
    expect(a.cases_url).toBe(`${PUBLIC}/cases?approval=breached`);
    expect(fired.payload.technical.approvalRequestIds).toBe(unanswered);

    // Fix: a new request, decided in time by another supervisor; the retry runs, billing answers (its fault was
    // spent), the sync verifies the incident gone and the case closes.
    const answered = await request();
    const decision = await bff.app.inject({
      method: 'POST',
      url: `/api/approvals/${answered}/approve`,
      headers: { ...users['sara.supervisor']!.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      payload: JSON.stringify({ reason: 'approve in test' }),
    });
    expect(decision.statusCode, decision.body).toBe(200);
    await untilResolved(fired.id, 'FalloutApprovalSlaBreach', scope);
  });

  it.concurrent('deployment mismatch and lock expiration spike: a version with an unknown topic, workers timing out on it; rolling back and the window passing resolve them', async () => {
    // Control: v1 needs no worker.
    deploymentIds.push((await deployResources({ ...auth, deploymentName: RELEASE_KEY, resources: [{ name: `${RELEASE_KEY}.bpmn`, content: releaseV1 }] })).deploymentId);
    await pass();
    expect(await firingAt('DEPLOYMENT_MISMATCH', `${RELEASE_KEY}/v1`)).toBeNull();

    // The first pass after the release fires, before any order reached the version.
    const v2 = await deployResources({ ...auth, deploymentName: RELEASE_KEY, resources: [{ name: `${RELEASE_KEY}.bpmn`, content: releaseV2 }] });
    deploymentIds.push(v2.deploymentId);
    const mismatchScope = `${RELEASE_KEY}/v2`;
    const mismatch = await untilFiring('DEPLOYMENT_MISMATCH', 'FalloutDeploymentMismatch', mismatchScope);
    expect(mismatch.held).toHaveLength(1);
    const m = mismatch.held[0]!;
    expect(m.labels).toEqual(labels('FalloutDeploymentMismatch', 'DEPLOYMENT_MISMATCH', mismatchScope, { process: RELEASE_KEY, activity: 'screenChange' }));
    common(m.annotations, mismatch.fired.id);
    expect(m.annotations.summary).toBe(`${RELEASE_KEY} version 2: “Screen change” has no compatible worker`);
    expect(m.annotations.business_impact).toBe('Every new order starts on version 2 and will stop at “Screen change”; none runs on it yet.');
    expect(m.annotations.orders_affected).toBe('0');
    expect(m.annotations.measure).toBe('1 step without a compatible worker (alert from 1)');
    expect(m.annotations.process_version).toBe(`${RELEASE_KEY} v2`);
    expect(m.annotations.activity).toBe('Screen change (screenChange)');
    expect(m.annotations.incident_category).toBeUndefined();
    expect(m.annotations.example_business_keys).toBeUndefined();
    expect(m.annotations.recent_deployment).toMatch(new RegExp(`^Deployment "${RELEASE_KEY}" released version 2 on \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: the release to complete with its worker, or to roll back\\.$`));
    expect(m.annotations.safe_first_action).toBe(
      'Deploy the worker or roll back the version before more orders reach the step. Runbook, first check: Compare the process definition version of the cases with the latest version and the release notes in the process README.',
    );
    expect(m.annotations.runbook_url).toBe(`${PUBLIC}/catalog#runbook-incident-spike-after-deployment`);
    expect(m.annotations.cases_url).toBe(`${PUBLIC}/cases?processKey=${RELEASE_KEY}&processVersion=2&status=all`);

    // Orders arrive on v2 and wait at the step: the alert (same one, same first detection) now counts them.
    const keys = [1, 2, 3].map((n) => `change:CHG-${PID}-M${n}`);
    const ids: string[] = [];
    for (const key of keys) ids.push((await startChange(RELEASE_KEY, key)).id);
    await eventually(async () => (await engine<{ count: number }>('GET', `/external-task/count?topicName=${TOPIC}`)).count === 3, 20_000, 'three screening tasks');
    await pass();
    const refreshed = (await firingAt('DEPLOYMENT_MISMATCH', mismatchScope))!;
    expect(refreshed.id).toBe(mismatch.fired.id);
    expect(refreshed.payload.firstDetectedAt).toBe(mismatch.fired.payload.firstDetectedAt);
    expect(refreshed.payload.impact).toEqual({
      ordersAffected: 3, quoteApprovalsDelayed: 0,
      text: 'Every new order starts on version 2: 3 orders run on it, 3 already waiting at “Screen change”, and each one that reaches it stops there.',
    });
    expect([...refreshed.payload.exampleBusinessKeys].sort()).toEqual([...keys].sort());
    expect(mismatch.fired.payload.technical.topics).toBe(`${TOPIC}: no worker contract (screenChange)`);

    // A worker takes tasks with a lock of 1 ms and never answers. Two within the window: the topic's baseline.
    const silent = async (businessKey: string) => {
      const [task] = await engine<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
        workerId: `alerts-silent-${PID}`, maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 1, businessKey }],
      });
      expect(task, `a task of ${businessKey}`).toBeDefined();
    };
    await silent(keys[0]!);
    await silent(keys[1]!);
    await eventually(async () => (await engine<{ count: number }>('GET', `/external-task/count?topicName=${TOPIC}&notLocked=true`)).count === 3, 5_000, 'the locks to run out');
    await pass();
    const [row] = await bff.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lock_expiry_seen WHERE topic = $1', [TOPIC]);
    expect(row!.n).toBe(2);
    expect(await firingAt('LOCK_EXPIRATION_SPIKE', TOPIC)).toBeNull();
    expect(await am.alerts({ alertname: 'FalloutLockExpirationSpike', scope: TOPIC })).toEqual([]);

    await silent(keys[2]!);
    const lock = await untilFiring('LOCK_EXPIRATION_SPIKE', 'FalloutLockExpirationSpike', TOPIC, 15_000);
    expect(lock.held).toHaveLength(1);
    const l = lock.held[0]!;
    expect(l.labels).toEqual(labels('FalloutLockExpirationSpike', 'LOCK_EXPIRATION_SPIKE', TOPIC, { process: RELEASE_KEY, activity: 'screenChange' }));
    common(l.annotations, lock.fired.id);
    expect(l.annotations.summary).toBe(`Workers of ${TOPIC} timed out 3 times in 20 s at Screen change`);
    expect(l.annotations.business_impact).toBe('3 orders had a call whose worker lost its lock: the outcome is unknown until reconciled, and the engine hands the work out again.');
    expect(l.annotations.orders_affected).toBe('3');
    expect(l.annotations.measure).toBe('3 lock expirations in the last 20 s where up to 2 are usual');
    expect(l.annotations.process_version).toBe(`${RELEASE_KEY} v2`);
    expect(l.annotations.activity).toBe('Screen change (screenChange)');
    expect(l.annotations.incident_category).toBe('UNKNOWN_OUTCOME');
    expect(l.annotations.example_business_keys).toBeUndefined();
    expect(l.annotations.recent_deployment).toMatch(new RegExp(`^Deployment "${RELEASE_KEY}" released version 2, which the affected cases run: suspect the release first\\.$`));
    expect(l.annotations.safe_first_action).toMatch(/^Check the topic's worker \(alive, not hanging on its downstream call, lock duration long enough\); .*\. Runbook, first check: Check the worker's health and logs/);
    expect(l.annotations.runbook_url).toBe(`${PUBLIC}/catalog#runbook-external-task-worker-down`);
    expect(l.annotations.cases_url).toBeUndefined();

    // Fix the release: roll back (v1's model deployed again, as v3) and cancel the orders started on v2.
    // Then the lock expirations leave the 20 s window.
    deploymentIds.push((await deployResources({ ...auth, deploymentName: RELEASE_KEY, resources: [{ name: `${RELEASE_KEY}.bpmn`, content: releaseV1 }] })).deploymentId);
    for (const id of ids) await admin.cancel(id);
    await untilResolved(mismatch.fired.id, 'FalloutDeploymentMismatch', mismatchScope);
    await untilResolved(lock.fired.id, 'FalloutLockExpirationSpike', TOPIC, 40_000);
  });
});
