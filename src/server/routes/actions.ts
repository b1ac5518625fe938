import type { FastifyInstance } from 'fastify';
import { actionForSlug } from '../../contracts/actions.js';
import { ApiProblem } from '../api-problem.js';
import { requestUser } from '../auth/request-user.js';
import { runCaseCommand } from '../commands/run-command.js';
import type { AppContext } from '../context.js';
import { parseCaseId } from './cases.js';
import { header } from './headers.js';

export function actionRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Route level: who may act on cases at all. Each action's own roles come from the ops catalog and are
  // checked by the command (and audited when denied).
  app.post('/api/cases/:caseId/actions/:action', { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor'] } } }, async (request, reply) => {
    const caseId = parseCaseId(request.params);
    const slug = (request.params as { action: string }).action;
    const action = actionForSlug(slug);
    if (!action) throw new ApiProblem(404, 'UNKNOWN_ACTION', `There is no recovery action "${slug}".`);
    const result = await runCaseCommand(ctx, requestUser(request), action, {
      caseId,
      idempotencyKey: header(request.headers['idempotency-key']),
      ifMatch: header(request.headers['if-match']),
      body: request.body,
    });
    return reply.status(result.status).send(result.body);
  });
}
