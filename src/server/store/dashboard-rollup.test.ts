// The dashboard's time series, the fallout rate and the queue's facet counts come from rollups that triggers keep
// (migration 008). Here they must
// equal what counting the cases themselves answers (the SQL the dashboard ran before the rollup), on a few
// thousand synthetic cases and after the writes the sync and the commands make: resolutions, reopenings, a
// category change, a batch insert, a delete. In-memory PGlite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillInto } from '../../../bench/lib/fill-cases.js';
import { bucketsFor, type DashboardRange } from '../dashboard/dashboard-service.js';
import { DashboardRepo } from './dashboard-repo.js';
import type { Db } from './db.js';
import { openTestPglite } from '../testing/pglite-template.js';

const NOW = new Date('2026-06-15T10:20:30.000Z');
let db: Db;

/** The pre-rollup queries, verbatim: the truth the rollup must reproduce. */
async function countedOpenByCategory(range: DashboardRange) {
  const b = bucketsFor(range, NOW);
  const rows = await db.query<{ at: Date; category: string | null; count: number }>(
    `SELECT s.at, c.category, count(c.id)::int AS count
     FROM generate_series($1::timestamptz, $2::timestamptz, $3::interval) AS s(at)
     LEFT JOIN fallout_case c ON c.first_seen_at < least(s.at + $3::interval, $4::timestamptz)
       AND (c.resolved_at IS NULL OR c.resolved_at >= least(s.at + $3::interval, $4::timestamptz))
     GROUP BY s.at, c.category ORDER BY s.at, c.category`,
    [b.from, b.lastStart, b.step, NOW],
  );
  return rows.filter((r) => r.count > 0).map((r) => [new Date(r.at).toISOString(), r.category, r.count]);
}

async function countedOpenedPerBucket(range: DashboardRange) {
  const b = bucketsFor(range, NOW);
  const rows = await db.query<{ at: Date; count: number }>(
    `SELECT s.at, count(c.id)::int AS count FROM generate_series($1::timestamptz, $2::timestamptz, $3::interval) AS s(at)
     LEFT JOIN fallout_case c ON c.created_at >= s.at AND c.created_at < s.at + $3::interval GROUP BY s.at ORDER BY s.at`,
    [b.from, b.lastStart, b.step],
  );
  return rows.map((r) => [new Date(r.at).toISOString(), r.count]);
}

async function countedFalloutRate(from: Date, engineId: string | null = null) {
  const [row] = await db.query<{ orders: number; with_case: number }>(
    `SELECT count(*)::int AS orders,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM fallout_case c WHERE lower(c.business_key) = lower(o.business_key)
                                      AND ($2::text IS NULL OR c.engine_id = $2)))::int AS with_case
     FROM (SELECT DISTINCT business_key FROM process_instance
           WHERE definition_key = 'order-orchestration' AND started_at >= $1 AND business_key IS NOT NULL
             AND ($2::text IS NULL OR engine_id = $2)) o`,
    [from, engineId],
  );
  return { orders: row!.orders, withCase: row!.with_case };
}

const FACET_COLUMNS = 'status, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified';

async function expectRollupToMatchCounting() {
  const repo = new DashboardRepo(db);
  // The facet rollup the queue and the dashboard's "now" panels sum: the same numbers as grouping the cases.
  const summed = await db.query(`SELECT ${FACET_COLUMNS}, unresolved, n FROM fallout_case_facet ORDER BY ${FACET_COLUMNS}, unresolved`);
  const grouped = await db.query(
    `SELECT ${FACET_COLUMNS}, resolved_at IS NULL AS unresolved, count(*)::int AS n FROM fallout_case
     WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') OR resolved_at IS NULL
     GROUP BY ${FACET_COLUMNS}, resolved_at IS NULL ORDER BY ${FACET_COLUMNS}, unresolved`,
  );
  expect(summed.length).toBeGreaterThan(10);
  expect(summed).toEqual(grouped);
  for (const range of ['24h', '7d', '30d'] as const) {
    const b = bucketsFor(range, NOW);
    const rate = await repo.falloutRate(b.from);
    expect(rate).toEqual(await countedFalloutRate(b.from));
    expect(rate.withCase).toBeGreaterThan(0);
    expect(rate.orders).toBeGreaterThan(rate.withCase);
    // One engine's rate (migration 025's table) equals counting that engine's orders and cases.
    for (const engineId of ['default', 'south']) {
      expect(await new DashboardRepo(db, engineId).falloutRate(b.from)).toEqual(await countedFalloutRate(b.from, engineId));
    }
    const fromRollup = (await repo.openByCategory(b, NOW)).filter((r) => r.count > 0).map((r) => [new Date(r.at).toISOString(), r.category, r.count]);
    expect(fromRollup).toEqual(await countedOpenByCategory(range));
    const opened = (await repo.openedPerBucket(b)).map((r) => [new Date(r.at).toISOString(), r.count]);
    expect(opened).toEqual(await countedOpenedPerBucket(range));
  }
}

beforeAll(async () => {
  db = await openTestPglite();
  // 3,000 cases over the year before NOW; a few hundred of them in the last 30 days.
  await fillInto(db, { cases: 3000, now: NOW, seed: 3 });
}, 60_000);
afterAll(() => db.close());

describe('the dashboard rollup', () => {
  it('equals counting the cases after a fill', async () => {
    await expectRollupToMatchCounting();
  });

  it('still equals it after resolutions, reopenings, a reclassification, a batch insert and a delete', async () => {
    // Resolve some open cases now and an hour ago; reopen some resolved ones; move one category.
    await db.query(`UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $1 WHERE id IN (
      SELECT id FROM fallout_case WHERE resolved_at IS NULL ORDER BY id LIMIT 40)`, [NOW]);
    await db.query(`UPDATE fallout_case SET status = 'RESOLVED', resolved_at = $1 WHERE id IN (
      SELECT id FROM fallout_case WHERE resolved_at IS NULL ORDER BY id LIMIT 25)`, [new Date(NOW.getTime() - 3_600_000)]);
    await db.query(`UPDATE fallout_case SET status = 'OPEN', resolved_at = NULL, reopened_count = reopened_count + 1 WHERE id IN (
      SELECT id FROM fallout_case WHERE resolved_at > $1 ORDER BY id LIMIT 30)`, [new Date(NOW.getTime() - 20 * 86_400_000)]);
    await db.query(`UPDATE fallout_case SET category = 'DATA_CORRUPTION' WHERE id IN (
      SELECT id FROM fallout_case WHERE first_seen_at > $1 ORDER BY id LIMIT 10)`, [new Date(NOW.getTime() - 5 * 86_400_000)]);
    // An update that changes nothing the rollup counts.
    await db.query(`UPDATE fallout_case SET assignee = 'omar.ops' WHERE id IN (SELECT id FROM fallout_case ORDER BY id LIMIT 50)`);
    // A batch of new cases in one statement, one of them resolved before it was first seen (left out alike).
    await db.query(`INSERT INTO fallout_case (id, engine_id, source, status, category, severity, definition_key, activity_id,
        first_seen_at, last_seen_at, resolved_at, created_at, updated_at, sla_due_at)
      SELECT 'FO-T-' || g, 'default', 'INCIDENT', CASE WHEN g = 1 THEN 'RESOLVED' ELSE 'OPEN' END, 'TECHNICAL_TRANSIENT', 'MEDIUM',
        'order-orchestration', 'checkAvailability', $1::timestamptz - make_interval(mins => g * 7),
        $1::timestamptz, CASE WHEN g = 1 THEN $1::timestamptz - interval '2 days' END, $1::timestamptz - make_interval(mins => g * 7 - 1),
        $1::timestamptz, $1::timestamptz
      FROM generate_series(1, 200) AS g`, [NOW]);
    await db.query(`DELETE FROM fallout_case WHERE id = 'FO-T-2'`);
    // The fallout rate's per-order table: a restarted order (a second instance of a key), an order started
    // after its case (a workflow that never started, started by hand), a case moving to another order's key.
    await db.query(`INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, state, started_at, synced_at)
      SELECT 'default', 'restart-' || p.id, p.business_key, 'ORDER', p.entity_id, p.definition_id, p.definition_key, 'ACTIVE', $1::timestamptz - interval '2 hours', $1::timestamptz
      FROM process_instance p WHERE p.definition_key = 'order-orchestration' AND p.started_at < $1::timestamptz - interval '60 days' ORDER BY p.id LIMIT 5`, [NOW]);
    await db.query(`INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, state, started_at, synced_at)
      SELECT 'default', 'late-' || c.id, upper(c.business_key), 'ORDER', c.entity_id, 'order-orchestration:3:x', 'order-orchestration', 'ACTIVE', $1::timestamptz - interval '3 hours', $1::timestamptz
      FROM fallout_case c WHERE c.source = 'RECONCILE' ORDER BY c.id LIMIT 5`, [NOW]);
    await db.query(`UPDATE fallout_case SET business_key = 'order:ORD-NOBODY' WHERE id IN (
      SELECT c.id FROM fallout_case c JOIN process_instance p ON p.business_key = c.business_key
      WHERE p.started_at > $1::timestamptz - interval '3 days' ORDER BY c.id LIMIT 8)`, [NOW]);
    // A second engine: orders of the same keys and of its own, a case there, and a case moved between engines.
    await db.query(`INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, state, started_at, synced_at)
      SELECT 'south', 'south-' || p.id, p.business_key, 'ORDER', p.entity_id, p.definition_id, p.definition_key, 'ACTIVE', $1::timestamptz - interval '1 day', $1::timestamptz
      FROM process_instance p WHERE p.definition_key = 'order-orchestration' AND p.engine_id = 'default' ORDER BY p.id LIMIT 40`, [NOW]);
    const southKeys = await db.query<{ business_key: string }>(`SELECT business_key FROM order_key_engine WHERE engine_id = 'south' ORDER BY business_key LIMIT 6`);
    expect(southKeys).toHaveLength(6);
    await db.query(`INSERT INTO fallout_case (id, engine_id, source, status, category, severity, definition_key, activity_id, business_key,
        first_seen_at, last_seen_at, created_at, updated_at, sla_due_at)
      SELECT 'FO-S-' || k.n, 'south', 'INCIDENT', 'OPEN', 'TECHNICAL_TRANSIENT', 'MEDIUM', 'order-orchestration', 'checkAvailability', upper(k.business_key),
        $1::timestamptz, $1::timestamptz, $1::timestamptz, $1::timestamptz, $1::timestamptz
      FROM unnest($2::text[]) WITH ORDINALITY AS k(business_key, n)`, [NOW, southKeys.slice(0, 3).map((k) => k.business_key)]);
    await db.query(`UPDATE fallout_case SET engine_id = 'default' WHERE id = 'FO-S-1'`);
    await db.query(`UPDATE fallout_case SET engine_id = 'south', business_key = $1 WHERE id = (
      SELECT c.id FROM fallout_case c WHERE c.engine_id = 'default' AND c.business_key IS NOT NULL ORDER BY c.id LIMIT 1)`, [southKeys[4]!.business_key]);
    expect((await new DashboardRepo(db, 'south').falloutRate(bucketsFor('24h', NOW).from)).withCase).toBe(0);
    expect((await new DashboardRepo(db, 'south').falloutRate(bucketsFor('7d', NOW).from)).withCase).toBe(3);
    await expectRollupToMatchCounting();
  });
});
