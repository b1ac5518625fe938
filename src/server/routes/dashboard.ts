import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { dashboardQuerySchema } from '../../contracts/dashboard.js';
import { ApiProblem } from '../api-problem.js';
import { DASHBOARD_ROLES } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { buildDashboard, DASHBOARD_RANGES } from '../dashboard/dashboard-service.js';

/**
 * `GET /api/dashboard?range=24h|7d|30d[&engineId=…]`: read model only, so a dashboard left open never loads the
 * engine. With several engines, `engineId` gives one engine's figures (and its sync's last pass).
 */
export function dashboardRoutes(app: FastifyInstance, ctx: AppContext, options: { engineId?: string | null } = {}): void {
  app.get(
    '/api/dashboard',
    { config: { access: { roles: DASHBOARD_ROLES } } },
    async (request) => {
      const query = z.safeParse(dashboardQuerySchema, request.query ?? {});
      if (!query.success) {
        const badRange = query.error.issues.some((issue) => issue.path[0] === 'range');
        throw badRange
          ? new ApiProblem(400, 'INVALID_RANGE', `range is one of ${DASHBOARD_RANGES.join(', ')}.`)
          : new ApiProblem(400, 'INVALID_QUERY', 'The dashboard takes range (24h, 7d or 30d) and engineId (an engine id of /api/engines) only.');
      }
      const engineId = query.data.engineId ?? options.engineId ?? null;
      if (engineId && ctx.engineTable && !ctx.engineTable.has(engineId)) {
        throw new ApiProblem(400, 'UNKNOWN_ENGINE', `This workbench serves no engine "${engineId}"; see /api/engines.`);
      }
      // The leader's stored status, as /api/health reads it: a follower's own memory has never synced.
      const stored = await ctx.syncStatusRepo.get(engineId ?? ctx.engineId);
      const local = !engineId || engineId === ctx.engineId ? ctx.syncStatus() : null;
      return buildDashboard(
        {
          db: ctx.db,
          engineId,
          severalEngines: (ctx.engines?.length ?? 1) > 1,
          lastSyncSuccessAt: stored?.lastSuccessAt ?? local?.lastSuccessAt ?? null,
          syncLiveSince: stored?.liveSince ?? local?.liveSince ?? null,
        },
        query.data.range ?? '7d',
        ctx.clock.now(),
      );
    },
  );
}
