import { describe, expect, it } from 'vitest';
import { RateLimiter, type LimiterClock } from './rate-limiter.js';

/** A clock that only moves when the limiter sleeps: the test sees exactly when each request may start. */
function fakeClock(): LimiterClock & { t: number } {
  const clock = {
    t: 0,
    nowMs: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

describe('RateLimiter', () => {
  it('lets a burst of one second through, then spaces requests at the rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, clock);
    const startedAt: number[] = [];
    for (let i = 0; i < 15; i++) {
      await limiter.acquire();
      startedAt.push(clock.t);
    }
    expect(startedAt.slice(0, 10)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(startedAt.slice(10)).toEqual([100, 200, 300, 400, 500]);
  });

  it('never allows more than the rate over a longer run', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(50, clock);
    for (let i = 0; i < 550; i++) await limiter.acquire();
    // 50 at once, then 500 more at 50/s: 10 s.
    expect(clock.t).toBe(10_000);
  });

  it('serves concurrent callers in arrival order', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.t).toBe(1000);
  });

  it('reports the requests per second of the last ten seconds', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, clock);
    for (let i = 0; i < 30; i++) await limiter.acquire();
    expect(limiter.observedRate()).toBe(3);
    clock.t += 10_001;
    expect(limiter.observedRate()).toBe(0);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow(/positive/);
  });
});
