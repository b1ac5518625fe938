// Bursts become one event: the first change opens a short window, whatever arrives in it goes out together,
// and events to browsers are at least a minimum gap apart. A storm of 20,000 new cases is then one event a
// second at most, not one per statement, and each page refetches at most that often.
import type { LiveChange } from '../../contracts/live.js';
import { ChangeBatch } from './change-batch.js';
import type { ChangeNote } from './change-note.js';

export interface CoalescerOptions {
  /** How long the first change waits for others to join it. */
  windowMs: number;
  /** Least time between two events. */
  minGapMs: number;
}

/** 250 ms + a 1 s gap: a lone change is out in a quarter second, a storm in one event a second. */
export const DEFAULT_COALESCING: CoalescerOptions = { windowMs: 250, minGapMs: 1000 };

export class Coalescer {
  private batch = new ChangeBatch();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (change: LiveChange) => void,
    private readonly options: CoalescerOptions = DEFAULT_COALESCING,
    private readonly now: () => number = Date.now,
  ) {}

  add(note: ChangeNote): void {
    this.batch.add(note);
    this.schedule();
  }

  addEverything(): void {
    this.batch.addEverything();
    this.schedule();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    const at = Math.max(this.now() + this.options.windowMs, this.lastFlushAt + this.options.minGapMs);
    this.timer = setTimeout(() => this.flush(), at - this.now());
    this.timer.unref?.();
  }

  private flush(): void {
    this.timer = null;
    if (this.batch.empty) return;
    const change = this.batch.toChange();
    this.batch = new ChangeBatch();
    this.lastFlushAt = this.now();
    this.emit(change);
  }
}
