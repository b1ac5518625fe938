import { describe, expect, it } from 'vitest';
import { isoDurationInWords, msInWords, retryCycleInWords } from './duration-words.js';

describe('durations in words', () => {
  it('reads ISO 8601 durations as people say them', () => {
    expect(isoDurationInWords('PT5M')).toBe('5 minutes');
    expect(isoDurationInWords('PT1M')).toBe('1 minute');
    expect(isoDurationInWords('P1D')).toBe('1 day');
    expect(isoDurationInWords('P1DT2H30M')).toBe('1 day, 2 hours and 30 minutes');
    expect(isoDurationInWords('PT30S')).toBe('30 seconds');
  });

  it('leaves text that is no duration alone', () => {
    expect(isoDurationInWords('soon')).toBe('soon');
    expect(isoDurationInWords('P')).toBe('P');
  });

  it('reads repeat cycles', () => {
    expect(retryCycleInWords('R3/PT1M')).toBe('3 times, 1 minute apart');
    expect(retryCycleInWords('R1/PT10S')).toBe('once, after 10 seconds');
  });

  it('reads milliseconds', () => {
    expect(msInWords(1500)).toBe('1.5 seconds');
    expect(msInWords(120_000)).toBe('2 minutes');
    expect(msInWords(1000)).toBe('1 second');
  });
});
