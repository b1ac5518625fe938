// Support's "Recent orders": the order view and a case page of an order record that the caller opened it.
// Best effort: a page must never fail because this bookkeeping did.
import type { SessionUser } from '../../contracts/session.js';
import type { Db } from '../store/db.js';
import { RecentOrdersRepo } from '../store/recent-orders-repo.js';

export function recentOrderRecorder(db: Db, clock: { now(): Date }, log: (message: string) => void = console.warn) {
  const repo = new RecentOrdersRepo(db);
  return async (user: SessionUser, orderId: string): Promise<void> => {
    try {
      await repo.record(user.id, orderId, clock.now());
    } catch (error) {
      log(`[recent-orders] could not record ${orderId} for ${user.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
