import type { FastifyInstance } from 'fastify';
import type { RecentOrders } from '../../contracts/saved-views.js';
import { ALL_ROLES } from '../auth/access.js';
import { requestUser } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { RecentOrdersRepo } from '../store/recent-orders-repo.js';

/** `GET /api/recent-orders`: the caller's last opened orders (the same roles as the order view). */
export function recentOrderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const repo = new RecentOrdersRepo(ctx.db);
  app.get('/api/recent-orders', { config: { access: { roles: ALL_ROLES } } }, async (request): Promise<RecentOrders> => {
    const rows = await repo.list(requestUser(request).id);
    return { items: rows.map((r) => ({ orderId: r.order_id, viewedAt: r.viewed_at.toISOString() })) };
  });
}
