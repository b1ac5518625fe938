import { defineConfig } from 'vitest/config';

// Integration tests: the real reference engine (the one ENGINE_FLAVOR names), demo services and workers
// (started once by the global setup on free ports with a temporary data folder), real PostgreSQL and PGlite.
// Never msw.
export default defineConfig({
  test: {
    name: 'integration',
    environment: 'node',
    include: ['src/server/**/*.int.test.ts', 'scripts/**/*.int.test.ts'],
    globalSetup: ['src/server/testing/stack.global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
