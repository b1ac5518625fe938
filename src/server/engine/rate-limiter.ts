// A token bucket for the sync's own engine requests: a storm must not turn the sync into a load test of the
// engine the operators also depend on. Pure apart from the injected clock and sleep, so it is unit-tested.

export interface LimiterClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realLimiterClock: LimiterClock = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private tokens: number;
  private refilledAt: number;
  /** Start times of the requests of the last `windowMs`, for the reported rate. */
  private readonly recent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    /** Requests per second allowed on average; the bucket holds one second's worth as a burst. */
    readonly ratePerSecond: number,
    private readonly clock: LimiterClock = realLimiterClock,
    private readonly windowMs = 10_000,
  ) {
    if (!(ratePerSecond > 0)) throw new Error('rate must be positive');
    this.tokens = Math.max(1, ratePerSecond);
    this.refilledAt = clock.nowMs();
  }

  /** Resolves when one request may start; callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.takeToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Requests started per second over the last window. */
  observedRate(): number {
    this.forget(this.clock.nowMs());
    return this.recent.length / (this.windowMs / 1000);
  }

  private async takeToken(): Promise<void> {
    for (;;) {
      const now = this.clock.nowMs();
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.recent.push(now);
        this.forget(now);
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond));
    }
  }

  private refill(now: number): void {
    const capacity = Math.max(1, this.ratePerSecond);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.refilledAt) * this.ratePerSecond) / 1000);
    this.refilledAt = now;
  }

  private forget(now: number): void {
    while (this.recent.length && this.recent[0]! <= now - this.windowMs) this.recent.shift();
  }
}
