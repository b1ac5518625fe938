// Test helpers for the audit chain: a database migrated only up to a given file (to plant events written
// before the chain existed), and tampering as the table owner with the append-only triggers switched off.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from '../store/db.js';
import { migrate, splitStatements } from '../store/migrate.js';
import { canonicalEventText, canonicalJson, GENESIS_HASH, hashCanonical, iterateAuditEvents, type ChainedFields, type StoredAuditEvent } from '../store/audit-repo.js';
import { openTestPglite } from '../testing/pglite-template.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../store/migrations');

/** Applies the migration files up to and including `lastFile`, recorded as `migrate()` records them. */
export async function migrateUpTo(db: Db, lastFile: string): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql') && f <= lastFile).sort();
  for (const file of files) {
    const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of db.kind === 'postgres' ? [sql] : splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
    });
  }
}

/** Runs `work` as the owner with the user triggers of audit_event off, the way an attacker with owner rights would. */
export async function tamper(db: Db, work: (tx: Queryable) => Promise<unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
    await work(tx);
    await tx.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
  });
}

/**
 * One in-memory PGlite per test file (starting one takes seconds), and a fresh schema for every test: PGlite
 * is a single connection, so `search_path` sends all of a test's statements, migrations included, there.
 */
export async function pgliteSchemas(): Promise<{ fresh(options?: { migrateUpTo?: string }): Promise<Db>; close(): Promise<void> }> {
  const db = await openTestPglite();
  let count = 0;
  let current: string | null = null;
  return {
    async fresh(options = {}) {
      if (current) await db.query(`DROP SCHEMA ${current} CASCADE`);
      count += 1;
      current = `audit_test_${count}`;
      await db.query(`CREATE SCHEMA ${current}`);
      await db.query(`SET search_path TO ${current}`);
      if (options.migrateUpTo) await migrateUpTo(db, options.migrateUpTo);
      else await migrate(db);
      return db;
    },
    close: () => db.close(),
  };
}

/**
 * What an owner of the database can do to defeat the hash chain on its own: change one event, then recompute
 * the hash of it and of every later event and move the chain head to the new last hash. The chain then
 * verifies as intact; only a checkpoint kept outside the database can tell.
 */
export async function rewriteChainFrom(db: Db, chainIndex: number, newDetail: Record<string, unknown>): Promise<void> {
  const events: StoredAuditEvent[] = [];
  for await (const event of iterateAuditEvents(db, {})) events.push(event);
  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_event DISABLE TRIGGER USER');
    await tx.query('ALTER TABLE audit_chain_head DISABLE TRIGGER USER');
    let prevHash = events.find((e) => e.chainIndex === chainIndex - 1)?.hash ?? GENESIS_HASH;
    for (const event of events.filter((e) => e.chainIndex >= chainIndex)) {
      const fields: ChainedFields = { ...event, prevHash, detail: event.chainIndex === chainIndex ? canonicalJson(newDetail) : event.detail };
      const canonical = canonicalEventText(fields);
      const hash = hashCanonical(canonical);
      await tx.query('UPDATE audit_event SET detail = $2, prev_hash = $3, hash = $4, canonical = $5 WHERE seq = $1', [event.seq, fields.detail, prevHash, hash, canonical]);
      prevHash = hash;
    }
    await tx.query('UPDATE audit_chain_head SET last_hash = $1 WHERE id = 1', [prevHash]);
    await tx.query('ALTER TABLE audit_chain_head ENABLE TRIGGER USER');
    await tx.query('ALTER TABLE audit_event ENABLE TRIGGER USER');
  });
}
