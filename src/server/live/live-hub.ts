// Fans the change feed out to the open pages of this replica. One feed subscription, any number of streams:
// each change batch (coalesced, see coalescer.ts) is filtered per viewer's roles and written to each stream.
// Heartbeats keep idle streams open through proxies; a stream that stops draining is closed (the browser
// reconnects and refetches), so one stuck client cannot grow the server's memory.
import { liveEvents, type LiveChange, type LiveStatus } from '../../contracts/live.js';
import type { Role } from '../../contracts/session.js';
import { changeFor } from './change-batch.js';
import type { ChangeFeed } from './change-feed.js';
import { Coalescer, DEFAULT_COALESCING, type CoalescerOptions } from './coalescer.js';
import { sseComment, sseEvent, sseRetry } from './sse.js';

export interface LiveStream {
  userId: string;
  roles: readonly Role[];
  /** Writes one frame; false when the stream's buffer is full (it is then closed). */
  write(frame: string): boolean;
  /** Ends the stream from the server side. */
  end(): void;
}

export interface LiveHubOptions {
  /** Streams one user may hold at once (tabs, windows); more are refused with 429. */
  perUserCap: number;
  /** Streams this replica holds at most. */
  totalCap: number;
  heartbeatMs: number;
  /** What EventSource is told to wait before reconnecting after a drop. */
  reconnectMs: number;
  coalescing: CoalescerOptions;
}

export const DEFAULT_LIVE_HUB: LiveHubOptions = { perUserCap: 8, totalCap: 2000, heartbeatMs: 15_000, reconnectMs: 3000, coalescing: DEFAULT_COALESCING };

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'USER_CAP' | 'TOTAL_CAP' };

export class LiveHub {
  private readonly streams = new Set<LiveStream>();
  private readonly perUser = new Map<string, number>();
  private readonly coalescer: Coalescer;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Events sent since start, for the benches and tests. */
  sent = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly options: LiveHubOptions = DEFAULT_LIVE_HUB,
  ) {
    this.coalescer = new Coalescer((change) => this.broadcast(change), options.coalescing);
  }

  get size(): number {
    return this.streams.size;
  }

  start(): void {
    this.unsubscribe = this.feed.subscribe({
      change: (note) => (note ? this.coalescer.add(note) : this.coalescer.addEverything()),
      // What changed while the feed was down was never announced: a page that hears DOWN then UP refetches
      // everything it shows (the page does it: only it knows what it missed, its own stream may have dropped too).
      status: (up) => this.sendAll(sseEvent(liveEvents.status, statusOf(up))),
    });
    this.heartbeat = setInterval(() => this.sendAll(sseComment('ping')), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Takes a new stream (or says why not); it hears the feed's status at once. */
  admit(stream: LiveStream): Admission {
    if (this.streams.size >= this.options.totalCap) return { ok: false, reason: 'TOTAL_CAP' };
    const held = this.perUser.get(stream.userId) ?? 0;
    if (held >= this.options.perUserCap) return { ok: false, reason: 'USER_CAP' };
    this.streams.add(stream);
    this.perUser.set(stream.userId, held + 1);
    this.send(stream, sseRetry(this.options.reconnectMs) + sseEvent(liveEvents.status, statusOf(this.feed.up)));
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.streams.delete(stream);
        const left = (this.perUser.get(stream.userId) ?? 1) - 1;
        if (left > 0) this.perUser.set(stream.userId, left);
        else this.perUser.delete(stream.userId);
      },
    };
  }

  /** Ends every stream (server shutdown: open streams would keep the HTTP server from closing). */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.coalescer.close();
    for (const stream of [...this.streams]) stream.end();
  }

  private broadcast(change: LiveChange): void {
    this.sent += 1;
    // One frame per distinct role set, not per stream: most viewers share a handful of role sets.
    const frames = new Map<string, string | null>();
    for (const stream of [...this.streams]) {
      const key = [...stream.roles].sort().join(',');
      if (!frames.has(key)) {
        const visible = changeFor(change, stream.roles);
        frames.set(key, visible ? sseEvent(liveEvents.change, visible) : null);
      }
      const frame = frames.get(key);
      if (frame) this.send(stream, frame);
    }
  }

  private sendAll(frame: string): void {
    for (const stream of [...this.streams]) this.send(stream, frame);
  }

  private send(stream: LiveStream, frame: string): void {
    if (!stream.write(frame)) stream.end();
  }
}

const statusOf = (up: boolean): LiveStatus => ({ feed: up ? 'UP' : 'DOWN' });
