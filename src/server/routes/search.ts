import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiProblem } from '../api-problem.js';
import { ALL_ROLES } from '../auth/access.js';
import type { AppContext } from '../context.js';
import { search } from '../search/search-service.js';

const querySchema = z.object({ q: z.string().trim().min(1).max(200) });

export function searchRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/search', { config: { access: { roles: ALL_ROLES } } }, async (request) => {
    const parsed = querySchema.safeParse(request.query);
    if (!parsed.success) throw new ApiProblem(400, 'INVALID_QUERY', 'Search needs a query `q` of 1 to 200 characters.');
    return search(parsed.data.q, ctx.cases, ctx.processes, ctx.frozenActivities);
  });
}
