// How the queue and the dashboard count cases changed in the engine behind the workbench's back: an incident
// cleared outside it with the step still waiting, an instance cancelled while its order is active, and one
// cancelled whose order is closed too. Hand-made read model on in-memory PGlite; the engine is unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { dashboardSchema, type Dashboard } from '../../contracts/dashboard.js';
import { queueResponseSchema, type QueueResponse } from '../../contracts/queues.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';
import { dashboardRoutes } from './dashboard.js';
import { queueRoutes } from './queue.js';

const NOW = new Date('2026-03-10T12:30:00.000Z');
let bff: TestBff;
let theo: TestLogin;
const ids: Record<string, string> = {};

const base = (overrides: Partial<NewCase>): NewCase => ({
  engineId: 'default', source: 'INCIDENT', category: 'TECHNICAL_TRANSIENT', unclassified: false, severity: 'MEDIUM',
  businessKey: null, entityType: 'ORDER', entityId: null, processInstanceId: 'pi-x', rootProcessInstanceId: null, definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability',
  incidentType: 'failedExternalTask', topic: null, errorMessage: null, firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null,
  runbookId: null, team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null, ...overrides,
});

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW } });
  if (!bff.app.hasRoute({ method: 'GET', url: '/api/queue' })) queueRoutes(bff.app, bff.ctx);
  if (!bff.app.hasRoute({ method: 'GET', url: '/api/dashboard' })) dashboardRoutes(bff.app, bff.ctx);
  const { db, cases } = bff.ctx;
  const make = async (name: string, input: NewCase) => {
    ids[name] = (await cases.create(db, input, new Date(new Date(input.firstSeenAt).getTime() + 60_000))).id;
  };
  await make('failing', base({ businessKey: 'order:ORD-1', entityId: 'ORD-1', firstSeenAt: '2026-03-10T10:00:00.000Z' }));
  await make('cleared', base({ businessKey: 'order:ORD-2', entityId: 'ORD-2', firstSeenAt: '2026-03-10T10:10:00.000Z' }));
  await make('mismatch', base({ businessKey: 'order:ORD-3', entityId: 'ORD-3', category: 'UNKNOWN_OUTCOME', activityId: 'reserveInventory', activityName: 'Reserve inventory', firstSeenAt: '2026-03-10T10:20:00.000Z' }));
  await make('closed', base({ businessKey: 'order:ORD-4', entityId: 'ORD-4', firstSeenAt: '2026-03-10T10:30:00.000Z' }));
  await make('resolved', base({ businessKey: 'order:ORD-5', entityId: 'ORD-5', firstSeenAt: '2026-03-10T10:40:00.000Z' }));
  await db.query("UPDATE fallout_case SET status = 'CLEARED_OUTSIDE' WHERE id = $1", [ids.cleared]);
  await db.query(
    "UPDATE fallout_case SET status = 'CANCELLED_IN_ENGINE', cancelled_in_engine_at = '2026-03-10T11:00:00Z', domain_mismatch = 'Order ORD-3 is still RESERVATION_PENDING' WHERE id = $1",
    [ids.mismatch],
  );
  await db.query("UPDATE fallout_case SET status = 'CLOSED', cancelled_in_engine_at = '2026-03-10T11:00:00Z', resolved_at = '2026-03-10T11:05:00Z' WHERE id = $1", [ids.closed]);
  await db.query("UPDATE fallout_case SET status = 'RESOLVED', resolved_at = '2026-03-10T11:10:00Z' WHERE id = $1", [ids.resolved]);
  // A retry on every one but the cleared case: only the resolved one counts as a retry that worked.
  for (const name of ['failing', 'mismatch', 'closed', 'resolved']) {
    await db.query(
      `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, attempts, created_at, updated_at)
       VALUES ($1, $1, 'olivia.ops', $2, 'RETRY_STEP', 'h', 'DONE', 1, '2026-03-10T10:50:00Z', '2026-03-10T10:50:00Z')`,
      [`cmd-${name}`, ids[name]],
    );
  }
  theo = await loginAs(bff.app, 'theo.tech');
}, 60_000);
afterAll(() => bff?.close());

async function queue(query: string): Promise<QueueResponse> {
  const response = await bff.app.inject({ url: `/api/queue?${query}`, headers: theo.headers });
  expect(response.statusCode, response.body).toBe(200);
  return z.parse(queueResponseSchema, response.json());
}

describe('cases changed in the engine, in the queue and on the dashboard', () => {
  it('keeps a cleared-outside case and a cancellation the order contradicts in the open queue, not among the still failing', async () => {
    const open = await queue('');
    expect(open.items.map((c) => c.id).sort()).toEqual([ids.failing, ids.cleared, ids.mismatch].sort());
    expect(open.items.find((c) => c.id === ids.mismatch)).toMatchObject({ status: 'CANCELLED_IN_ENGINE', domainMismatch: 'Order ORD-3 is still RESERVATION_PENDING' });
    expect((await queue('status=incident')).items.map((c) => c.id)).toEqual([ids.failing]);
    const statuses = Object.fromEntries(open.facets.status.map((f) => [f.value, [f.label, f.count]]));
    expect(statuses).toMatchObject({ CLEARED_OUTSIDE: ['Cleared outside', 1], CANCELLED_IN_ENGINE: ['Cancelled in engine', 1], CLOSED: ['Closed', 1], RESOLVED: ['Resolved', 1] });
    expect((await queue('status=CLEARED_OUTSIDE')).items.map((c) => c.id)).toEqual([ids.cleared]);
  });

  it('counts them as open, not as failing steps, and never a cancellation as a retry that worked', async () => {
    const response = await bff.app.inject({ url: '/api/dashboard?range=24h', headers: theo.headers });
    expect(response.statusCode, response.body).toBe(200);
    const dashboard: Dashboard = z.parse(dashboardSchema, response.json());
    expect(dashboard.technical.openByCategory.at(-1)!.values).toMatchObject({ TECHNICAL_TRANSIENT: 2, UNKNOWN_OUTCOME: 1 });
    expect(dashboard.technical.incidentsByActivity.map((i) => [i.activityId, i.count, i.filter])).toEqual([
      ['checkAvailability', 1, 'processKey=order-orchestration&processVersion=3&activityId=checkAvailability&source=INCIDENT&status=incident'],
    ]);
    expect(dashboard.business.changedInEngine).toEqual({ clearedOutside: 1, cancelledInEngine: 1 });
    expect(dashboard.business.retryToSuccess).toEqual({ retries: 4, resolvedAfterRetry: 1, ratio: 0.25 });
    expect(dashboard.business.unknownOutcomeOpen).toBe(1);
  });
});
