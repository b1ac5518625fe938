import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { createMigrationPlanRequestSchema, migrationDecisionRequestSchema } from '../../contracts/migrations.js';
import { ApiProblem } from '../api-problem.js';
import { requestUser } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { PLAN_ID_PATTERN } from '../migrations/create-plan.js';
import { planNotFound } from '../migrations/decisions.js';
import type { MigrationService } from '../migrations/migration-service.js';

/**
 * The migration service of one engine: a plan is validated, dry-run and executed on its own engine only. An
 * engine id this workbench is not configured for is refused (409), never sent elsewhere.
 */
function migrationsOf(ctx: AppContext, engineId: string): MigrationService {
  const table = ctx.engineTable;
  if (table?.has(engineId)) {
    const service = ctx.engineRoute!(engineId).migrations;
    if (service) return service;
  }
  if (engineId === ctx.engineId) return ctx.migrations;
  throw new ApiProblem(409, 'ENGINE_NOT_CONFIGURED', `A migration can only be planned on a configured engine; this one names engine "${engineId}", which this workbench is not configured for; nothing was changed.`, { engineId });
}

function planIdOf(params: unknown): string {
  const { planId } = params as { planId: string };
  if (!PLAN_ID_PATTERN.test(planId)) throw planNotFound(planId);
  return planId;
}

function decisionReason(body: unknown): string {
  const parsed = z.safeParse(migrationDecisionRequestSchema, body ?? {});
  if (!parsed.success) throw new ApiProblem(400, 'INVALID_BODY', 'Say why: a reason of 1 to 2000 characters.');
  return parsed.data.reason;
}

const READERS = ['platform_owner', 'supervisor', 'auditor'] as const;
const DECIDERS = ['platform_owner', 'supervisor'] as const;

/** Process instance migration plans (playbook §17). Role checks here; four eyes and plan states in the service. */
export function migrationRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Decisions and reads touch only the shared plans table; creation asks the plan's own engine.
  const plans = ctx.migrations;

  app.get('/api/migrations', { config: { access: { roles: [...READERS] } } }, async () => ({ items: await plans.list() }));

  app.get('/api/migrations/:planId', { config: { access: { roles: [...READERS] } } }, async (request) => {
    const planId = planIdOf(request.params);
    const plan = await plans.get(planId, requestUser(request));
    if (!plan) throw planNotFound(planId);
    return plan;
  });

  app.post('/api/migrations', { config: { access: { roles: ['platform_owner'] } } }, async (request, reply) => {
    const body = z.safeParse(createMigrationPlanRequestSchema, request.body ?? {});
    if (!body.success) {
      throw new ApiProblem(
        400,
        'INVALID_BODY',
        'Send processDefinitionKey, sourceVersion and targetVersion (whole numbers from 1), a reason (at most 2000 characters), scopeActivities (1 to 50 activity ids), batchSize (1-500), batchIntervalSeconds (0-3600), and optionally activityMapping, requiredVariables, allowedOrderStates and engineId.',
        { issues: body.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
      );
    }
    const { engineId = ctx.engineId, ...planRequest } = body.data;
    const plan = await migrationsOf(ctx, engineId).create(requestUser(request), planRequest);
    return reply.status(201).send(plan);
  });

  app.post('/api/migrations/:planId/approve', { config: { access: { roles: [...DECIDERS] } } }, async (request) => {
    const planId = planIdOf(request.params);
    return plans.approve(planId, requestUser(request), decisionReason(request.body));
  });

  app.post('/api/migrations/:planId/reject', { config: { access: { roles: [...DECIDERS] } } }, async (request) => {
    const planId = planIdOf(request.params);
    return plans.reject(planId, requestUser(request), decisionReason(request.body));
  });

  // 202: the canary goes first in the executor's next pass (the sync leader), the batches follow.
  app.post('/api/migrations/:planId/start', { config: { access: { roles: ['platform_owner'] } } }, async (request, reply) => {
    const planId = planIdOf(request.params);
    return reply.status(202).send(await plans.start(planId, requestUser(request), decisionReason(request.body)));
  });

  app.post('/api/migrations/:planId/abort', { config: { access: { roles: [...DECIDERS] } } }, async (request) => {
    const planId = planIdOf(request.params);
    return plans.abort(planId, requestUser(request), decisionReason(request.body));
  });
}
