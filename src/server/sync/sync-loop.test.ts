import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { RateLimiter } from '../engine/rate-limiter.js';
import type { Leadership } from '../store/leadership.js';
import type { SyncStatusRepo } from '../store/sync-status-repo.js';
import { SyncLoop, type SyncLoopDeps } from './sync-loop.js';

// Only what a pass touches before it knows whether it leads: the leadership decides everything here.
function loopWith(leadership: Leadership, extra: Partial<SyncLoopDeps> = {}) {
  const logs: string[] = [];
  const deps = {
    engineId: 'default',
    leadership,
    statusRepo: {} as SyncStatusRepo,
    limiter: new RateLimiter(10),
    clock: systemClock,
    intervalMs: 20,
    log: (message: string) => logs.push(message),
    incidents: { lastBacklog: { behind: false } },
    ...extra,
  } as unknown as SyncLoopDeps;
  return { loop: new SyncLoop(deps), logs };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync loop during a database outage', () => {
  let loop: SyncLoop | null = null;
  afterEach(async () => {
    await loop?.stop();
    loop = null;
  });

  it('keeps scheduling passes while the lock check fails, and does not count itself leader meanwhile', async () => {
    let leads = true;
    let failing = false;
    const built = loopWith({ tryAcquire: async () => (failing ? Promise.reject(new Error('connect ECONNREFUSED')) : leads), release: async () => undefined });
    loop = built.loop;
    loop.start();
    await sleep(60);
    expect(loop.status.leader).toBe(true);
    failing = true;
    const before = loop.status.passes;
    await sleep(150);
    expect(loop.status.passes - before).toBeGreaterThan(3);
    expect(loop.status.leader).toBe(false);
    expect(loop.status.lastError).toBe('connect ECONNREFUSED');
    failing = false;
    leads = false;
    await sleep(60);
    expect(loop.status.leader).toBe(false);
  });

  it('stops within its bound while a pass hangs, and gives the lead up anyway', async () => {
    let released = false;
    const built = loopWith({ tryAcquire: () => new Promise<boolean>(() => undefined), release: async () => void (released = true) }, { stopWaitMs: 100 });
    loop = built.loop;
    loop.start();
    await sleep(30);
    const startedAt = Date.now();
    await loop.stop();
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(released).toBe(true);
    expect(built.logs).toContain('sync stopped with a pass still running');
  });
});
