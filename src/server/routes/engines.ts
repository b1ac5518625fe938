// `GET /api/engines` and the per-engine part of `/api/health`: which engines this workbench serves and how each
// one's sync stands (its own leader, last pass and lag, as that engine's leader stored them).
import type { FastifyInstance } from 'fastify';
import type { EngineInfo, EngineList } from '../../contracts/engines.js';
import type { EngineHealth } from '../../contracts/session.js';
import type { AppContext } from '../context.js';
import type { EngineProbe } from '../engine/probe.js';

interface Described {
  id: string;
  label: string;
  probe: EngineProbe;
  flavor: 'camunda' | 'operaton' | null;
  cockpitUrl: (detected: string | null) => string | null;
  localStatus: () => { lastSuccessAt: Date | null; lastError: string | null };
}

/** The configured engines; a context wired with one engine (composeServices alone) is that one engine. */
function described(ctx: AppContext, primaryProbe: EngineProbe): Described[] {
  if (ctx.engines?.length) {
    return ctx.engines.map((e, index) => ({
      id: e.id, label: e.label, flavor: e.flavor, cockpitUrl: e.cockpitUrl,
      // The primary's probe is the app's own, so the engine is not asked twice as often.
      probe: index === 0 ? primaryProbe : e.probe,
      localStatus: () => e.sync.status,
    }));
  }
  return [{ id: ctx.engineId, label: 'Engine', flavor: null, cockpitUrl: () => null, probe: primaryProbe, localStatus: () => ctx.syncStatus() }];
}

function infoOf(e: Described, detected: 'camunda' | 'operaton' | 'unknown' | null): EngineInfo {
  const flavor = e.flavor ?? detected;
  return { id: e.id, label: e.label, flavor, cockpitUrl: e.cockpitUrl(flavor) };
}

export async function engineHealthList(ctx: AppContext, primaryProbe: EngineProbe): Promise<EngineHealth[]> {
  const now = ctx.clock.now().getTime();
  return Promise.all(
    described(ctx, primaryProbe).map(async (e) => {
      const [probe, stored] = await Promise.all([e.probe.check(), ctx.syncStatusRepo.get(e.id)]);
      const local = e.localStatus();
      const lastSuccess = stored?.lastSuccessAt ?? local.lastSuccessAt;
      const backlog = stored?.backlog ?? null;
      return {
        ...infoOf(e, probe.flavor),
        reachable: probe.reachable,
        version: probe.version,
        sync: {
          leader: stored?.leaderReplica ?? null,
          lastSuccessAt: lastSuccess?.toISOString() ?? null,
          lastPassAt: stored?.passFinishedAt?.toISOString() ?? null,
          lastError: stored ? stored.lastError : local.lastError,
          lagSeconds: lastSuccess ? Math.max(0, Math.round((now - lastSuccess.getTime()) / 1000)) : null,
          backlog: backlog
            ? { behind: backlog.behind, engineOpenIncidents: backlog.engineOpenIncidents, ingestedOpenIncidents: backlog.ingestedOpenIncidents, oldestNotIngestedAt: backlog.oldestNotIngestedAt }
            : null,
        },
      };
    }),
  );
}

export function engineRoutes(app: FastifyInstance, ctx: AppContext, primaryProbe: EngineProbe): void {
  // Any signed-in user: labels and Cockpit links are what every page that shows a case needs.
  app.get('/api/engines', { config: { access: 'authenticated' } }, async (): Promise<EngineList> => ({
    // Never waits for an engine: the flavour of one not asked yet is filled in by a later call.
    engines: described(ctx, primaryProbe).map((e) => infoOf(e, e.probe.peek().flavor)),
  }));
}
