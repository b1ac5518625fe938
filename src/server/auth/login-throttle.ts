// Slows password guessing without letting anyone lock a colleague out. Attempts are counted per user name,
// per client address and per (name, address), in the database so that every replica sees the same counts.
// Each key has a number of free attempts; after those, every further attempt must wait a delay that doubles
// (1 s, 2 s, 4 s … up to a cap) after the key's previous attempt. The correct password is never refused for
// longer than that delay, and a guesser at another address does not even cause it: the per-name key allows
// many more attempts than the per-(name, address) key.
//
// An attempt is counted *before* the password is checked, inside one transaction that locks the keys' rows,
// so a hundred parallel guesses cannot all pass the check before the first of them is counted. Unknown names
// are counted exactly like known ones, so the answer and its timing say nothing about who exists.
//
// Why not a rate-limiter package: the well-kept ones (rate-limiter-flexible) create their own tables at run
// time and speak to `pg` directly, while this BFF runs its DDL only in migrations and serves both PostgreSQL
// and the embedded PGlite through one `Db` seam; the whole policy is one locked read and one upsert.
import type { Clock } from '../clock.js';
import type { Db, Queryable } from '../store/db.js';

export interface ThrottlePolicy {
  /** Attempts each kind of key may make freely before the delays begin. */
  free: { userAtAddress: number; user: number; address: number };
  /** The longest wait between two attempts of one key. */
  maxDelaySeconds: number;
  /** A key with no attempt for this long starts afresh. */
  windowMinutes: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  free: { userAtAddress: 5, user: 20, address: 50 },
  maxDelaySeconds: 60,
  windowMinutes: 15,
};

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Key {
  key: string;
  free: number;
}

interface AttemptRow {
  key: string;
  attempts: number;
  last_attempt_at: Date;
}

/** Seconds a key must wait after its previous attempt, given the attempts it has made (pure, for the tests). */
export function delaySeconds(attempts: number, free: number, maxDelaySeconds: number): number {
  if (attempts < free) return 0;
  return Math.min(maxDelaySeconds, 2 ** (attempts - free));
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
  ) {}

  /** Counts this attempt and lets it through, or refuses it (counting nothing) with the wait that is left. */
  async reserve(username: string, address: string): Promise<ThrottleDecision> {
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - this.policy.windowMinutes * 60_000);
    // Sorted, so every transaction takes its row locks in one global order and two can never deadlock.
    const keys = this.keysFor(username, address).sort((a, b) => (a.key < b.key ? -1 : 1));
    return this.db.transaction(async (tx) => {
      // A key seen for the first time has no row to lock: create it (at zero, long idle) so that parallel
      // first attempts queue on it too, instead of all reading "no attempts yet".
      await tx.query(
        `INSERT INTO login_attempt (key, attempts, last_attempt_at) SELECT key, 0, to_timestamp(0) FROM unnest($1::text[]) AS k(key)
         ON CONFLICT (key) DO NOTHING`,
        [keys.map((k) => k.key)],
      );
      const rows = await tx.query<AttemptRow>(
        'SELECT key, attempts, last_attempt_at FROM login_attempt WHERE key = ANY($1::text[]) FOR UPDATE',
        [keys.map((k) => k.key)],
      );
      const wait = this.longestWait(keys, rows, now, windowStart);
      if (wait > 0) return { allowed: false, retryAfterSeconds: wait };
      await this.count(tx, keys, now, windowStart);
      return { allowed: true };
    });
  }

  /**
   * A successful sign-in clears the name's counts. The address only gets this attempt back: its failures stay
   * (an attacker may hold one valid account), and a busy office behind one address is not slowed by sign-ins
   * that worked.
   */
  async succeeded(username: string, address: string): Promise<void> {
    const keys = this.keysFor(username, address);
    const nameKeys = keys.filter((k) => !k.key.startsWith('ip:')).map((k) => k.key);
    const addressKey = keys.find((k) => k.key.startsWith('ip:'))!.key;
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM login_attempt WHERE key = ANY($1::text[])', [nameKeys]);
      await tx.query('UPDATE login_attempt SET attempts = greatest(attempts - 1, 0) WHERE key = $1', [addressKey]);
    });
  }

  private keysFor(username: string, address: string): Key[] {
    const { free } = this.policy;
    return [
      { key: `user+ip:${username}|${address}`, free: free.userAtAddress },
      { key: `user:${username}`, free: free.user },
      { key: `ip:${address}`, free: free.address },
    ];
  }

  private longestWait(keys: Key[], rows: AttemptRow[], now: Date, windowStart: Date): number {
    let wait = 0;
    for (const row of rows) {
      const last = new Date(row.last_attempt_at).getTime();
      if (last <= windowStart.getTime()) continue;
      const free = keys.find((k) => k.key === row.key)!.free;
      const delay = delaySeconds(row.attempts, free, this.policy.maxDelaySeconds);
      if (delay === 0) continue;
      // A clock that went back (a corrected server clock) must not turn a short delay into a long lockout.
      const until = Math.min(last, now.getTime()) + delay * 1000;
      if (until > now.getTime()) wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
    }
    return wait;
  }

  /** One upsert for all keys; a key idle longer than the window starts again at one. Old keys are dropped. */
  private async count(tx: Queryable, keys: Key[], now: Date, windowStart: Date): Promise<void> {
    await tx.query(
      `INSERT INTO login_attempt AS a (key, attempts, last_attempt_at)
       SELECT key, 1, $2 FROM unnest($1::text[]) AS k(key)
       ON CONFLICT (key) DO UPDATE SET
         attempts = CASE WHEN a.last_attempt_at <= $3 THEN 1 ELSE a.attempts + 1 END,
         last_attempt_at = $2`,
      [keys.map((k) => k.key), now, windowStart],
    );
    await tx.query('DELETE FROM login_attempt WHERE last_attempt_at <= $1', [windowStart]);
  }
}
