import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { approvalDecisionRequestSchema } from '../../contracts/approvals.js';
import { ApiProblem } from '../api-problem.js';
import { approve, listApprovals, reject } from '../approvals/approvals-service.js';
import { requestUser } from '../auth/request-user.js';
import { parseIdempotencyKey } from '../commands/run-command.js';
import type { AppContext } from '../context.js';
import { header } from './headers.js';

const APPROVAL_ID = /^[0-9a-f-]{36}$/;

function parseDecision(request: { params: unknown; body: unknown; headers: Record<string, string | string[] | undefined> }) {
  const approvalId = (request.params as { approvalId: string }).approvalId;
  if (!APPROVAL_ID.test(approvalId)) throw new ApiProblem(404, 'APPROVAL_NOT_FOUND', `There is no approval request ${approvalId}.`);
  const body = z.safeParse(approvalDecisionRequestSchema, request.body ?? {});
  if (!body.success) throw new ApiProblem(400, 'INVALID_BODY', 'A decision needs a `reason` of 1 to 2000 characters.');
  return { approvalId, reason: body.data.reason, idempotencyKey: parseIdempotencyKey(header(request.headers['idempotency-key'])) };
}

export function approvalRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/approvals', { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor'] } } }, async (request) => {
    const status = (request.query as { status?: string }).status ?? 'pending';
    if (status !== 'pending' && status !== 'all') throw new ApiProblem(400, 'INVALID_STATUS', 'status is pending or all.');
    return listApprovals(ctx, status);
  });

  app.post('/api/approvals/:approvalId/approve', { config: { access: { roles: ['supervisor'] } } }, async (request, reply) => {
    const decision = parseDecision(request);
    const result = await approve(ctx, requestUser(request), decision.approvalId, decision);
    return reply.status(result.status).send(result.body);
  });

  app.post('/api/approvals/:approvalId/reject', { config: { access: { roles: ['supervisor'] } } }, async (request) => {
    const decision = parseDecision(request);
    await reject(ctx, requestUser(request), decision.approvalId, decision);
    return listApprovals(ctx, 'pending');
  });
}
