import { describe, expect, it } from 'vitest';
import { durationInWords } from './duration-words.js';

describe('durationInWords', () => {
  it('says a stage budget the way people do', () => {
    expect(durationInWords(120_000)).toBe('2 minutes');
    expect(durationInWords(60_000)).toBe('1 minute');
    expect(durationInWords(300_000)).toBe('5 minutes');
    expect(durationInWords(5_000)).toBe('5 seconds');
    expect(durationInWords(7_200_000)).toBe('2 hours');
    expect(durationInWords(172_800_000)).toBe('2 days');
  });
});
