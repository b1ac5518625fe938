import { describe, expect, it } from 'vitest';
import { parseIsoDuration, parseRetryPolicy } from './duration.js';

describe('parseIsoDuration', () => {
  it.each([
    ['PT2M', 120_000],
    ['PT1.5S', 1_500],
    ['PT25H', 90_000_000],
    ['P1D', 86_400_000],
    ['P1W', 604_800_000],
    ['P1DT1H', 90_000_000],
  ])('%s is %i ms', (text, ms) => expect(parseIsoDuration(text)).toBe(ms));

  it.each(['', 'P', 'PT', 'P1DT', 'PT5', '5M', 'P1Y', 'P1M', 'pt5m', ' PT5M'])('refuses %j', (text) => expect(parseIsoDuration(text)).toBeNull());
});

describe('parseRetryPolicy', () => {
  it('reads the attempts and the interval', () => {
    expect(parseRetryPolicy('R3/PT5S')).toEqual({ attempts: 3, intervalMs: 5_000 });
    expect(parseRetryPolicy('R1/PT1S')).toEqual({ attempts: 1, intervalMs: 1_000 });
  });

  it.each(['R0/PT5S', 'R3', 'R3/5s', '3/PT5S', 'R3/P1Y'])('refuses %j', (text) => expect(parseRetryPolicy(text)).toBeNull());
});
