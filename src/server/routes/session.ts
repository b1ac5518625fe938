import type { FastifyInstance } from 'fastify';
import type { Health, Session } from '../../contracts/session.js';
import { requireSignedIn } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { EngineProbe } from '../engine/probe.js';
import { sessionBody } from './auth.js';

export function sessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The SPA reads its user and CSRF token here after a reload; 401 sends it to the sign-in page.
  app.get('/api/session', { config: { access: 'authenticated' } }, async (request): Promise<Session> => {
    const { user, session } = requireSignedIn(request);
    return sessionBody(user, session);
  });

  const probe = new EngineProbe(ctx.engine, ctx.clock);
  app.get('/api/health', { config: { access: 'authenticated' } }, async (): Promise<Health> => {
    const engine = await probe.check();
    const sync = ctx.syncStatus();
    return {
      engine,
      sync: { lastSuccessAt: sync.lastSuccessAt?.toISOString() ?? null, lastError: sync.lastError, openCases: await ctx.cases.countActive() },
    };
  });
}
