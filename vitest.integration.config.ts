import { defineConfig } from 'vitest/config';

/**
 * Files whose subject does not depend on which engine answers: PostgreSQL outages and failover, killed BFFs,
 * overload, database roles, live updates between replicas, metrics plumbing, and two engines at once (which
 * starts the other flavour itself). CI's second run on Operaton (`INTEGRATION_ENGINE_API_ONLY=1`) leaves them
 * out: they passed on Camunda minutes earlier, and the Operaton run is there for every engine call the BFF,
 * workers and seeder make, which the remaining files all exercise.
 */
const ENGINE_INDEPENDENT = [
  'src/server/sync/outage.int.test.ts',
  'src/server/commands/crash-recovery.int.test.ts',
  'src/server/engines/several-engines.int.test.ts',
  'src/server/http/overload.int.test.ts',
  'src/server/store/app-role.int.test.ts',
  'src/server/live/live-replicas.int.test.ts',
  'src/server/http/metrics.int.test.ts',
  // The alert rules read the read model and talk to Alertmanager: nothing in them depends on the flavour.
  'src/server/alerts/alerts.int.test.ts',
  // Its engine calls (external-task fetch, lock expiries, deployments, reports) are release-safety's, which the
  // Operaton run keeps.
  'src/server/alerts/alert-scenarios.int.test.ts',
];

// Integration tests: the real reference engine (the one ENGINE_FLAVOR names), demo services and workers
// (started once by the global setup on free ports with a temporary data folder), real PostgreSQL and PGlite.
// Never msw.
export default defineConfig({
  test: {
    name: 'integration',
    environment: 'node',
    include: ['src/server/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.INTEGRATION_ENGINE_API_ONLY === '1' ? ENGINE_INDEPENDENT : [])],
    globalSetup: ['src/server/testing/stack.global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
