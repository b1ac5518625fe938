// One BFF replica for the benches: `src/server/main.ts` as a child process configured by environment
// variables (as in production), plus its resident memory and CPU read from /proc while it runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startManaged, waitFor, type ManagedProcess } from '../../scripts/lib/managed-process.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Replica {
  name: string;
  url: string;
  process: ManagedProcess;
  /** Starts sampling RSS and CPU once a second; the returned function stops and summarises. */
  sample(): () => { maxRssMb: number; meanCpuPercent: number };
  stop(): Promise<void>;
}

export async function startReplica(options: { name: string; env: NodeJS.ProcessEnv; logFile: string }): Promise<Replica> {
  const port = await freePort();
  // node --import tsx (not the tsx wrapper) so the pid is the BFF itself and /proc shows its own memory.
  const child = startManaged(options.name, process.execPath, ['--import', 'tsx', path.join(REPO, 'src/server/main.ts')], {
    cwd: REPO,
    env: {
      WORKBENCH_HOST: '127.0.0.1',
      WORKBENCH_PORT: String(port),
      WEB_DIST: path.join(REPO, 'bench/.no-web'),
      // Names the leadership connection in pg_stat_activity, so the bench can tell which replica syncs.
      PGAPPNAME: options.name,
      ...options.env,
    },
    logFile: options.logFile,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${options.name} to listen`, async () => {
    if (child.child.exitCode !== null) throw new Error(`${options.name} exited with ${child.child.exitCode}; see ${options.logFile}`);
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).status < 500;
  }, 120_000);
  return {
    name: options.name,
    url,
    process: child,
    sample: () => sampleProcess(child.pid),
    stop: () => child.stop(),
  };
}

const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

function sampleProcess(pid: number): () => { maxRssMb: number; meanCpuPercent: number } {
  const startTicks = cpuTicks(pid);
  const startedAt = performance.now();
  let maxRss = rssMb(pid);
  const timer = setInterval(() => {
    try {
      maxRss = Math.max(maxRss, rssMb(pid));
    } catch {
      // exited
    }
  }, 1000);
  return () => {
    clearInterval(timer);
    const seconds = (performance.now() - startedAt) / 1000;
    let ticks = 0;
    try {
      ticks = cpuTicks(pid) - startTicks;
      maxRss = Math.max(maxRss, rssMb(pid));
    } catch {
      // exited
    }
    return { maxRssMb: Math.round(maxRss), meanCpuPercent: Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) };
  };
}
