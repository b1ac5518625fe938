// Throw-away PGlite databases for tests, opened from a migrated template folder.
//
// A new in-memory PGlite runs initdb inside WebAssembly: about 2.5 s on the two-core CI machines, and the unit
// stage opens dozens. Copying a folder that already holds a migrated cluster and opening PGlite on it takes
// about 0.7 s. The template is built once per machine and schema: its name carries a hash of the migration
// files and the PGlite version, so a new or changed migration builds a new one.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MIGRATIONS_DIR = path.join(HERE, '../store/migrations');
const PGLITE_PACKAGE = path.join(HERE, '../../../node_modules/@electric-sql/pglite/package.json');

function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(JSON.parse(readFileSync(PGLITE_PACKAGE, 'utf8')).version as string);
  for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

let template: Promise<string> | null = null;

/** The template folder, built on first use. Parallel workers may each build one; the first rename wins. */
function templateDir(): Promise<string> {
  template ??= (async () => {
    const dir = path.join(tmpdir(), `fw-pglite-template-${templateKey()}`);
    if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
    const building = mkdtempSync(path.join(tmpdir(), 'fw-pglite-building-'));
    const db = await openDb({ pgliteDir: building });
    await migrate(db);
    await db.close();
    try {
      renameSync(building, dir);
    } catch {
      // Another worker finished first: its template is the same schema.
      rmSync(building, { recursive: true, force: true });
    }
    return dir;
  })();
  return template;
}

/** A migrated, empty PGlite database of its own; `close()` also deletes its folder. */
export async function openTestPglite(): Promise<Db> {
  const source = await templateDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'fw-pglite-'));
  cpSync(source, dir, { recursive: true });
  const db = await openDb({ pgliteDir: dir });
  const close = db.close.bind(db);
  db.close = async () => {
    try {
      await close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return db;
}
