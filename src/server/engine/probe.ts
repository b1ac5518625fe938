import type { Clock } from '../clock.js';
import type { EngineAdapter } from './adapter.js';

const FRESH_MS = 5000;

/** Engine reachability for the banner, asked at most every few seconds however many browsers poll. */
export class EngineProbe {
  private last: { reachable: boolean; version: string | null; checkedAt: string | null } = { reachable: false, version: null, checkedAt: null };
  private inFlight: Promise<void> | null = null;

  constructor(private readonly engine: EngineAdapter, private readonly clock: Clock) {}

  /** The last known state at once, refreshing it in the background when stale: for probes that must answer fast. */
  peek() {
    void this.check();
    return this.last;
  }

  async check() {
    const age = this.last.checkedAt ? this.clock.now().getTime() - new Date(this.last.checkedAt).getTime() : Infinity;
    if (age > FRESH_MS) {
      this.inFlight ??= this.engine
        .version()
        .then((version) => ({ reachable: true, version }))
        .catch(() => ({ reachable: false, version: null }))
        .then((result) => {
          this.last = { ...result, checkedAt: this.clock.now().toISOString() };
        })
        .finally(() => {
          this.inFlight = null;
        });
      await this.inFlight;
    }
    return this.last;
  }
}
