import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { createFreezeRequestSchema, endFreezeRequestSchema, type Freeze } from '../../contracts/freezes.js';
import { ApiProblem } from '../api-problem.js';
import { requestUser } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { FREEZE_ID_PATTERN, type FreezeService } from '../freezes/freeze-service.js';

/** Activity freezes: everyone who works cases may see them; only tech ops start or end one. */
export function freezeRoutes(app: FastifyInstance, _ctx: AppContext, freezes: FreezeService): void {
  app.get('/api/freezes', { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner'] } } }, async () => ({
    items: await freezes.list(),
  }));

  app.post('/api/freezes', { config: { access: { roles: ['tech_ops'] } } }, async (request, reply) => {
    const body = z.safeParse(createFreezeRequestSchema, request.body ?? {});
    if (!body.success) {
      throw new ApiProblem(
        400,
        'INVALID_BODY',
        'Send processDefinitionKey, activityId, a reason (at most 2000 characters) and durationMinutes, a whole number from 5 to 10080 (7 days).',
        { issues: body.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
      );
    }
    const freeze: Freeze = await freezes.create(requestUser(request), body.data);
    return reply.status(201).send(freeze);
  });

  app.post('/api/freezes/:freezeId/end', { config: { access: { roles: ['tech_ops'] } } }, async (request) => {
    const { freezeId } = request.params as { freezeId: string };
    if (!FREEZE_ID_PATTERN.test(freezeId)) throw new ApiProblem(404, 'FREEZE_NOT_FOUND', `There is no freeze ${freezeId.slice(0, 60)}.`);
    const body = z.safeParse(endFreezeRequestSchema, request.body ?? {});
    if (!body.success) throw new ApiProblem(400, 'INVALID_BODY', 'Say why the freeze ends: a reason of 1 to 2000 characters.');
    return freezes.end(requestUser(request), freezeId, body.data.reason);
  });
}
