import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './db.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the numbered SQL files not yet applied, each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const applied = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migration')).map((r) => r.name));
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const newlyApplied: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    await db.transaction(async (tx) => {
      // Multi-statement files: pg runs them in one simple query; PGlite's query() only takes one statement.
      await execScript(tx, db.kind, sql);
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [file]);
    });
    newlyApplied.push(file);
  }
  return newlyApplied;
}

async function execScript(tx: { query: (sql: string, params?: unknown[]) => Promise<unknown> }, kind: Db['kind'], sql: string) {
  if (kind === 'postgres') {
    await tx.query(sql);
    return;
  }
  for (const statement of splitStatements(sql)) await tx.query(statement);
}

/** Splits on semicolons outside `$$` bodies and comments; enough for our own migration files. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (!inDollar && trimmed.startsWith('--')) continue;
    current += line + '\n';
    const dollarCount = (line.match(/\$\$/g) ?? []).length;
    if (dollarCount % 2 === 1) inDollar = !inDollar;
    if (!inDollar && trimmed.endsWith(';')) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

// The migration files ship with the code and never change while it runs: list them once (/readyz asks often).
let migrationFiles: Promise<string[]> | null = null;
const listMigrationFiles = () => (migrationFiles ??= readdir(MIGRATIONS_DIR).then((all) => all.filter((f) => f.endsWith('.sql')).sort()));

/** Migration files not yet applied to this database (none: the schema is what this code expects). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const files = await listMigrationFiles();
  const [table] = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migration') IS NOT NULL AS present");
  if (!table?.present) return files;
  const applied = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migration')).map((r) => r.name));
  return files.filter((f) => !applied.has(f));
}
