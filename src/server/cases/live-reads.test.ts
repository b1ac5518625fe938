import { describe, expect, it } from 'vitest';
import type { EngineAdapter } from '../engine/adapter.js';
import { LiveReads, withinBudget } from './live-reads.js';

/** An adapter whose history reads the test settles by hand, counting how often each is asked. */
function fakeEngine() {
  const calls: string[] = [];
  const pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const engine = {
    listActivityHistory: (id: string) => {
      calls.push(`history:${id}`);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  } as unknown as EngineAdapter;
  return { engine, calls, pending };
}

describe('live reads of the case page', () => {
  it('asks the engine once for concurrent viewers of one instance and hands each the same answer', async () => {
    const { engine, calls, pending } = fakeEngine();
    const reads = new LiveReads(engine, { budgetMs: 1500, cacheMs: 2000 });
    const viewers = [reads.activityHistory('pi-1'), reads.activityHistory('pi-1'), reads.activityHistory('pi-1')];
    expect(calls).toEqual(['history:pi-1']);
    pending[0]!.resolve([{ activityId: 'a' }]);
    expect(await Promise.all(viewers)).toEqual([[{ activityId: 'a' }], [{ activityId: 'a' }], [{ activityId: 'a' }]]);
    // A viewer right after reuses the answer.
    await reads.activityHistory('pi-1');
    expect(calls).toEqual(['history:pi-1']);
  });

  it('keeps instances apart and asks again after a failure', async () => {
    const { engine, calls, pending } = fakeEngine();
    const reads = new LiveReads(engine, { budgetMs: 1500, cacheMs: 2000 });
    const first = reads.activityHistory('pi-1');
    void reads.activityHistory('pi-2');
    expect(calls).toEqual(['history:pi-1', 'history:pi-2']);
    pending[0]!.reject(new Error('engine down'));
    await expect(first).rejects.toThrow('engine down');
    void reads.activityHistory('pi-1');
    expect(calls).toEqual(['history:pi-1', 'history:pi-2', 'history:pi-1']);
  });

  it('with no reuse time only coalesces: a later viewer asks again', async () => {
    const { engine, calls, pending } = fakeEngine();
    const reads = new LiveReads(engine, { budgetMs: 1500, cacheMs: 0 });
    const first = reads.activityHistory('pi-1');
    pending[0]!.resolve([]);
    await first;
    void reads.activityHistory('pi-1');
    expect(calls).toEqual(['history:pi-1', 'history:pi-1']);
  });
});

describe('withinBudget', () => {
  it('gives the value when it arrives in time and SLOW when it does not', async () => {
    expect(await withinBudget(Promise.resolve(42), 50)).toEqual({ value: 42 });
    const never = new Promise<number>(() => undefined);
    expect(await withinBudget(never, 20)).toBe('SLOW');
  });

  it('passes a failure in time on to the caller', async () => {
    await expect(withinBudget(Promise.reject(new Error('refused')), 50)).rejects.toThrow('refused');
  });
});
