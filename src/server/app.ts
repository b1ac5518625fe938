import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ApiProblem } from './api-problem.js';
import { registerAuth } from './auth/auth-hook.js';
import { createAuthServices } from './auth/auth-services.js';
import type { AppContext } from './context.js';
import { EngineUnavailableError } from './engine/errors.js';
import { EngineProbe } from './engine/probe.js';
import { registerInputGuard } from './http/input-guard.js';
import { auditRefusal } from './audit/refusal-audit.js';
import { registerRequestDeadline } from './http/request-deadline.js';
import { logOptions, registerRequestId, type LogSetting } from './http/logging.js';
import { registerMetricsEndpoint } from './http/metrics-endpoint.js';
import { WorkbenchMetrics } from './metrics/metrics.js';
import { ClientGoneError, DeadlineExceededError } from './request-scope.js';
import { DatabaseBusyError, isConnectionLost } from './store/db.js';
import { actionRoutes } from './routes/actions.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { bulkRoutes } from './routes/bulk.js';
import { catalogRoutes } from './routes/catalog.js';
import { freezeRoutes } from './routes/freezes.js';
import { authRoutes } from './routes/auth.js';
import { oidcRoutes } from './routes/oidc.js';
import { caseRoutes } from './routes/cases.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { alertsRoutes } from './routes/alerts.js';
import { deploymentsRoutes } from './routes/deployments.js';
import { orderRoutes } from './routes/orders.js';
import { queueRoutes } from './routes/queue.js';
import { searchRoutes } from './routes/search.js';
import { sessionRoutes } from './routes/session.js';
import { probeRoutes } from './routes/probes.js';
import { eventRoutes } from './routes/events.js';
import { recentOrderRoutes } from './routes/recent-orders.js';
import { savedViewRoutes } from './routes/saved-views.js';
import { openApiRoutes } from './routes/openapi.js';
import { engineRoutes } from './routes/engines.js';
import { migrationRoutes } from './routes/migrations.js';

// No inline script or style, no framing, no sniffing: engine text shown in the page can never run.
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** `/assets/x.js`, `/favicon.ico`: a request for a static file (client routes such as /cases/FO-… are never one). */
function looksLikeFile(pathName: string): boolean {
  return pathName.startsWith('/assets/') || /\.(?:m?js|css|map|ico|png|svg|jpe?g|gif|webp|woff2?|ttf|json|txt|webmanifest|html?)$/i.test(pathName);
}

export interface AppOptions {
  /** JSON request log (pino) with request ids; off by default (tests), on in main.ts. */
  logger?: LogSetting;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string | null;
  bulkSpacingMs?: number;
  /** Deadline of every API read (GET); default 5 s. */
  requestDeadlineMs?: number;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ ...logOptions(options.logger ?? false), bodyLimit: 64 * 1024 });
  // First: the request id is in every log line and on every answer, refusals included.
  registerRequestId(app);
  registerMetricsEndpoint(app, { metrics: ctx.metrics ?? new WorkbenchMetrics(), db: ctx.db, engineId: ctx.engineId, clock: ctx.clock, token: options.metricsToken });
  registerRequestDeadline(app, { deadlineMs: options.requestDeadlineMs ?? 5000 });

  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // API answers carry cases, names and evidence: no browser or proxy may keep a copy.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof ApiProblem) {
      await auditRefusal(ctx, request, error);
      return reply.status(error.status).send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    // Overload answers: logged once here, never a 500.
    if (error instanceof DeadlineExceededError) {
      request.log.warn(`deadline exceeded, cancelled: ${request.method} ${request.url}`);
      return reply.status(503).header('retry-after', '1').send({ code: 'DEADLINE_EXCEEDED', message: 'The server could not answer in time. Try again shortly.' });
    }
    if (error instanceof DatabaseBusyError) {
      request.log.warn(`database busy: ${request.method} ${request.url}: ${error.message}`);
      return reply.status(503).header('retry-after', '1').send({ code: 'BUSY', message: 'The server is busy. Try again shortly.' });
    }
    if (error instanceof ClientGoneError) {
      request.log.warn(`client went away, cancelled: ${request.method} ${request.url}`);
      // Nobody reads this answer; the status only tells access logs what happened.
      return reply.status(499).send({ code: 'CLIENT_GONE', message: error.message });
    }
    // PostgreSQL is away (refused, reset, timed out): the read model, the sessions and the audit log live
    // there, so nothing was read or changed. A clear 503 the SPA shows and retries, not a 500.
    if (isConnectionLost(error)) {
      console.warn(`[bff] database unavailable: ${request.method} ${request.url}: ${(error as Error).message}`);
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ code: 'DATABASE_UNAVAILABLE', message: 'The workbench database is not reachable right now; nothing was changed. Try again shortly.' });
    }
    if (error instanceof EngineUnavailableError) {
      return reply.status(503).send({ code: 'ENGINE_UNAVAILABLE', message: 'The engine is not reachable right now; nothing was changed.' });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ code: (error as { code?: string }).code ?? 'BAD_REQUEST', message: (error as Error).message });
    }
    request.log.error({ err: error, url: request.url }, 'request failed');
    // Without the log (tests) the stack still reaches whoever runs them.
    if (!options.logger) console.error('request failed', request.method, request.url, error);
    return reply.status(500).send({ code: 'INTERNAL', message: 'Something went wrong on the server. It has been logged.' });
  });

  // Every query value, path parameter and body string passes one gate before any handler.
  registerInputGuard(app);
  // Auth before any route: its onRoute hook refuses /api routes that do not declare `config.access`.
  const auth = createAuthServices(ctx);
  await registerAuth(app, auth);
  // First of the routes: it collects the others' access declarations for the document.
  openApiRoutes(app);

  authRoutes(app, auth);
  if (auth.oidc) {
    // People who signed in through the IdP before can be assigned cases (see UserDirectory.find).
    await auth.oidc.loadPeople(auth.users);
    oidcRoutes(app, auth, auth.oidc);
  }
  // One engine probe for /readyz and /api/health: the engine is asked at most every few seconds in all.
  const engineProbe = new EngineProbe(ctx.engine, ctx.clock);
  probeRoutes(app, ctx, engineProbe);
  sessionRoutes(app, ctx, engineProbe);
  engineRoutes(app, ctx, engineProbe);
  searchRoutes(app, ctx);
  caseRoutes(app, ctx);
  queueRoutes(app, ctx);
  savedViewRoutes(app, ctx);
  recentOrderRoutes(app, ctx);
  dashboardRoutes(app, ctx);
  alertsRoutes(app, ctx);
  deploymentsRoutes(app, ctx);
  orderRoutes(app, ctx);
  actionRoutes(app, ctx);
  approvalRoutes(app, ctx);
  bulkRoutes(app, ctx, { spacingMs: options.bulkSpacingMs ?? 200 });
  catalogRoutes(app, ctx);
  freezeRoutes(app, ctx, ctx.freezes);
  migrationRoutes(app, ctx);
  auditRoutes(app, ctx, { sensitiveFields: () => [...ctx.catalog.sensitiveVariables] });
  // Without a change feed (some in-process tests) there is no stream: the SPA gets 404 and polls.
  if (ctx.live) eventRoutes(app, ctx.live, auth);

  const dist = ctx.webDist && existsSync(path.join(ctx.webDist, 'index.html')) ? path.resolve(ctx.webDist) : null;
  // Source maps stay on disk only (see vite.config.ts): the static server never hands them out.
  if (dist) await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'], allowedPath: (pathName) => !pathName.endsWith('.map') });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !dist) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` });
    }
    // A missing script or stylesheet (an old tab after a deploy, a mistyped asset) is a 404, not the HTML shell
    // with 200, which a browser would try to run as JavaScript.
    if (looksLikeFile(request.url.split('?')[0]!)) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    }
    // Client-side routes (/cases/FO-…) load the SPA shell, which routes in the browser.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
