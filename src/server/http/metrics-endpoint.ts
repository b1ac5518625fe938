// GET /metrics for Prometheus, and the HTTP latency histogram that feeds it.
//
// Who may read it: by default anyone who reaches the BFF's port, as usual for a Prometheus target. It holds
// counts and labels only (categories, statuses, actions, engine ids, route templates), never a case, an order
// id or a user. Where the port is reachable beyond the operators' network, set METRICS_TOKEN: then a scrape
// must send `Authorization: Bearer <token>` (Prometheus: `authorization: { credentials: … }`), else 401.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { ReadModelFigures, WorkbenchMetrics } from '../metrics/metrics.js';
import type { Db } from '../store/db.js';
import { MetricsRepo } from '../store/metrics-repo.js';

export interface MetricsEndpointOptions {
  metrics: WorkbenchMetrics;
  db: Db;
  /** This BFF's engine: it has a lag series even before its sync stored a pass. */
  engineId: string;
  clock: Clock;
  /** When set, scrapes must present it as a bearer token. */
  token?: string | null;
}

/** Registers the request histogram (before any route, so every route is timed) and `GET /metrics`. */
export function registerMetricsEndpoint(app: FastifyInstance, options: MetricsEndpointOptions): void {
  const { metrics } = options;
  const startedAt = options.clock.now();
  const repo = new MetricsRepo(options.db);
  metrics.watchReadModel(
    () => readModelFigures(repo, options.engineId, options.clock, startedAt),
    (error) => app.log.warn({ err: error }, 'metrics: the read model could not be read for this scrape'),
  );

  app.addHook('onResponse', async (request, reply) => {
    // An open change stream lasts as long as the page: its "latency" would only drown the real ones.
    if (request.routeOptions.config?.stream) return;
    metrics.httpRequest(request.method, routeLabel(request), reply.statusCode, reply.elapsedTime / 1000);
  });

  // Scrapes every few seconds would drown the request log: only its warnings are logged.
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (options.token && !bearerMatches(request, options.token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ code: 'METRICS_TOKEN_REQUIRED', message: 'This endpoint needs the metrics bearer token (METRICS_TOKEN).' });
    }
    return reply.type(metrics.contentType).send(await metrics.text());
  });
}

/** The route template (`/api/cases/:caseId`), never the raw URL: one series per route, not per case. */
function routeLabel(request: FastifyRequest): string {
  return request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
  // Compared as digests: equal length whatever was sent, and no early exit on the first wrong character.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

async function readModelFigures(repo: MetricsRepo, engineId: string, clock: Clock, startedAt: Date): Promise<ReadModelFigures> {
  const [cases, outbox, syncs] = await Promise.all([repo.casesByCategoryAndStatus(), repo.outboxDepth(), repo.lastSyncSuccess()]);
  const now = clock.now().getTime();
  const lastGood = new Map(syncs.map((s) => [s.engineId, s.at]));
  if (!lastGood.has(engineId)) lastGood.set(engineId, null);
  const syncLag = [...lastGood].map(([id, at]) => ({ engineId: id, seconds: Math.max(0, (now - (at ?? startedAt).getTime()) / 1000) }));
  return { cases, outbox, syncLag };
}
