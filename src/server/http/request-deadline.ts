// Gives every API read (GET) a deadline and cancels it, SQL included, when the deadline passes or the client
// goes away. Mutating requests are left alone: a recovery command whose intent is committed runs to its
// recorded outcome even when the browser tab closes.
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { currentScope, openScope, raceScope, runInScope } from '../request-scope.js';

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A longer deadline for a read that legitimately runs long (a streamed export, a full chain check). */
    deadlineMs?: number;
    /** A stream that stays open by design (`GET /api/events`): no deadline, no request scope. */
    stream?: boolean;
  }
}

export function registerRequestDeadline(app: FastifyInstance, options: { deadlineMs: number }): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!isRead(request.method) || !request.url.startsWith('/api/') || request.routeOptions.config?.stream) return done();
    const open = openScope(request.routeOptions.config?.deadlineMs ?? options.deadlineMs);
    // The response's close before it finished writing is the only reliable "client went away" in Node:
    // the request's own close fires once its (empty) body has been read.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) open.clientGone();
      open.end();
    });
    // Every hook and the handler after this one run inside the scope (the auth hook's session read too).
    runInScope(open.scope, done);
  });

  // The handler answers by its deadline even when what it waits for is not SQL (SQL is cancelled on its own).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some(isRead) || route.config?.stream) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function withDeadline(this: FastifyInstance, request, reply) {
      const scope = currentScope();
      const result = handler.call(this, request, reply);
      return scope ? raceScope(scope, Promise.resolve(result)) : result;
    } as RouteHandlerMethod;
  });
}
