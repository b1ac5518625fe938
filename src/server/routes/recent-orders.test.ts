// Support's "Recent orders" through HTTP: opening a case of an order records it for the caller, newest first,
// each order once, at most 10, and nobody else sees it. In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { recentOrdersSchema } from '../../contracts/saved-views.js';
import type { NewCase } from '../store/cases-repo.js';
import { RecentOrdersRepo } from '../store/recent-orders-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let now = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let sam: TestLogin;
let olivia: TestLogin;

const newCase = (orderId: string): NewCase => ({
  engineId: 'default', source: 'INCIDENT', category: 'TECHNICAL_TRANSIENT', unclassified: false, severity: 'MEDIUM',
  businessKey: `order:${orderId}`, entityType: 'ORDER', entityId: orderId, processInstanceId: `pi-${orderId}`, rootProcessInstanceId: null,
  definitionId: null, definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability',
  incidentType: 'failedExternalTask', topic: null, errorMessage: 'Connection refused', firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null,
  runbookId: null, team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null,
});

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => now } });
  sam = await loginAs(bff.app, 'sam.support');
  olivia = await loginAs(bff.app, 'olivia.ops');
}, 60_000);
afterAll(() => bff?.close());

async function recent(login: TestLogin) {
  const response = await bff.app.inject({ url: '/api/recent-orders', headers: login.headers });
  expect(response.statusCode, response.body).toBe(200);
  return z.parse(recentOrdersSchema, response.json()).items;
}

describe('GET /api/recent-orders', () => {
  it('lists the order of a case the caller opened, for that caller only', async () => {
    expect(await recent(sam)).toEqual([]);
    const made = await bff.ctx.cases.create(bff.ctx.db, newCase('ORD-100928'), new Date('2026-03-10T10:00:00.000Z'));
    const page = await bff.app.inject({ url: `/api/cases/${made.id}`, headers: sam.headers });
    expect(page.statusCode, page.body).toBe(200);
    expect(await recent(sam)).toEqual([{ orderId: 'ORD-100928', viewedAt: '2026-03-10T12:00:00.000Z' }]);
    expect(await recent(olivia)).toEqual([]);
  });

  it('keeps each order once, the last visit first, and only the newest 10 rows', async () => {
    const repo = new RecentOrdersRepo(bff.ctx.db);
    for (let i = 1; i <= 12; i++) await repo.record('olivia.ops', `ORD-2000${String(i).padStart(2, '0')}`, new Date(Date.UTC(2026, 2, 10, 13, i)));
    // A second visit to the oldest kept order moves it to the top instead of adding a row.
    await repo.record('olivia.ops', 'ORD-200003', new Date('2026-03-10T14:00:00.000Z'));
    const items = await recent(olivia);
    expect(items.map((i) => i.orderId)).toEqual([
      'ORD-200003', 'ORD-200012', 'ORD-200011', 'ORD-200010', 'ORD-200009', 'ORD-200008', 'ORD-200007', 'ORD-200006', 'ORD-200005', 'ORD-200004',
    ]);
    expect(items[0]!.viewedAt).toBe('2026-03-10T14:00:00.000Z');
    const rows = await bff.ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM recent_order WHERE user_id = 'olivia.ops'");
    expect(rows[0]!.n).toBe(10);
  });
});
