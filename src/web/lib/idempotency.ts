// One Idempotency-Key per user intent. An intent is "this action, on this case version, with this body".
// The key is kept while the outcome is unknown (no answer, or a 5xx), so a re-submit of the same intent
// reuses it and the BFF returns the first result instead of acting twice. A definitive answer ends the
// intent; the next submit starts a new one with a new key.
export interface IntentKeys {
  keyFor(fingerprint: string): string;
  /** Call with the request's outcome: `unknown` keeps the key for a re-submit, `settled` drops it. */
  finish(fingerprint: string, outcome: 'settled' | 'unknown'): void;
}

export function createIntentKeys(newKey: () => string = () => crypto.randomUUID()): IntentKeys {
  let current: { fingerprint: string; key: string } | null = null;
  return {
    keyFor(fingerprint) {
      if (current?.fingerprint !== fingerprint) current = { fingerprint, key: newKey() };
      return current.key;
    },
    finish(fingerprint, outcome) {
      if (outcome === 'settled' && current?.fingerprint === fingerprint) current = null;
    },
  };
}
