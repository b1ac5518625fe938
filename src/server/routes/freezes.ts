import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { createFreezeRequestSchema, endFreezeRequestSchema, type Freeze } from '../../contracts/freezes.js';
import { ApiProblem } from '../api-problem.js';
import { requestUser } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { FREEZE_ID_PATTERN, type FreezeService } from '../freezes/freeze-service.js';

/**
 * The freeze service of one engine: a freeze suspends jobs and instances in its own engine only. An engine id
 * this workbench is not configured for is refused (409, like a command on such a case), never sent elsewhere.
 */
function freezesOf(ctx: AppContext, primary: FreezeService, engineId: string, what: string): FreezeService {
  const table = ctx.engineTable;
  if (table?.has(engineId)) return ctx.engineRoute!(engineId).freezes;
  // Wired with one engine and no table (some tests): that engine is all there is.
  if (!table && engineId === ctx.engineId) return primary;
  throw new ApiProblem(409, 'ENGINE_NOT_CONFIGURED', `${what} engine "${engineId}", which this workbench is not configured for; nothing was changed.`, { engineId });
}

/** Activity freezes: everyone who works cases may see them; only tech ops start or end one. */
export function freezeRoutes(app: FastifyInstance, ctx: AppContext, freezes: FreezeService): void {
  // Every engine's freezes, each naming its engine (the list reads the shared read model).
  app.get('/api/freezes', { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner'] } } }, async () => ({
    items: await freezes.list(),
  }));

  app.post('/api/freezes', { config: { access: { roles: ['tech_ops'] } } }, async (request, reply) => {
    const body = z.safeParse(createFreezeRequestSchema, request.body ?? {});
    if (!body.success) {
      throw new ApiProblem(
        400,
        'INVALID_BODY',
        'Send processDefinitionKey, activityId, a reason (at most 2000 characters), durationMinutes, a whole number from 5 to 10080 (7 days), and optionally engineId.',
        { issues: body.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
      );
    }
    const { engineId = ctx.engineId, ...freezeRequest } = body.data;
    const service = freezesOf(ctx, freezes, engineId, 'A freeze can only be made on a configured engine; this one names');
    const freeze: Freeze = await service.create(requestUser(request), freezeRequest);
    return reply.status(201).send(freeze);
  });

  app.post('/api/freezes/:freezeId/end', { config: { access: { roles: ['tech_ops'] } } }, async (request) => {
    const { freezeId } = request.params as { freezeId: string };
    if (!FREEZE_ID_PATTERN.test(freezeId)) throw new ApiProblem(404, 'FREEZE_NOT_FOUND', `There is no freeze ${freezeId.slice(0, 60)}.`);
    const body = z.safeParse(endFreezeRequestSchema, request.body ?? {});
    if (!body.success) throw new ApiProblem(400, 'INVALID_BODY', 'Say why the freeze ends: a reason of 1 to 2000 characters.');
    // Ended by its own engine's service, which re-activates what it suspended there.
    const existing = await freezes.get(freezeId);
    if (!existing) throw new ApiProblem(404, 'FREEZE_NOT_FOUND', `There is no freeze ${freezeId}.`);
    const service = freezesOf(ctx, freezes, existing.engineId, `Freeze ${freezeId} belongs to`);
    return service.end(requestUser(request), freezeId, body.data.reason);
  });
}
