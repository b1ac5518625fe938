// One BFF replica for the benches: a child BFF (`src/server/testing/child-bff.ts`, `src/server/main.ts`
// configured by environment variables as in production), plus its resident memory and CPU read from /proc.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startChildBff, type ChildBff } from '../../src/server/testing/child-bff.js';

export interface Replica extends ChildBff {
  /** Starts sampling RSS and CPU once a second; the returned function stops and summarises. */
  sample(): () => { maxRssMb: number; meanCpuPercent: number };
}

/**
 * A full replica, started the way the tests start a child BFF: unlike a test's child, it competes for the
 * sync's lock at the production interval, and names its connections so the bench can tell which one syncs.
 */
export async function startReplica(options: { name: string; env: NodeJS.ProcessEnv; logFile: string }): Promise<Replica> {
  const bff = await startChildBff({
    name: options.name,
    dataDir: path.dirname(options.logFile),
    logFile: options.logFile,
    startTimeoutMs: 120_000,
    env: { SYNC_INTERVAL_MS: '1000', PGAPPNAME: options.name, ...options.env },
  });
  return { ...bff, sample: () => sampleProcess(bff.process.pid) };
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
