import type { FastifyInstance } from 'fastify';
import { ApiProblem } from '../api-problem.js';
import type { AppContext } from '../context.js';
import { buildDashboard, DASHBOARD_RANGES, type DashboardRange } from '../dashboard/dashboard-service.js';

/** `GET /api/dashboard?range=24h|7d|30d`: read model only, so a dashboard left open never loads the engine. */
export function dashboardRoutes(app: FastifyInstance, ctx: AppContext, options: { engineId?: string | null } = {}): void {
  app.get(
    '/api/dashboard',
    { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner', 'auditor'] } } },
    async (request) => {
      const raw = (request.query as Record<string, unknown>).range ?? '7d';
      if (typeof raw !== 'string' || !DASHBOARD_RANGES.includes(raw as DashboardRange)) {
        throw new ApiProblem(400, 'INVALID_RANGE', `range is one of ${DASHBOARD_RANGES.join(', ')}.`);
      }
      // The leader's stored status, as /api/health reads it: a follower's own memory has never synced.
      const stored = await ctx.syncStatusRepo.get(ctx.engineId);
      const local = ctx.syncStatus();
      return buildDashboard(
        { db: ctx.db, engineId: options.engineId ?? null, severalEngines: (ctx.engines?.length ?? 1) > 1, lastSyncSuccessAt: stored?.lastSuccessAt ?? local.lastSuccessAt, syncLiveSince: stored?.liveSince ?? local.liveSince },
        raw as DashboardRange,
        ctx.clock.now(),
      );
    },
  );
}
