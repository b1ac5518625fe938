import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return time;
}

/** Builds the SPA when dist/web is missing or older than its sources. */
export function buildWebIfStale(): void {
  const index = path.join(REPO_ROOT, 'dist', 'web', 'index.html');
  const sources = Math.max(newest(path.join(REPO_ROOT, 'src', 'web')), newest(path.join(REPO_ROOT, 'src', 'contracts')), statSync(path.join(REPO_ROOT, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('[web] building the SPA…');
  execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
