import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { bulkRetryRequestSchema } from '../../contracts/actions.js';
import { ApiProblem } from '../api-problem.js';
import { requestUser } from '../auth/request-user.js';
import { bulkRetry } from '../commands/bulk-retry.js';
import { parseIdempotencyKey } from '../commands/run-command.js';
import type { AppContext } from '../context.js';
import { header } from './headers.js';

export function bulkRoutes(app: FastifyInstance, ctx: AppContext, options: { spacingMs: number }): void {
  app.post('/api/bulk/retry-step', { config: { access: { roles: ['tech_ops'] } } }, async (request) => {
    const body = z.safeParse(bulkRetryRequestSchema, request.body ?? {});
    if (!body.success) {
      const issue = body.error.issues[0];
      throw new ApiProblem(400, 'INVALID_BODY', `Invalid bulk retry${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'not valid'}.`);
    }
    // A dry run changes nothing, so it needs no key; the real run does, so a repeated submit cannot act twice.
    const key = body.data.dryRun ? null : parseIdempotencyKey(header(request.headers['idempotency-key']));
    return bulkRetry(ctx, requestUser(request), body.data, key, options);
  });
}
