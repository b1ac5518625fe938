// The orders each user opened last (`recent_order`): one row per user and order, trimmed on every write to the
// newest RECENT_ORDERS_KEPT, so the table holds at most that many rows a user whatever the traffic.
import type { Db } from './db.js';

export const RECENT_ORDERS_KEPT = 10;

export class RecentOrdersRepo {
  constructor(private readonly db: Db) {}

  /** Records that `userId` opened `orderId` now (a second visit moves it to the top), then trims. */
  async record(userId: string, orderId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO recent_order (user_id, order_id, viewed_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, order_id) DO UPDATE SET viewed_at = GREATEST(recent_order.viewed_at, EXCLUDED.viewed_at)`,
      [userId, orderId, at],
    );
    // A separate statement: a data-modifying CTE would not see the row just written.
    await this.db.query(
      `DELETE FROM recent_order WHERE user_id = $1 AND order_id NOT IN (
         SELECT order_id FROM recent_order WHERE user_id = $1 ORDER BY viewed_at DESC, order_id LIMIT $2)`,
      [userId, RECENT_ORDERS_KEPT],
    );
  }

  async list(userId: string): Promise<{ order_id: string; viewed_at: Date }[]> {
    return this.db.query(
      'SELECT order_id, viewed_at FROM recent_order WHERE user_id = $1 ORDER BY viewed_at DESC, order_id LIMIT $2',
      [userId, RECENT_ORDERS_KEPT],
    );
  }
}
