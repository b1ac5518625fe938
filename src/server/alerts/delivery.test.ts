// Alert delivery against local HTTP receivers (in-memory PGlite): the Alertmanager v2 body, the webhook's
// HMAC signature, a failed delivery retried with backoff, the periodic re-send Alertmanager needs, endsAt on
// resolution, and only the sync leader delivering.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertPayload } from '../../contracts/alerts.js';
import { AlertsRepo } from '../store/alerts-repo.js';
import type { Db } from '../store/db.js';
import { openTestPglite } from '../testing/pglite-template.js';
import { AlertDelivery, backoffMs, channelsOf, type AlertingConfig } from './delivery.js';
import { signWebhook, verifyWebhook } from './signature.js';

const T0 = new Date('2026-06-15T10:00:00.000Z');
let now = T0;
let db: Db;
let server: Server;
let base: string;
let status = 200;
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];

const payload: AlertPayload = {
  title: '5 orders failing at Check availability',
  severity: 'HIGH',
  impact: { ordersAffected: 5, quoteApprovalsDelayed: 0, text: '5 orders stopped at Check availability until the failure is recovered.' },
  measure: { observed: 5, threshold: 3, text: '5 open failures at this step where up to 3 are usual' },
  process: { key: 'order-orchestration', name: 'Order orchestration', versions: [3] },
  activity: { id: 'checkAvailability', name: 'Check availability' },
  category: 'TECHNICAL_TRANSIENT',
  exampleBusinessKeys: ['order:ORD-1', 'order:ORD-2'],
  firstDetectedAt: T0.toISOString(),
  recentDeployment: null,
  safeFirstAction: 'Check the stock service',
  runbook: { id: 'dependency-unavailable', title: 'Dependency unavailable', url: '/catalog#runbook-dependency-unavailable' },
  casesUrl: '/cases?processKey=order-orchestration&activityId=checkAvailability&source=INCIDENT',
  technical: {},
};

beforeAll(async () => {
  db = await openTestPglite();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db?.close();
});

describe('alert delivery', { timeout: 20_000 }, () => {
  let config: AlertingConfig;
  let leader = true;
  const delivery = () => new AlertDelivery({ repo: new AlertsRepo(db), clock: { now: () => now }, config, resendEveryMs: 60_000, isLeader: () => leader, log: () => undefined });
  const deliveries = () => db.query<{ channel: string; sent_status: string; pending: boolean; attempts: number; next_attempt_at: Date; last_error: string | null }>(
    'SELECT channel, sent_status, pending, attempts, next_attempt_at, last_error FROM alert_delivery ORDER BY channel',
  );
  let alertId: string;

  beforeEach(async () => {
    for (const table of ['alert_delivery', 'alert_event', 'alert']) await db.query(`DELETE FROM ${table}`);
    received.length = 0;
    status = 200;
    leader = true;
    now = T0;
    config = { alertmanagerUrl: base, webhookUrl: `${base}/hook`, webhookSecret: 'a-long-enough-secret', publicUrl: 'https://workbench.example.com' };
    const repo = new AlertsRepo(db);
    alertId = await db.transaction(async (tx) => {
      const id = await repo.insert(tx, { engineId: 'default', rule: 'INCIDENT_SPIKE', scope: 'order-orchestration/checkAvailability', payload, now });
      await repo.queueDeliveries(tx, id, channelsOf(config), 'FIRING', now);
      return id;
    });
  });

  it('posts labels, annotations, generatorURL and a future endsAt to Alertmanager, and a signed body to the webhook', async () => {
    await delivery().flush();
    const am = received.find((r) => r.path === '/api/v2/alerts')!;
    const [alert] = JSON.parse(am.body) as Record<string, unknown>[];
    expect(alert).toEqual({
      labels: {
        alertname: 'FalloutIncidentSpike', rule: 'INCIDENT_SPIKE', scope: 'order-orchestration/checkAvailability', engine: 'default',
        severity: 'high', source: 'fallout-workbench', process: 'order-orchestration', activity: 'checkAvailability',
      },
      annotations: {
        summary: '5 orders failing at Check availability',
        description: '5 orders stopped at Check availability until the failure is recovered. 5 open failures at this step where up to 3 are usual.',
        business_impact: '5 orders stopped at Check availability until the failure is recovered.',
        orders_affected: '5',
        quote_approvals_delayed: '0',
        measure: '5 open failures at this step where up to 3 are usual',
        process_version: 'order-orchestration v3',
        activity: 'Check availability (checkAvailability)',
        incident_category: 'TECHNICAL_TRANSIENT',
        example_business_keys: 'order:ORD-1, order:ORD-2',
        first_detected: '2026-06-15T10:00:00.000Z',
        recent_deployment: 'No deployment of this process shortly before.',
        safe_first_action: 'Check the stock service',
        runbook_url: 'https://workbench.example.com/catalog#runbook-dependency-unavailable',
        cases_url: 'https://workbench.example.com/cases?processKey=order-orchestration&activityId=checkAvailability&source=INCIDENT',
        alert_id: alertId,
      },
      startsAt: '2026-06-15T10:00:00.000Z',
      // Four re-send intervals ahead, as Prometheus does: Alertmanager keeps it while it is re-sent.
      endsAt: '2026-06-15T10:04:00.000Z',
      generatorURL: `https://workbench.example.com/alerts?alert=${alertId}`,
    });
    const hook = received.find((r) => r.path === '/hook')!;
    expect(verifyWebhook('a-long-enough-secret', hook.body, hook.headers, now)).toBe(true);
    expect(verifyWebhook('another-secret-entirely', hook.body, hook.headers, now)).toBe(false);
    expect(verifyWebhook('a-long-enough-secret', hook.body.replace('5 orders', '6 orders'), hook.headers, now)).toBe(false);
    // A replay ten minutes later is refused.
    expect(verifyWebhook('a-long-enough-secret', hook.body, hook.headers, new Date(now.getTime() + 600_000))).toBe(false);
    expect(hook.headers['x-fallout-signature']).toBe(signWebhook('a-long-enough-secret', hook.body, now)['x-fallout-signature']);
    expect(JSON.parse(hook.body)).toMatchObject({ version: 1, status: 'FIRING', alert: { id: alertId, payload }, links: { alert: `https://workbench.example.com/alerts?alert=${alertId}` } });
    expect((await deliveries()).map((d) => [d.channel, d.pending, d.attempts])).toEqual([['alertmanager', false, 1], ['webhook', false, 1]]);
  });

  it('retries a failed delivery with backoff, re-sends a firing alert, and sends endsAt once resolved', async () => {
    status = 503;
    await delivery().flush();
    expect((await deliveries()).map((d) => [d.channel, d.pending, d.attempts, d.last_error, d.next_attempt_at.getTime() - now.getTime()])).toEqual([
      ['alertmanager', true, 1, 'HTTP 503', backoffMs(1)],
      ['webhook', true, 1, 'HTTP 503', backoffMs(1)],
    ]);
    // Not yet due: nothing is sent.
    received.length = 0;
    await delivery().flush();
    expect(received).toEqual([]);
    status = 200;
    now = new Date(T0.getTime() + backoffMs(1));
    await delivery().flush();
    expect((await deliveries()).map((d) => [d.pending, d.attempts, d.last_error])).toEqual([[false, 2, null], [false, 2, null]]);

    // A minute later Alertmanager gets the firing alert again (the webhook does not: it heard it once).
    received.length = 0;
    now = new Date(now.getTime() + 60_001);
    await delivery().flush();
    expect(received.map((r) => r.path)).toEqual(['/api/v2/alerts']);

    // Resolved: both hear it, Alertmanager with endsAt = the resolution time.
    const repo = new AlertsRepo(db);
    const resolvedAt = new Date(now.getTime() + 5_000);
    await db.transaction(async (tx) => {
      await repo.resolve(tx, alertId, resolvedAt);
      await repo.queueDeliveries(tx, alertId, channelsOf(config), 'RESOLVED', resolvedAt);
    });
    received.length = 0;
    now = resolvedAt;
    await delivery().flush();
    const [am] = JSON.parse(received.find((r) => r.path === '/api/v2/alerts')!.body) as { endsAt: string }[];
    expect(am!.endsAt).toBe(resolvedAt.toISOString());
    expect(JSON.parse(received.find((r) => r.path === '/hook')!.body)).toMatchObject({ status: 'RESOLVED', alert: { resolvedAt: resolvedAt.toISOString() } });
    // Resolved alerts are not re-sent.
    received.length = 0;
    now = new Date(now.getTime() + 120_000);
    await delivery().flush();
    expect(received).toEqual([]);
  });

  it('a replica that does not lead the sync delivers nothing', async () => {
    leader = false;
    await delivery().flush();
    expect(received).toEqual([]);
    expect((await deliveries()).every((d) => d.pending && d.attempts === 0)).toBe(true);
  });
});
