import type { FastifyInstance } from 'fastify';
import { ApiProblem } from '../api-problem.js';
import { ALL_ROLES } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { loadOrderHistory, loadOrderHistoryPerEngine } from '../orders/order-history.js';
import { loadOrderView, ORDER_ID } from '../orders/order-view.js';
import { recentOrderRecorder } from '../orders/recent-orders.js';
import { requestUser } from '../auth/request-user.js';

/** `GET /api/orders/:orderId`: the read-only order view for support (order service + read model, no engine); `…/history`: its runs (engine history). */
export function orderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const recordRecent = recentOrderRecorder(ctx.db, ctx.clock);
  app.get('/api/orders/:orderId', { config: { access: { roles: ALL_ROLES } } }, async (request) => {
    const { orderId } = request.params as { orderId: string };
    if (!ORDER_ID.test(orderId)) throw new ApiProblem(400, 'INVALID_ORDER_ID', 'An order id has letters, digits, - and _ only, e.g. ORD-100928.');
    // Several engines: each engine's own order service, for the engines the order's runs and cases belong to.
    const several = ctx.engines && ctx.engines.length > 1 && ctx.engineRoute
      ? { engines: ctx.engines.map((e) => ({ id: e.id, label: e.label })), domainOf: (id: string) => ctx.engineRoute!(id).domain }
      : undefined;
    const view = await loadOrderView(ctx, orderId, several);
    await recordRecent(requestUser(request), view.orderId);
    return view;
  });

  // The order's runs from the engine's history (finished ones too): asked only when the page shows them, so
  // the order view itself stays on the read model.
  app.get('/api/orders/:orderId/history', { config: { access: { roles: ALL_ROLES } } }, async (request) => {
    const { orderId } = request.params as { orderId: string };
    if (!ORDER_ID.test(orderId)) throw new ApiProblem(400, 'INVALID_ORDER_ID', 'An order id has letters, digits, - and _ only, e.g. ORD-100928.');
    // Several engines: the runs in each engine whose read model knows the order (every engine's when none does).
    if (ctx.engines && ctx.engines.length > 1 && ctx.engineRoute) {
      const businessKey = `order:${orderId}`;
      const [processes, cases] = await Promise.all([ctx.processes.findByBusinessKey(businessKey, 50), ctx.cases.searchBy('businessKey', [businessKey], 200)]);
      const known = new Set([...processes.map((p) => p.engine_id), ...cases.map((c) => c.engine_id)]);
      const ids = ctx.engines.map((e) => e.id).filter((id) => known.size === 0 || known.has(id));
      return loadOrderHistoryPerEngine(ids.map((engineId) => ({ engineId, engine: ctx.engineRoute!(engineId).engine })), orderId);
    }
    return loadOrderHistory(ctx.engine, orderId);
  });
}
