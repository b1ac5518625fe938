import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../contracts/session.js';
import { FeedListeners, type ChangeFeed } from './change-feed.js';
import type { ChangeNote } from './change-note.js';
import { LiveHub, type LiveStream } from './live-hub.js';

class FakeFeed implements ChangeFeed {
  readonly listeners = new FeedListeners();
  get up() {
    return this.listeners.up;
  }
  subscribe = this.listeners.subscribe.bind(this.listeners);
  start = async () => this.listeners.setUp(true);
  stop = async () => this.listeners.setUp(false);
  emit(note: ChangeNote | null) {
    this.listeners.change(note);
  }
}

class FakeStream implements LiveStream {
  frames: string[] = [];
  ended = false;
  constructor(
    readonly userId: string,
    readonly roles: readonly Role[],
    private readonly accepts = true,
  ) {}
  write(frame: string) {
    this.frames.push(frame);
    return this.accepts;
  }
  end() {
    this.ended = true;
  }
  /** The data of the events of one name, parsed. */
  events(name: string): unknown[] {
    return this.frames.flatMap((f) => [...f.matchAll(/event: (\S+)\ndata: (.*)\n\n/g)]).filter((m) => m[1] === name).map((m) => JSON.parse(m[2]!));
  }
}

describe('LiveHub', () => {
  let feed: FakeFeed;
  let hub: LiveHub;
  beforeEach(async () => {
    vi.useFakeTimers({ now: 0 });
    feed = new FakeFeed();
    hub = new LiveHub(feed, { perUserCap: 2, totalCap: 3, heartbeatMs: 15_000, reconnectMs: 3000, coalescing: { windowMs: 250, minGapMs: 1000 } });
    hub.start();
    await feed.start();
  });
  afterEach(() => {
    hub.close();
    vi.useRealTimers();
  });

  it('greets a stream with the reconnect delay and the feed status, then fans changes out per role', () => {
    const ops = new FakeStream('olivia.ops', ['support', 'fulfillment_ops']);
    const support = new FakeStream('sam.support', ['support']);
    expect(hub.admit(ops).ok).toBe(true);
    expect(hub.admit(support).ok).toBe(true);
    expect(ops.frames[0]).toBe('retry: 3000\n\nevent: status\ndata: {"feed":"UP"}\n\n');

    feed.emit({ kind: 'approval', ids: ['FO-2026-000001'] });
    vi.advanceTimersByTime(250);
    expect(ops.events('change')).toEqual([{ kinds: ['approval'], caseIds: ['FO-2026-000001'] }]);
    // Support may not open the inbox: told only that the case changed.
    expect(support.events('change')).toEqual([{ kinds: [], caseIds: ['FO-2026-000001'] }]);
  });

  it('caps streams per user and per replica, and frees a place when a stream goes', () => {
    const first = hub.admit(new FakeStream('olivia.ops', ['fulfillment_ops']));
    expect(hub.admit(new FakeStream('olivia.ops', ['fulfillment_ops'])).ok).toBe(true);
    expect(hub.admit(new FakeStream('olivia.ops', ['fulfillment_ops']))).toEqual({ ok: false, reason: 'USER_CAP' });
    expect(hub.admit(new FakeStream('omar.ops', ['fulfillment_ops'])).ok).toBe(true);
    expect(hub.admit(new FakeStream('theo.tech', ['tech_ops']))).toEqual({ ok: false, reason: 'TOTAL_CAP' });
    if (first.ok) first.release();
    expect(hub.size).toBe(2);
    expect(hub.admit(new FakeStream('olivia.ops', ['fulfillment_ops'])).ok).toBe(true);
  });

  it('sends heartbeats, and tells streams when the feed goes down and comes back', () => {
    const stream = new FakeStream('olivia.ops', ['fulfillment_ops']);
    hub.admit(stream);
    vi.advanceTimersByTime(15_000);
    expect(stream.frames.at(-1)).toBe(': ping\n\n');

    feed.listeners.setUp(false);
    expect(stream.events('status').at(-1)).toEqual({ feed: 'DOWN' });
    feed.listeners.setUp(true);
    expect(stream.events('status').at(-1)).toEqual({ feed: 'UP' });
  });

  it('treats an unreadable notification as "anything changed"', () => {
    const stream = new FakeStream('olivia.ops', ['fulfillment_ops']);
    hub.admit(stream);
    feed.emit(null);
    vi.advanceTimersByTime(250);
    expect(stream.events('change')).toEqual([{ kinds: ['case', 'approval', 'freeze'], caseIds: null }]);
  });

  it('ends a stream that stops draining, and every stream on close', () => {
    const stuck = new FakeStream('olivia.ops', ['fulfillment_ops'], false);
    const fine = new FakeStream('omar.ops', ['fulfillment_ops']);
    hub.admit(stuck);
    hub.admit(fine);
    expect(stuck.ended).toBe(true);
    expect(fine.ended).toBe(false);
    hub.close();
    expect(fine.ended).toBe(true);
  });
});
