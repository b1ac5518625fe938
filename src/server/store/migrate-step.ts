// The migration step, separate from serving: it runs as the database owner (who may create tables) and,
// on PostgreSQL, can create the restricted role the BFF then runs as. `npm run db:migrate` calls it; the
// demo stack calls it before it starts a BFF on PostgreSQL.
import { ensureAppRole } from '../audit/app-role.js';
import { openDb } from './db.js';
import { migrate } from './migrate.js';

export interface MigrateStepOptions {
  /** The owner's URL (PostgreSQL); unset: the embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** PostgreSQL only: create or update this login role with the BFF's restricted rights, after migrating. */
  appRole?: { name: string; password: string };
}

export async function runMigrateStep(options: MigrateStepOptions): Promise<{ applied: string[]; appDatabaseUrl: string | null }> {
  const db = await openDb({ databaseUrl: options.databaseUrl, pgliteDir: options.pgliteDir });
  let applied: string[];
  try {
    applied = await migrate(db);
  } finally {
    await db.close();
  }
  if (!options.appRole) return { applied, appDatabaseUrl: null };
  if (!options.databaseUrl) throw new Error('A restricted role exists on PostgreSQL only; the embedded PGlite runs as one superuser.');
  const databaseName = decodeURIComponent(new URL(options.databaseUrl).pathname.slice(1));
  const appDatabaseUrl = await ensureAppRole(options.databaseUrl, databaseName, options.appRole.name, options.appRole.password);
  return { applied, appDatabaseUrl };
}
