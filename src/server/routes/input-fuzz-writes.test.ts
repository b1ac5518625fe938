// Hostile input in every body field and path parameter of the mutating routes (see input-fuzz.test.ts).
import { describe, expect, it } from 'vitest';
import { fuzzBff, fuzzFailures } from '../testing/input-fuzz-harness.js';

fuzzBff();

describe('hostile input on every mutating route', () => {
  it('never answers 5xx, and refuses control characters with 400 before any handler', async () => {
    expect(await fuzzFailures((route) => route.method !== 'GET')).toEqual([]);
  }, 300_000);
});
