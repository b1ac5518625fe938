// GET /api/openapi.json: the OpenAPI description of this BFF (http/openapi.ts). Public: it says what the SPA
// bundle's own contracts already say to anyone who loads the page, and tools (client generators, API
// explorers) fetch it without a session.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from '../auth/access.js';
import { buildOpenApiDocument } from '../http/openapi.js';

/** Registers the route and the collector of the routes' access declarations; call before any other route. */
export function openApiRoutes(app: FastifyInstance): void {
  const access = new Map<string, RouteAccess | undefined>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) access.set(`${method} ${route.url}`, route.config?.access);
  });
  // Built once, on the first request (every route is registered by then), and kept as text: 150 KB of JSON
  // is not worth serializing again for each request.
  let document: string | null = null;
  app.get('/api/openapi.json', { config: { access: 'public' } }, async (_request, reply) => {
    document ??= JSON.stringify(buildOpenApiDocument(access, packageVersion()));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
