import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { syncIssueSchema, type Health, type Session, type SyncIssue } from '../../contracts/session.js';
import { requireSignedIn } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import type { EngineProbe } from '../engine/probe.js';
import { sessionBody } from './auth.js';
import { engineHealthList } from './engines.js';

export function sessionRoutes(app: FastifyInstance, ctx: AppContext, probe: EngineProbe): void {
  // The SPA reads its user and CSRF token here after a reload; 401 sends it to the sign-in page.
  app.get('/api/session', { config: { access: 'authenticated' } }, async (request): Promise<Session> => {
    const { user, session } = requireSignedIn(request);
    return sessionBody(user, session);
  });

  app.get('/api/health', { config: { access: 'authenticated' } }, async (): Promise<Health> => {
    const [engine, stored, openCases, engines] = await Promise.all([probe.check(), ctx.syncStatusRepo.get(ctx.engineId), ctx.cases.countActive(), engineHealthList(ctx, probe)]);
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
        issues: syncIssuesOf(stored?.lastResult ?? (local.lastResult as Record<string, unknown> | null)),
      },
      engines,
    };
  });
}

/** The issues the leader stored with its last pass (JSON in `sync_status`), parsed before they are shown. */
function syncIssuesOf(result: Record<string, unknown> | null): SyncIssue[] {
  const parsed = z.safeParse(z.array(syncIssueSchema), result?.issues ?? []);
  return parsed.success ? parsed.data : [];
}
