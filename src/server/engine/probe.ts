import type { Clock } from '../clock.js';
import type { EngineAdapter } from './adapter.js';
import { identifyEngine, type EngineFlavorName } from './flavor.js';

const FRESH_MS = 5000;

export interface EngineProbeResult {
  reachable: boolean;
  version: string | null;
  /** Camunda 7 or Operaton, told from the version (see flavor.ts); null while unreachable. */
  flavor: EngineFlavorName | null;
  checkedAt: string | null;
}

/** Engine reachability for the banner, asked at most every few seconds however many browsers poll. */
export class EngineProbe {
  private last: EngineProbeResult = { reachable: false, version: null, flavor: null, checkedAt: null };
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
        .then((version) => ({ reachable: true, version, flavor: identifyEngine(version).flavor }))
        .catch(() => ({ reachable: false, version: null, flavor: null }))
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
