import { describe, expect, it } from 'vitest';
import { formatCountdown } from './format.js';

const NOW = Date.parse('2026-01-05T02:00:00Z');

describe('formatCountdown', () => {
  it.each([
    ['2026-01-05T02:00:45Z', '45 s'],
    ['2026-01-05T02:08:05Z', '8 min 05 s'],
    ['2026-01-05T02:42:30Z', '42 min'],
    ['2026-01-05T03:20:00Z', '1 h 20 min'],
    ['2026-01-08T06:00:00Z', '3 d 4 h'],
    ['2026-01-05T02:00:00Z', null],
    ['2026-01-05T01:59:00Z', null],
  ])('until %s → %s', (until, expected) => {
    expect(formatCountdown(until, NOW)).toBe(expected);
  });
});
