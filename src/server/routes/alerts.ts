import type { FastifyInstance } from 'fastify';
import { DASHBOARD_ROLES } from '../auth/access.js';
import { presentAlerts } from '../alerts/present.js';
import type { AppContext } from '../context.js';

const RECENT_MS = 7 * 24 * 3_600_000;

/** `GET /api/alerts`: firing alerts and those resolved in the last 7 days, for whoever sees the dashboard. */
export function alertsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/alerts', { config: { access: { roles: DASHBOARD_ROLES } } }, async () => {
    const rows = await ctx.alertsRepo.list(new Date(ctx.clock.now().getTime() - RECENT_MS));
    return presentAlerts(rows);
  });
}
