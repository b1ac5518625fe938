import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveChange } from '../../contracts/live.js';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  let sent: { at: number; change: LiveChange }[];
  let coalescer: Coalescer;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    sent = [];
    coalescer = new Coalescer((change) => sent.push({ at: Date.now(), change }), { windowMs: 250, minGapMs: 1000 });
  });
  afterEach(() => {
    coalescer.close();
    vi.useRealTimers();
  });

  it('sends a lone change after the window, with what joined it', () => {
    coalescer.add({ kind: 'case', ids: ['FO-1'] });
    vi.advanceTimersByTime(100);
    coalescer.add({ kind: 'approval', ids: ['FO-2'] });
    vi.advanceTimersByTime(149);
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([{ at: 250, change: { kinds: ['case', 'approval'], caseIds: ['FO-1', 'FO-2'] } }]);
  });

  it('turns a storm of 400 notes over 4 s into at most one event a second', () => {
    for (let i = 0; i < 400; i++) {
      coalescer.add({ kind: 'case', ids: [`FO-${i}`] });
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(2000);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    // Nothing is lost: every id went out, or an event said "any case".
    const ids = new Set(sent.flatMap((s) => s.change.caseIds ?? []));
    expect(ids.size === 400 || sent.some((s) => s.change.caseIds === null)).toBe(true);
  });

  it('after a quiet spell sends the next change after the window again, not the gap', () => {
    coalescer.add({ kind: 'case', ids: ['FO-1'] });
    vi.advanceTimersByTime(5000);
    coalescer.add({ kind: 'case', ids: ['FO-2'] });
    vi.advanceTimersByTime(250);
    expect(sent.map((s) => s.at)).toEqual([250, 5250]);
  });
});
