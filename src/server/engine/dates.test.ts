import { describe, expect, it } from 'vitest';
import { engineDateToIso, isoToEngineDate } from './dates.js';

describe('engine dates', () => {
  it('reads the engine offset form without a colon', () => {
    expect(engineDateToIso('2013-01-23T14:42:45.000+0200')).toBe('2013-01-23T12:42:45.000Z');
    expect(engineDateToIso('2026-11-24T05:00:00.123+0000')).toBe('2026-11-24T05:00:00.123Z');
  });
  it('rejects garbage instead of inventing a date', () => {
    expect(() => engineDateToIso('yesterday')).toThrow(/Not an engine date/);
  });
  it('writes the form the engine accepts in query strings', () => {
    expect(isoToEngineDate('2026-11-24T05:00:00.000Z')).toBe('2026-11-24T05:00:00.000+0000');
  });
});
