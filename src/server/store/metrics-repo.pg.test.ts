// A scrape's queries on real PostgreSQL with 20,000 cases: the answers match the cases, and the plans never read
// `fallout_case` or scan `recovery_command` (sequential scans off, as the bench's EXPLAIN check runs them), so a
// scrape costs the same at a million cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';
import { ACTIVE_STATUSES } from './cases-repo.js';
import { METRICS_SQL, MetricsRepo } from './metrics-repo.js';
import { createTestDatabase } from '../testing/test-context.js';

const NOW = new Date('2026-03-02T09:00:00.000Z');
let database: { url: string; drop: () => Promise<void> };
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDb({ databaseUrl: database.url });
  await migrate(db);
  // 20,000 cases: every 4th resolved, the rest open in two categories; 3 pending and 1 running command among 500 done.
  await db.query(
    `INSERT INTO fallout_case (id, engine_id, source, status, category, severity, definition_key, activity_id, first_seen_at, last_seen_at, created_at, updated_at, sla_due_at, resolved_at)
     SELECT 'FO-M-' || i, 'default', 'INCIDENT', CASE WHEN i % 4 = 0 THEN 'RESOLVED' ELSE 'OPEN' END,
       CASE WHEN i % 2 = 0 THEN 'TECHNICAL_TRANSIENT' ELSE 'UNKNOWN_OUTCOME' END, 'MEDIUM', 'order-orchestration', 'checkAvailability', $1, $1, $1, $1, $1,
       CASE WHEN i % 4 = 0 THEN $1::timestamptz END
     FROM generate_series(1, 20000) AS i`,
    [NOW],
  );
  await db.query(
    `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, attempts, created_at, updated_at)
     SELECT 'c-' || i, 'c-' || i, 'olivia.ops', 'FO-M-1', 'RETRY_STEP', 'h', CASE WHEN i <= 3 THEN 'PENDING' WHEN i = 4 THEN 'RUNNING' ELSE 'DONE' END, 1, $1, $1
     FROM generate_series(1, 504) AS i`,
    [NOW],
  );
  await db.query('ANALYZE');
}, 120_000);
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe('the metrics queries', () => {
  it('count the working set by category and status, and the outbox by state', async () => {
    const repo = new MetricsRepo(db);
    // Of 20,000: 5,000 resolved (every 4th, all even), 5,000 open transient (even, not divisible by 4), 10,000 open unknown outcome (odd).
    expect((await repo.casesByCategoryAndStatus()).sort((a, b) => a.category.localeCompare(b.category))).toEqual([
      { category: 'TECHNICAL_TRANSIENT', status: 'OPEN', count: 5000 },
      { category: 'UNKNOWN_OUTCOME', status: 'OPEN', count: 10000 },
    ]);
    expect((await repo.outboxDepth()).sort((a, b) => a.state.localeCompare(b.state))).toEqual([
      { state: 'PENDING', count: 3 },
      { state: 'RUNNING', count: 1 },
    ]);
  });

  it('never read fallout_case and never scan recovery_command', async () => {
    const plans: string[] = [];
    const sql: [string, unknown[]][] = [
      [METRICS_SQL.cases, [ACTIVE_STATUSES]],
      [METRICS_SQL.outbox, []],
    ];
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      for (const [text, params] of sql) {
        const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
    });
    expect(plans[0]).not.toMatch(/fallout_case\b(?!_facet)/);
    expect(plans[1]).not.toMatch(/Seq Scan on recovery_command/);
    expect(plans[1]).toMatch(/recovery_command_outbox/);
  });
});
