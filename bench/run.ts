// Runs the benchmarks that need no running stack, one after another, and prints their figures.
// The recovery-command benchmark starts an engine of its own: run it on its own with
// `npx tsx bench/recovery-command.ts`.
import { spawnSync } from 'node:child_process';

for (const bench of ['bench/classification.ts', 'bench/case-upsert.ts', 'bench/bundle-size.ts']) {
  console.log(`\n▶ ${bench}`);
  const result = spawnSync('npx', ['tsx', bench], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
