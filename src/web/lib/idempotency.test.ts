import { describe, expect, it } from 'vitest';
import { createIntentKeys } from './idempotency.js';

describe('intent keys', () => {
  let n = 0;
  const keys = () => createIntentKeys(() => `key-${++n}`);

  it('keeps the key while the outcome of the same intent is unknown', () => {
    const intents = keys();
    const first = intents.keyFor('retry|FO-1|3|');
    intents.finish('retry|FO-1|3|', 'unknown');
    expect(intents.keyFor('retry|FO-1|3|')).toBe(first);
  });

  it('starts a new intent after a settled answer or a different body', () => {
    const intents = keys();
    const first = intents.keyFor('a');
    intents.finish('a', 'settled');
    const second = intents.keyFor('a');
    expect(second).not.toBe(first);
    expect(intents.keyFor('b')).not.toBe(second);
  });
});
