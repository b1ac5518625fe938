// The queue through HTTP on five hand-made cases: filters, sorting, facets under the other filters, the
// saved-view counts per caller, and bad filters. In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { queueResponseSchema, type QueueResponse } from '../../contracts/queues.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';
import { queueRoutes } from './queue.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let olivia: TestLogin;
let sara: TestLogin;
let sid: TestLogin;
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
  const { db, cases } = bff.ctx;
  const make = async (name: string, input: NewCase) => {
    ids[name] = (await cases.create(db, input, new Date(input.firstSeenAt))).id;
  };
  await make('A', base({ severity: 'HIGH', businessKey: 'order:ORD-1', entityId: 'ORD-1', errorMessage: 'Connection refused', firstSeenAt: '2026-03-10T10:00:00.000Z', slaDueAt: new Date('2026-03-10T14:00:00.000Z') }));
  await make('B', base({ category: 'UNKNOWN_OUTCOME', severity: 'CRITICAL', businessKey: 'order:ORD-2', entityId: 'ORD-2', activityId: 'reserveInventory', activityName: 'Reserve inventory', errorMessage: 'timeout after 100% of budget', firstSeenAt: '2026-03-10T11:30:00.000Z', slaDueAt: new Date('2026-03-10T12:30:00.000Z') }));
  await make('C', base({ source: 'STUCK', category: 'TECHNICAL_PERSISTENT', businessKey: 'order:ORD-3', entityId: 'ORD-3', definitionVersion: 2, activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback', firstSeenAt: '2026-03-09T12:00:00.000Z', slaDueAt: new Date('2026-03-09T16:00:00.000Z') }));
  await make('D', base({ category: 'TECHNICAL_PERSISTENT', severity: 'LOW', unclassified: true, businessKey: 'order:ORD-4', entityId: 'ORD-4', definitionKey: 'billing-handoff', definitionVersion: 1, activityId: 'billingHandoffTask', activityName: 'Billing handoff', team: 'billing-ops', firstSeenAt: '2026-03-10T09:00:00.000Z' }));
  await make('E', base({ unclassified: true, businessKey: 'order:ORD-5', entityId: 'ORD-5', definitionKey: 'billing-handoff', definitionVersion: 1, activityId: 'billingHandoffTask', activityName: 'Billing handoff', team: 'billing-ops', firstSeenAt: '2026-03-10T11:10:00.000Z', slaDueAt: new Date('2026-03-10T15:10:00.000Z') }));
  await db.query("UPDATE fallout_case SET assignee = 'olivia.ops' WHERE id = $1", [ids.A]);
  await db.query("UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $2 WHERE id = $1", [ids.D, NOW]);
  await db.query(
    `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles,
       reason, evidence, status, requested_at, expires_at)
     VALUES ('ap-1', $1, 'REQUEST_UNSAFE_RETRY', 'k-1', 'h', '{}', 1, 'sara.supervisor', '{support,supervisor}', 'why', '[]', 'PENDING', $2, $3)`,
    [ids.E, NOW, new Date('2026-03-10T12:30:00.000Z')],
  );
  // Recovery commands: A retried (done, 1 h ago), B confirmed by hand (pending, 3 days ago), C retried and failed.
  const command = (id: string, caseName: string, action: string, state: string, at: string) =>
    db.query(
      `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, attempts, created_at, updated_at)
       VALUES ($1, $1, 'olivia.ops', $2, $3, 'h', $4, 1, $5, $5)`,
      [id, ids[caseName], action, state, new Date(at)],
    );
  await command('cmd-1', 'A', 'RETRY_STEP', 'DONE', '2026-03-10T11:00:00.000Z');
  await command('cmd-2', 'B', 'CONFIRM_EXTERNAL_OUTCOME', 'PENDING', '2026-03-07T12:00:00.000Z');
  await command('cmd-3', 'C', 'RETRY_STEP', 'FAILED', '2026-03-10T11:30:00.000Z');
  // An approval of C that expired undecided last week: an SLA breach outside a 24 h window.
  await db.query(
    `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles,
       reason, evidence, status, requested_at, expires_at, decided_by, decided_at, decision_reason)
     VALUES ('ap-2', $1, 'REQUEST_UNSAFE_RETRY', 'k-2', 'h', '{}', 1, 'olivia.ops', '{fulfillment_ops}', 'why', '[]', 'EXPIRED', $2, $3, 'system', $3, 'late')`,
    [ids.C, new Date('2026-03-03T10:00:00.000Z'), new Date('2026-03-03T10:30:00.000Z')],
  );
  await db.query("UPDATE fallout_case SET topic = 'inventory.checkAvailability' WHERE id = ANY($1::text[])", [[ids.A, ids.C]]);
  olivia = await loginAs(bff.app, 'olivia.ops');
  sara = await loginAs(bff.app, 'sara.supervisor');
  sid = await loginAs(bff.app, 'sid.supervisor');
}, 60_000);
afterAll(() => bff?.close());

async function queue(query: string, login = olivia): Promise<QueueResponse> {
  const response = await bff.app.inject({ url: `/api/queue${query}`, headers: login.headers });
  expect(response.statusCode, response.body).toBe(200);
  return z.parse(queueResponseSchema, response.json());
}
const names = (body: QueueResponse) => body.items.map((c) => Object.keys(ids).find((k) => ids[k] === c.id));
const facet = (body: QueueResponse, name: keyof QueueResponse['facets']) => Object.fromEntries(body.facets[name].map((f) => [f.value, f.count]));

describe('GET /api/queue', () => {
  it('lists the open cases, last seen first, by default', async () => {
    const body = await queue('');
    expect(names(body)).toEqual(['B', 'E', 'A', 'C']);
    expect(body.total).toBe(4);
  });

  it('filters by category and counts each facet under the other filters', async () => {
    const body = await queue('?category=TECHNICAL_TRANSIENT');
    expect(names(body)).toEqual(['E', 'A']);
    // The category facet ignores the category filter: what picking another category would give.
    expect(facet(body, 'category')).toEqual({ TECHNICAL_TRANSIENT: 2, UNKNOWN_OUTCOME: 1, TECHNICAL_PERSISTENT: 1 });
    expect(facet(body, 'severity')).toEqual({ HIGH: 1, MEDIUM: 1 });
    expect(facet(body, 'team')).toEqual({ fulfillment: 1, 'billing-ops': 1 });
    expect(facet(body, 'status')).toEqual({ OPEN: 2 });
    expect(facet(body, 'assignee')).toEqual({ 'olivia.ops': 1, none: 1 });
    expect(body.facets.activityId.find((f) => f.value === 'checkAvailability')?.label).toBe('Check availability');
  });

  it('counts every status in the status facet, whatever the status filter', async () => {
    expect(facet(await queue(''), 'status')).toEqual({ OPEN: 4, RESOLVED: 1 });
  });

  it('filters by process, version, activity, assignee, source and free text', async () => {
    expect(names(await queue('?processKey=order-orchestration&processVersion=3'))).toEqual(['B', 'A']);
    expect(names(await queue('?activityId=billingHandoffTask&status=all'))).toEqual(['E', 'D']);
    expect(names(await queue('?assignee=me'))).toEqual(['A']);
    expect(names(await queue('?assignee=none'))).toEqual(['B', 'E', 'C']);
    expect(names(await queue('?source=STUCK'))).toEqual(['C']);
    expect(names(await queue('?q=100%25'))).toEqual(['B']);
    expect(names(await queue('?q=ord-3'))).toEqual(['C']);
    expect(names(await queue('?team=billing-ops&status=RESOLVED'))).toEqual(['D']);
  });

  it('filters by age since first seen', async () => {
    expect(names(await queue('?minAgeMinutes=60'))).toEqual(['A', 'C']);
    expect(names(await queue('?maxAgeMinutes=45'))).toEqual(['B']);
  });

  it('filters by topic and by a breached SLA', async () => {
    expect(names(await queue('?topic=inventory.checkAvailability'))).toEqual(['A', 'C']);
    // Now is 12:00: only C's SLA (yesterday 16:00) has passed; B is due at 12:30, A at 14:00, E at 15:10.
    expect(names(await queue('?slaBreached=true'))).toEqual(['C']);
    expect(names(await queue('?slaBreached=false'))).toEqual(['B', 'E', 'A', 'C']);
  });

  it('filters by recovery commands: action, outcome and how recent', async () => {
    expect(names(await queue('?command=RETRY_STEP&status=all'))).toEqual(['A', 'C']);
    expect(names(await queue('?command=RETRY_STEP&commandOutcome=done&status=all'))).toEqual(['A']);
    expect(names(await queue('?commandOutcome=pending'))).toEqual(['B']);
    expect(names(await queue('?command=RETRY_STEP,CONFIRM_EXTERNAL_OUTCOME&eventWithinMinutes=1440'))).toEqual(['A', 'C']);
    expect(names(await queue('?command=RESOLVE'))).toEqual([]);
  });

  it('filters by unsafe-retry requests, including the ones that breached their deadline', async () => {
    expect(names(await queue('?approval=pending'))).toEqual(['E']);
    expect(names(await queue('?approval=breached'))).toEqual(['C']);
    expect(names(await queue('?approval=breached&eventWithinMinutes=1440'))).toEqual([]);
    expect(names(await queue('?approval=pending,expired'))).toEqual(['E', 'C']);
  });

  it('counts sources and engines as facets', async () => {
    const body = await queue('?source=STUCK');
    expect(facet(body, 'source')).toEqual({ INCIDENT: 3, STUCK: 1 });
    expect(body.facets.source.find((f) => f.value === 'STUCK')?.label).toBe('Stuck');
    expect(facet(body, 'engineId')).toEqual({ default: 1 });
  });

  it('sorts by severity, age and SLA', async () => {
    expect(names(await queue('?sort=severity'))).toEqual(['B', 'A', 'C', 'E']);
    expect(names(await queue('?sort=age'))).toEqual(['C', 'A', 'E', 'B']);
    expect(names(await queue('?sort=slaDue&order=asc'))).toEqual(['C', 'B', 'A', 'E']);
  });

  it('pages with limit and a cursor, the total counting all matches', async () => {
    const first = await queue('?limit=1');
    expect(names(first)).toEqual(['B']);
    expect(first.total).toBe(4);
    expect(first.totalCapped).toBe(false);
    const second = await queue(`?limit=1&cursor=${first.nextCursor}`);
    expect(names(second)).toEqual(['E']);
    expect(second.total).toBe(4);
    const rest = await queue(`?limit=2&cursor=${second.nextCursor}`);
    expect(names(rest)).toEqual(['A', 'C']);
    expect(rest.nextCursor).toBeNull();
    expect((await queue('?limit=200')).total).toBe(4);
  });

  it('pages every sort order with its cursor, as one list without gaps or repeats', async () => {
    for (const sort of ['?sort=severity', '?sort=severity&order=asc', '?sort=age', '?sort=slaDue&order=asc', '?sort=firstSeen&status=all']) {
      const whole = names(await queue(sort));
      const paged: (string | undefined)[] = [];
      let cursor: string | null = null;
      do {
        const page: QueueResponse = await queue(`${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...names(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(whole);
    }
  });

  it('refuses a cursor that is not one or was made for another sort', async () => {
    const { nextCursor } = await queue('?limit=1');
    for (const query of ['?cursor=bogus!', '?cursor=eyJzIjoibGFzdFNlZW4iLCJvIjoiZGVzYyIsInYiOlsieCIsImEiXX0', `?sort=age&cursor=${nextCursor}`]) {
      const response = await bff.app.inject({ url: `/api/queue${query}`, headers: olivia.headers });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });

  it('applies a saved view and counts every view for the caller', async () => {
    expect(names(await queue('?view=stuck'))).toEqual(['C']);
    expect(names(await queue('?view=team'))).toEqual(['B', 'A', 'C']);
    expect(names(await queue('?view=unclassified&status=all'))).toEqual(['E', 'D']);
    expect((await queue('')).views).toEqual({ all: 4, mine: 1, team: 3, approvals: 1, unclassified: 1, stuck: 1 });
  });

  it('leaves a supervisor their own approval requests out of their approvals view', async () => {
    expect((await queue('', sara)).views.approvals).toBe(0);
    expect(names(await queue('?view=approvals', sid))).toEqual(['E']);
    expect((await queue('', sid)).views).toMatchObject({ mine: 0, team: 1, approvals: 1 });
  });

  it.each([
    ['?status=BOGUS', 'INVALID_STATUS'],
    ['?category=NOPE', 'INVALID_CATEGORY'],
    ['?severity=HUGE', 'INVALID_SEVERITY'],
    ['?source=EMAIL', 'INVALID_SOURCE'],
    ['?view=everything', 'INVALID_VIEW'],
    ['?sort=colour', 'INVALID_SORT'],
    ['?order=sideways', 'INVALID_SORT'],
    ['?limit=201', 'INVALID_QUERY'],
    ['?offset=100', 'INVALID_QUERY'],
    ['?limit=0', 'INVALID_QUERY'],
    ['?minAgeMinutes=-5', 'INVALID_QUERY'],
    ["?activityId=x'%20OR%201=1--", 'INVALID_FILTER'],
    ['?processVersion=latest', 'INVALID_FILTER'],
    ['?command=SET_VARIABLE', 'INVALID_ACTION'],
    ['?commandOutcome=maybe', 'INVALID_FILTER'],
    ['?approval=sometimes', 'INVALID_FILTER'],
    ['?eventWithinMinutes=0', 'INVALID_QUERY'],
    ['?slaBreached=yes', 'INVALID_FILTER'],
    ["?topic=a%20b", 'INVALID_FILTER'],
  ])('answers 400 for %s', async (query, code) => {
    const response = await bff.app.inject({ url: `/api/queue${query}`, headers: olivia.headers });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code });
  });
});
