import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Component test files that replace a module with `vi.mock`. They need a fresh module graph of their own; all
 * other component files share one per worker (`isolate: false`), which halves the stage: setting up jsdom and
 * importing React, the router and msw once per worker instead of once per file.
 */
function webFilesThatMockModules(): string[] {
  const root = 'src/web';
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.test\.tsx?$/.test(file))
    .map((file) => path.posix.join(root, file.split(path.sep).join('/')))
    .filter((file) => readFileSync(file, 'utf8').includes('vi.mock('));
}
const mockingWebFiles = webFilesThatMockModules();

const webProject = (name: string, options: { include: string[]; exclude?: string[]; isolate: boolean }) => ({
  plugins: [react()],
  test: {
    name,
    environment: 'jsdom',
    include: options.include,
    exclude: ['**/node_modules/**', ...(options.exclude ?? [])],
    isolate: options.isolate,
    setupFiles: ['src/web/testing/setup.ts'],
    // See setup.ts: waits are longer on a loaded machine, so the whole test may be too.
    testTimeout: 20_000,
  },
});

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
          isolate: false,
          include: ['src/server/**/*.test.ts', 'src/contracts/**/*.test.ts', 'demo/**/*.test.ts', 'workflows/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      webProject('web', { include: ['src/web/**/*.test.{ts,tsx}'], exclude: mockingWebFiles, isolate: false }),
      webProject('web-isolated', { include: mockingWebFiles, isolate: true }),
    ],
  },
});
