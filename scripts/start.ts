// `npm start`: with no configuration, the whole demo (reference engine, processes, demo services and
// workers, seeded orders, BFF serving the SPA) and one URL. With CAMUNDA_URL set, only the BFF, against
// that engine.
import path from 'node:path';
import { engineDatabaseFromEnv } from './lib/engine-database.js';
import { flavorSpec } from './lib/engine-flavor.js';
import { startManaged } from './lib/managed-process.js';
import { REPO_ROOT } from './lib/paths.js';
import { startStack } from './lib/stack.js';
import { runMigrateStep } from '../src/server/store/migrate-step.js';
import { buildWebIfStale } from './lib/web-build.js';

const t0 = Date.now();
const bffPort = Number(process.env.WORKBENCH_PORT ?? 3000);

async function main() {
  buildWebIfStale();
  if (process.env.CAMUNDA_URL) {
    // The migration step as the owner first (npm run db:migrate); the BFF itself only checks it on PostgreSQL.
    await runMigrateStep({ databaseUrl: process.env.DATABASE_URL || undefined, pgliteDir: process.env.PGLITE_DIR ?? '.data/pglite' });
    const bff = startManaged('bff', path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'src/server/main.ts')], { cwd: REPO_ROOT, echo: true });
    console.log(`\nFallout Workbench: http://127.0.0.1:${bffPort}  (engine ${process.env.CAMUNDA_URL}; no demo started)\n`);
    onExit(() => bff.stop());
    process.exitCode = (await bff.exited) ?? 0;
    return;
  }
  const flavor = flavorSpec();
  const stack = await startStack({
    ports: { engine: Number(process.env.ENGINE_PORT ?? 8080), orders: 8091, inventory: 8092, billing: 8093, bff: bffPort },
    dataDir: flavor.dataHome,
    flavor,
    engineDb: engineDatabaseFromEnv(),
    cleanEngine: process.argv.includes('--clean'),
    seed: { orders: Number(process.env.DEMO_ORDERS ?? 12), seed: Number(process.env.DEMO_SEED ?? 7) },
    startBff: true,
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`\nFallout Workbench is ready in ${seconds} s: ${stack.bffUrl}`);
  console.log('  Sign in as olivia.ops (operator), sara.supervisor (approvals), sam.support, theo.tech, paula.platform or aud.auditor;');
  console.log('  every demo user\'s password is fallout-demo (config/users.json).');
  const logs = path.relative(REPO_ROOT, path.join(flavor.dataHome, 'logs'));
  console.log(`  (${stack.flavor.product}; Cockpit for comparison: ${stack.engineUrl.replace(/\/engine-rest$/, flavor.cockpitPath)} as admin/admin; logs in ${logs}; Ctrl-C stops everything)\n`);
  onExit(() => stack.stop());
}

function onExit(stop: () => Promise<void>) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping…');
      void stop().then(() => process.exit(0));
    });
  }
}

main().catch((error) => {
  console.error(`\nCould not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
