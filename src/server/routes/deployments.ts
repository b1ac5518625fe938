import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { buildDeployments } from '../dashboard/deployments-service.js';

/** `GET /api/deployments`: process versions with their release reports; read model only, for whoever sees the dashboard. */
export function deploymentsRoutes(app: FastifyInstance, ctx: AppContext, options: { engineId?: string | null } = {}): void {
  app.get(
    '/api/deployments',
    { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner', 'auditor'] } } },
    async () => buildDeployments({ db: ctx.db, engineId: options.engineId ?? null }, ctx.clock.now()),
  );
}
