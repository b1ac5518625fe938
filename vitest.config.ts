import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Fast tests with no outside processes: `unit` (server logic, contracts, demo pure parts) and `web`
// (components in jsdom with msw). Integration tests against the real engine have their own config.
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one worker on the two-core CI machines. Most files
    // wait on PGlite, PostgreSQL or timers as much as they compute, so a worker per core is measured faster
    // (the whole stage 518 s → 335 s on two cores) with every test still passing.
    maxWorkers: Math.max(availableParallelism(), 2),
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/server/**/*.test.ts', 'src/contracts/**/*.test.ts', 'demo/**/*.test.ts', 'workflows/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/web/**/*.test.{ts,tsx}'],
          setupFiles: ['src/web/testing/setup.ts'],
          // See setup.ts: waits are longer on a loaded machine, so the whole test may be too.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
