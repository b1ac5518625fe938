// `npm run db:migrate`: applies the read model's migrations as the database owner, and on PostgreSQL with
// APP_DB_ROLE and APP_DB_PASSWORD set, creates or updates the restricted role the BFF runs as in production.
//   DATABASE_URL=postgres://owner@host/db APP_DB_ROLE=workbench_app APP_DB_PASSWORD=… npm run db:migrate
// Without DATABASE_URL it migrates the embedded PGlite in PGLITE_DIR (default .data/pglite).
import { runMigrateStep } from '../src/server/store/migrate-step.js';

const databaseUrl = process.env.DATABASE_URL || undefined;
const role = process.env.APP_DB_ROLE;
const password = process.env.APP_DB_PASSWORD;
if ((role && !password) || (!role && password)) {
  console.error('[db:migrate] set both APP_DB_ROLE and APP_DB_PASSWORD, or neither.');
  process.exit(2);
}

runMigrateStep({ databaseUrl, pgliteDir: process.env.PGLITE_DIR ?? '.data/pglite', appRole: role && password ? { name: role, password } : undefined })
  .then(({ applied, appDatabaseUrl }) => {
    console.log(applied.length ? `[db:migrate] applied ${applied.join(', ')}` : '[db:migrate] the schema is up to date');
    if (appDatabaseUrl) {
      const shown = new URL(appDatabaseUrl);
      shown.password = '***';
      console.log(`[db:migrate] role ${role} is ready: run the BFF with DATABASE_URL=${shown.toString()} (the password you gave)`);
    }
  })
  .catch((error: unknown) => {
    console.error(`[db:migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
