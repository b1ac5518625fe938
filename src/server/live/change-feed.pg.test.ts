// The change feed end to end on both databases: the triggers of migrations 014 and 015 announce what the pages show,
// once per statement, and the feeds deliver it. On PostgreSQL also: the LISTEN connection comes back after
// the server killed it, and says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDb, PgliteDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createTestDatabase, POSTGRES_ADMIN_URL } from '../testing/test-context.js';
import type { ChangeFeed } from './change-feed.js';
import type { ChangeNote } from './change-note.js';
import { PgChangeFeed } from './pg-change-feed.js';
import { PgliteChangeFeed } from './pglite-change-feed.js';
import { openTestPglite } from '../testing/pglite-template.js';

interface Heard {
  notes: (ChangeNote | null)[];
  statuses: boolean[];
}

const caseRow = (i: number) =>
  `('FO-2026-${String(i).padStart(6, '0')}', 'default', 'INCIDENT', 'OPEN', 'TECHNICAL_TRANSIENT', 'LOW', 'pi-${i}', 'order-orchestration', 'checkAvailability', now(), now(), now(), now(), now() + interval '1 day')`;
const CASE_COLUMNS = '(id, engine_id, source, status, category, severity, process_instance_id, definition_key, activity_id, first_seen_at, last_seen_at, created_at, updated_at, sla_due_at)';

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Runs `write`, waits for `expected` notifications (none: a short while, for any that should not come) and a
 * little longer for any extra one, and returns what arrived.
 */
async function notesOf(heard: Heard, write: () => Promise<unknown>, expected = 1): Promise<(ChangeNote | null)[]> {
  const before = heard.notes.length;
  await write();
  if (expected > 0) await until(`${expected} notification(s)`, () => heard.notes.length - before >= expected);
  await new Promise((r) => setTimeout(r, expected > 0 ? 100 : 250));
  return heard.notes.slice(before);
}

function feedContract(name: string, open: () => Promise<{ db: Db; feed: ChangeFeed; close: () => Promise<void> }>) {
  describe(name, () => {
    let db: Db;
    let feed: ChangeFeed;
    let close: () => Promise<void>;
    const heard: Heard = { notes: [], statuses: [] };

    beforeAll(async () => {
      ({ db, feed, close } = await open());
      feed.subscribe({ change: (note) => heard.notes.push(note), status: (up) => heard.statuses.push(up) });
      await feed.start();
      expect(feed.up).toBe(true);
    }, 60_000);
    afterAll(async () => {
      await feed?.stop();
      await close?.();
    });

    it('announces a new case, a changed case, and stays quiet for an update that changes nothing', async () => {
      expect(await notesOf(heard, () => db.query(`INSERT INTO fallout_case ${CASE_COLUMNS} VALUES ${caseRow(1)}`))).toEqual([
        { kind: 'case', ids: ['FO-2026-000001'] },
      ]);
      expect(await notesOf(heard, () => db.query("UPDATE fallout_case SET status = 'RESOLVED' WHERE id = 'FO-2026-000001'"))).toEqual([
        { kind: 'case', ids: ['FO-2026-000001'] },
      ]);
      expect(await notesOf(heard, () => db.query("UPDATE fallout_case SET status = 'RESOLVED' WHERE id = 'FO-2026-000001'"), 0)).toEqual([]);
    });

    it('sends one notification for a batch of 500 cases, saying "many"', async () => {
      const rows = Array.from({ length: 500 }, (_, i) => caseRow(1000 + i)).join(',');
      expect(await notesOf(heard, () => db.query(`INSERT INTO fallout_case ${CASE_COLUMNS} VALUES ${rows}`))).toEqual([{ kind: 'case', ids: 'many' }]);
      // A transaction of several statements: one per statement, delivered at commit.
      const notes = await notesOf(
        heard,
        () =>
          db.transaction(async (tx) => {
            await tx.query("UPDATE fallout_case SET assignee = 'olivia.ops' WHERE id = 'FO-2026-001000'");
            await tx.query("UPDATE fallout_case SET assignee = 'olivia.ops' WHERE id = 'FO-2026-001001'");
          }),
        2,
      );
      expect(notes).toEqual([
        { kind: 'case', ids: ['FO-2026-001000'] },
        { kind: 'case', ids: ['FO-2026-001001'] },
      ]);
      expect(await notesOf(heard, () => db.transaction(async (tx) => {
        await tx.query("UPDATE fallout_case SET assignee = 'omar.ops' WHERE id = 'FO-2026-001002'");
        throw new Error('rolled back');
      }).catch(() => undefined), 0)).toEqual([]);
    });

    it('announces a command as a change of its case, on each state but not on other updates', async () => {
      const insert = `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, state, created_at, updated_at)
                      VALUES ('cmd-1', 'k-1', 'olivia.ops', 'FO-2026-001000', 'RETRY_STEP', 'h', 'RUNNING', now(), now())`;
      expect(await notesOf(heard, () => db.query(insert))).toEqual([{ kind: 'case', ids: ['FO-2026-001000'] }]);
      expect(await notesOf(heard, () => db.query("UPDATE recovery_command SET updated_at = now() + interval '1 second' WHERE id = 'cmd-1'"), 0)).toEqual([]);
      expect(await notesOf(heard, () => db.query("UPDATE recovery_command SET state = 'DONE', attempts = 1 WHERE id = 'cmd-1'"))).toEqual([
        { kind: 'case', ids: ['FO-2026-001000'] },
      ]);
    });

    it('announces a change made in the engine (its operation log) as a change of the instance\'s cases and of cases under it', async () => {
      await db.query("UPDATE fallout_case SET root_process_instance_id = 'pi-1000' WHERE id = 'FO-2026-001001'");
      await new Promise((r) => setTimeout(r, 150));
      const operation = `INSERT INTO engine_operation (engine_id, id, operation_id, at, user_id, operation_type, entity_type, property, process_instance_id)
                         VALUES ('default', 'op-1', 'o-1', now(), 'admin', 'Delete', 'ProcessInstance', 'cascade', 'pi-1000'),
                                ('default', 'op-2', 'o-1', now(), 'admin', 'Delete', 'ProcessInstance', 'reason', 'pi-1000')`;
      const [note, ...more] = await notesOf(heard, () => db.query(operation));
      expect(more).toEqual([]);
      expect(note?.kind).toBe('case');
      expect([...((note?.ids ?? []) as string[])].sort()).toEqual(['FO-2026-001000', 'FO-2026-001001']);
      const elsewhere = `INSERT INTO engine_operation (engine_id, id, at, operation_type, process_instance_id) VALUES ('default', 'op-3', now(), 'Suspend', 'pi-unknown')`;
      expect(await notesOf(heard, () => db.query(elsewhere), 0)).toEqual([]);
    });

    it('announces approvals with their case, and freezes', async () => {
      const approval = `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by,
                          requested_roles, reason, evidence, status, requested_at, expires_at)
                        VALUES ('apr-1', 'FO-2026-001001', 'RETRY_STEP', 'k', 'h', '{}', 1, 'olivia.ops', ARRAY['fulfillment_ops'], 'r', 'e', 'PENDING', now(), now() + interval '30 minutes')`;
      expect(await notesOf(heard, () => db.query(approval))).toEqual([{ kind: 'approval', ids: ['FO-2026-001001'] }]);
      const freeze = `INSERT INTO activity_freeze (id, engine_id, definition_key, activity_id, reason, created_by, created_at, ends_at)
                      VALUES ('frz-1', 'default', 'order-orchestration', 'checkAvailability', 'storm', 'theo.tech', now(), now() + interval '1 hour')`;
      expect(await notesOf(heard, () => db.query(freeze))).toEqual([{ kind: 'freeze', ids: ['frz-1'] }]);
    });
  });
}

feedContract('on PGlite', async () => {
  const db = await openTestPglite();
  return { db, feed: new PgliteChangeFeed(db as PgliteDb), close: () => db.close() };
});

let database: { url: string; drop: () => Promise<void> } | undefined;
feedContract('on PostgreSQL', async () => {
  database = await createTestDatabase();
  const db = await openDb({ databaseUrl: database.url });
  await migrate(db);
  return {
    db,
    feed: new PgChangeFeed({ databaseUrl: database.url, backoff: { minMs: 50, maxMs: 200 } }),
    close: async () => {
      await db.close();
      await database?.drop();
    },
  };
});

describe('PostgreSQL LISTEN connection', () => {
  it('goes down when the server kills it, comes back by itself, and hears changes again', async () => {
    const db2 = await createTestDatabase();
    const db = await openDb({ databaseUrl: db2.url });
    const feed = new PgChangeFeed({ databaseUrl: db2.url, backoff: { minMs: 50, maxMs: 200 } });
    try {
      await migrate(db);
      const statuses: boolean[] = [];
      const notes: (ChangeNote | null)[] = [];
      feed.subscribe({ change: (n) => notes.push(n), status: (up) => statuses.push(up) });
      await feed.start();
      const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fallout-workbench-live' AND datname = $1", [
        new URL(db2.url).pathname.slice(1),
      ]);
      await admin.end();
      await until('the feed to notice', () => statuses.includes(false));
      await until('the feed to come back', () => feed.up);
      expect(statuses).toEqual([true, false, true]);
      await db.query(`INSERT INTO fallout_case ${CASE_COLUMNS} VALUES ${caseRow(7)}`);
      await until('the change after the reconnect', () => notes.length > 0);
      expect(notes).toEqual([{ kind: 'case', ids: ['FO-2026-000007'] }]);
    } finally {
      await feed.stop();
      await db.close();
      await db2.drop();
    }
  }, 30_000);
});
