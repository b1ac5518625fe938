import type { FastifyInstance } from 'fastify';
import type { Health, Session } from '../../contracts/session.js';
import { requireSignedIn } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import type { EngineProbe } from '../engine/probe.js';
import { sessionBody } from './auth.js';

export function sessionRoutes(app: FastifyInstance, ctx: AppContext, probe: EngineProbe): void {
  // The SPA reads its user and CSRF token here after a reload; 401 sends it to the sign-in page.
  app.get('/api/session', { config: { access: 'authenticated' } }, async (request): Promise<Session> => {
    const { user, session } = requireSignedIn(request);
    return sessionBody(user, session);
  });

  app.get('/api/health', { config: { access: 'authenticated' } }, async (): Promise<Health> => {
    const [engine, stored, openCases] = await Promise.all([probe.check(), ctx.syncStatusRepo.get(ctx.engineId), ctx.cases.countActive()]);
    // The leader's stored status is the truth for every replica; this replica's memory only before any pass.
    const local = ctx.syncStatus();
    const backlog = stored?.backlog ?? local.backlog;
    return {
      engine,
      sync: {
        lastSuccessAt: (stored?.lastSuccessAt ?? local.lastSuccessAt)?.toISOString() ?? null,
        lastError: stored ? stored.lastError : local.lastError,
        openCases,
        leader: stored?.leaderReplica ?? null,
        lastPassAt: stored?.passFinishedAt?.toISOString() ?? null,
        engineRequestsPerSecond: stored?.engineRps ?? null,
        engineRequestsPerSecondCap: stored?.engineRpsCap ?? null,
        backlog: backlog
          ? { behind: backlog.behind, engineOpenIncidents: backlog.engineOpenIncidents, ingestedOpenIncidents: backlog.ingestedOpenIncidents, oldestNotIngestedAt: backlog.oldestNotIngestedAt }
          : null,
      },
    };
  });
}
