import type { FastifyInstance } from 'fastify';
import type { CatalogView } from '../../contracts/catalog.js';
import type { Catalog } from '../catalog/catalog.js';
import type { AppContext } from '../context.js';

/** The catalog in the shape of `catalogViewSchema`: only the listed fields, regular expressions as text. */
export function catalogView(catalog: Catalog): CatalogView {
  return {
    version: catalog.version,
    teams: catalog.teams.map((t) => ({ id: t.id, name: t.name })),
    topics: catalog.allTopics().map((t) => ({
      topic: t.topic, processDefinitionKey: t.processDefinitionKey, description: t.description, owner: t.owner,
      activityIds: t.activityIds, inputVariables: t.inputVariables, outputVariables: t.outputVariables, failureSemantics: t.failureSemantics,
      idempotencyKey: t.idempotencyKey, maxLockDuration: t.maxLockDuration, maxLockDurationMs: t.maxLockDurationMs, retryPolicy: t.retryPolicy,
      retry: t.retry, sideEffect: t.sideEffect, reconciliation: t.reconciliation,
    })),
    stageBudgets: catalog.stageBudgets().map((b) => ({
      processDefinitionKey: b.processDefinitionKey, activityId: b.activityId, budget: b.budget, budgetMs: b.budgetMs,
      category: b.category, severity: b.severity, runbookId: b.runbookId,
    })),
    runbooks: catalog.allRunbooks(),
    actions: catalog.allActions().map((a) => ({
      id: a.id, label: a.label, description: a.description, roles: a.roles, categories: a.categories, requiredEvidence: a.requiredEvidence,
      safe: a.safe, domainEffect: a.domainEffect, engineEffect: a.engineEffect,
    })),
    rules: catalog.rules.map((r) => ({
      id: r.id, processDefinitionKey: r.processDefinitionKey, activityId: r.activityId, topic: r.topic, incidentType: r.incidentType,
      messagePattern: r.messagePattern?.source ?? null, category: r.category, severity: r.severity, runbookId: r.runbookId,
    })),
  };
}

/** The ops catalog as loaded: version, teams, worker contracts, stage budgets, runbooks, actions and rules (read-only). */
export function catalogRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/catalog', { config: { access: 'authenticated' } }, async () => catalogView(ctx.catalog));
}
