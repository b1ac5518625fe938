// Probes for the platform that runs the BFF (a load balancer, Kubernetes), without a session and without
// anything sensitive: /livez says the process answers; /readyz says it can serve, which needs the database
// reachable and its schema current. The engine is reported but not required: the read model still serves
// search, queues and dashboards while the engine is down.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { EngineProbe } from '../engine/probe.js';
import { pendingMigrations } from '../store/migrate.js';

export function probeRoutes(app: FastifyInstance, ctx: AppContext, engineProbe: EngineProbe): void {
  // Asked every few seconds by the platform: only their warnings reach the log.
  app.get('/livez', { logLevel: 'warn' }, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    let database: 'ok' | 'unreachable' | 'migrations pending' = 'ok';
    try {
      if ((await pendingMigrations(ctx.db)).length > 0) database = 'migrations pending';
    } catch {
      database = 'unreachable';
    }
    // Never waits for the engine: a hanging engine must not make the BFF look unready.
    const engine = engineProbe.peek();
    const ready = database === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, engine: engine.checkedAt === null ? 'unknown' : engine.reachable ? 'reachable' : 'unreachable' });
  });
}
