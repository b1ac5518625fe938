// Slows password guessing: after a number of failed sign-ins for one user name within a window, further
// attempts for that name are refused until the oldest failure leaves the window.
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';

export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { maxFailures: 5, windowMinutes: 5 };

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
  ) {}

  /** Seconds until this name may try again, or null when it may try now. */
  async retryAfterSeconds(username: string): Promise<number | null> {
    const now = this.clock.now();
    const recent = await this.db.query<{ failed_at: Date }>(
      'SELECT failed_at FROM login_failure WHERE username = $1 AND failed_at > $2 ORDER BY failed_at DESC LIMIT $3',
      [username, this.windowStart(now), this.policy.maxFailures],
    );
    if (recent.length < this.policy.maxFailures) return null;
    const oldestCounted = new Date(recent.at(-1)!.failed_at).getTime();
    return Math.max(1, Math.ceil((oldestCounted + this.windowMs - now.getTime()) / 1000));
  }

  async recordFailure(username: string): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.query('INSERT INTO login_failure (username, failed_at) VALUES ($1, $2)', [username, now]);
      // Failures older than the window count for nothing; dropping them keeps the table small.
      await tx.query('DELETE FROM login_failure WHERE failed_at <= $1', [this.windowStart(now)]);
    });
  }

  /** A successful sign-in starts the count afresh. */
  async reset(username: string): Promise<void> {
    await this.db.query('DELETE FROM login_failure WHERE username = $1', [username]);
  }

  private get windowMs(): number {
    return this.policy.windowMinutes * 60_000;
  }

  private windowStart(now: Date): Date {
    return new Date(now.getTime() - this.windowMs);
  }
}
