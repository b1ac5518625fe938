// The audit chain on a real PostgreSQL server: concurrent appends from a pool, and the BFF's own role,
// which can append evidence but neither change nor remove it. (PGlite is one connection and runs as
// superuser, so neither can be tested there.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, readChainHead, type AuditEntry } from '../store/audit-repo.js';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createTestDatabase, POSTGRES_ADMIN_URL } from '../testing/test-context.js';
import { ensureAppRole } from './app-role.js';
import { migrateUpTo } from './test-helpers.js';
import { verifyAuditChain } from './verify.js';

const entry = (n: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 8, 0, n)),
  actor: `user-${n % 10}`, roles: ['support', 'fulfillment_ops'], team: 'fulfillment',
  caseId: `FO-2026-${String(n).padStart(6, '0')}`, businessKey: `ORD-${n}`, action: 'RETRY_STEP', commandId: `cmd-${n}`, idempotencyKey: `key-${n}`,
  outcome: 'REQUESTED', detail: { n },
});

let database: { url: string; drop: () => Promise<void> };
let owner: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  owner = await openDb({ databaseUrl: database.url });
  await migrate(owner);
}, 60_000);
afterAll(async () => {
  await owner?.close();
  await database?.drop();
});

describe('on PostgreSQL', () => {
  it('gives one unbroken chain for 50 appends running at once on 10 pooled connections', async () => {
    // Each transaction also writes another table first, so transactions really overlap on the pool.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        owner.transaction(async (tx) => {
          await tx.query("INSERT INTO sync_state (engine_id, name, value, updated_at) VALUES ('pg-test', $1, 'x', now())", [`n${i}`]);
          await appendAudit(tx, entry(i + 1));
        }),
      ),
    );
    const rows = await owner.query<{ chain_index: number; seq: number }>('SELECT chain_index, seq FROM audit_event ORDER BY chain_index');
    expect(rows.map((r) => r.chain_index)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set((await owner.query<{ prev_hash: string }>('SELECT prev_hash FROM audit_event')).map((r) => r.prev_hash)).size).toBe(50);
    const verification = await verifyAuditChain(owner);
    expect(verification).toMatchObject({ ok: true, checked: 50, problems: [] });
    expect((await readChainHead(owner)).lastIndex).toBe(50);
  }, 60_000);

  describe('through the BFF connection as workbench_app', () => {
    let app: Db;
    beforeAll(async () => {
      const url = await ensureAppRole(POSTGRES_ADMIN_URL, new URL(database.url).pathname.slice(1), 'workbench_app', 'app-role-test-secret');
      app = await openDb({ databaseUrl: url });
    }, 60_000);
    afterAll(() => app?.close());

    it('appends evidence and reads it back', async () => {
      const appended = await app.transaction((tx) => appendAudit(tx, entry(51)));
      expect(appended.chainIndex).toBe(51);
      expect(await app.query('SELECT outcome FROM audit_event WHERE seq = $1', [appended.seq])).toEqual([{ outcome: 'REQUESTED' }]);
      expect(await app.query('SELECT current_user AS who')).toEqual([{ who: 'workbench_app' }]);
    });

    it('may still change the other tables', async () => {
      await app.query("UPDATE sync_state SET value = 'y' WHERE engine_id = 'pg-test'");
      await app.query("DELETE FROM sync_state WHERE engine_id = 'pg-test'");
      expect(await app.query("SELECT * FROM sync_state WHERE engine_id = 'pg-test'")).toEqual([]);
    });

    it('is denied updating, deleting or truncating audit events', async () => {
      await expect(app.query("UPDATE audit_event SET outcome = 'DONE' WHERE chain_index = 1")).rejects.toThrow(/permission denied for table audit_event/);
      await expect(app.query('DELETE FROM audit_event WHERE chain_index = 1')).rejects.toThrow(/permission denied for table audit_event/);
      await expect(app.query('TRUNCATE audit_event')).rejects.toThrow(/permission denied for table audit_event/);
      await expect(app.query('ALTER TABLE audit_event DISABLE TRIGGER USER')).rejects.toThrow(/must be owner of table audit_event/);
    });

    it('cannot rewind, delete or add to the chain head', async () => {
      await expect(app.query('UPDATE audit_chain_head SET last_index = 1')).rejects.toThrow(/only moves forward/);
      await expect(app.query('DELETE FROM audit_chain_head')).rejects.toThrow(/permission denied for table audit_chain_head/);
      await expect(app.query("INSERT INTO audit_chain_head VALUES (2, 0, 'x')")).rejects.toThrow(/permission denied for table audit_chain_head/);
    });
  });

  it('refuses the owner too: the trigger stops updates, deletes and truncation', async () => {
    await expect(owner.query("UPDATE audit_event SET outcome = 'DONE' WHERE chain_index = 1")).rejects.toThrow(/audit_event is append-only/);
    await expect(owner.query('DELETE FROM audit_event WHERE chain_index = 1')).rejects.toThrow(/audit_event is append-only/);
    await expect(owner.query('TRUNCATE audit_event')).rejects.toThrow(/audit_event is append-only/);
    const verification = await verifyAuditChain(owner);
    expect(verification).toMatchObject({ ok: true, checked: 51 });
  });
});

describe('migration 004 on PostgreSQL', () => {
  it('chains events written before it, so they verify like new ones', async () => {
    const legacy = await createTestDatabase();
    const db = await openDb({ databaseUrl: legacy.url });
    try {
      await migrateUpTo(db, '003_sessions.sql');
      await db.query(
        `INSERT INTO audit_event (at, actor, roles, case_id, business_key, action, command_id, idempotency_key, outcome, detail)
         VALUES ('2026-02-01T10:00:00.987654Z', 'sam.support', '{support}', NULL, 'ORD-7', 'RETRY_STEP', NULL, 'k', 'DENIED', $1)`,
        ['{"quote":"\\"x\\"","umlaut":"Zoë"}'],
      );
      await migrate(db);
      const [row] = await db.query<{ canonical: string }>('SELECT canonical FROM audit_event');
      expect(row!.canonical).toBe(
        '{"action":"RETRY_STEP","actor":"sam.support","at":"2026-02-01T10:00:00.987Z","businessKey":"ORD-7","caseId":null,"chainIndex":1,' +
          '"commandId":null,"detail":{"quote":"\\"x\\"","umlaut":"Zoë"},"idempotencyKey":"k","outcome":"DENIED",' +
          '"prevHash":"0000000000000000000000000000000000000000000000000000000000000000","roles":["support"],"seq":1,"team":null}',
      );
      await db.transaction((tx) => appendAudit(tx, entry(1)));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 2 });
    } finally {
      await db.close();
      await legacy.drop();
    }
  }, 60_000);
});
