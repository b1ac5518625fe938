// One place that names every BFF endpoint, so the SPA, the server routes and the mocks agree.
// Mutating endpoints need the `X-CSRF-Token` header from the session; commands also `Idempotency-Key`
// and, where they act on a case, `If-Match: "<case version>"`.
import * as z from 'zod/mini';
import { actionRequestSchemas, bulkRetryRequestSchema, bulkRetryResponseSchema, commandResultSchema } from './actions.js';
import { approvalDecisionRequestSchema, approvalListSchema } from './approvals.js';
import { auditListSchema, auditVerificationSchema } from './audit.js';
import { caseDetailSchema, caseListSchema, diagnosisCheckRequestSchema, diagnosisChecklistSchema } from './cases.js';
import { createFreezeRequestSchema, endFreezeRequestSchema, freezeListSchema, freezeSchema } from './freezes.js';
import { searchResponseSchema } from './search.js';
import { queueResponseSchema } from './queues.js';
import { dashboardQuerySchema, dashboardSchema } from './dashboard.js';
import { alertListSchema } from './alerts.js';
import { deploymentsResponseSchema } from './deployments.js';
import { orderHistorySchema, orderViewSchema } from './orders.js';
import { catalogViewSchema } from './catalog.js';
import { authMethodsSchema, healthSchema, loginRequestSchema, logoutResponseSchema, sessionSchema } from './session.js';
import {
  createSavedViewRequestSchema,
  recentOrdersSchema,
  savedViewListSchema,
  savedViewSchema,
  updateSavedViewRequestSchema,
} from './saved-views.js';
import { engineListSchema } from './engines.js';
import { createMigrationPlanRequestSchema, migrationDecisionRequestSchema, migrationPlanListSchema, migrationPlanSchema } from './migrations.js';

const empty = z.object({});

export const endpoints = {
  login: { method: 'POST', path: '/api/auth/login', request: loginRequestSchema, response: sessionSchema },
  /** After a single sign-on session the answer names the provider's sign-out page (`redirectTo`). */
  logout: { method: 'POST', path: '/api/auth/logout', response: logoutResponseSchema },
  /** No session needed: which sign-in methods the sign-in page offers. */
  authMethods: { method: 'GET', path: '/api/auth/methods', response: authMethodsSchema },
  /** 401 NOT_AUTHENTICATED when there is no valid session. */
  session: { method: 'GET', path: '/api/session', response: sessionSchema },
  health: { method: 'GET', path: '/api/health', response: healthSchema },
  /** The configured engines (id, label, flavour, Cockpit), the primary first; one entry with one engine. */
  engines: { method: 'GET', path: '/api/engines', response: engineListSchema },
  /** Query: `q` (required, 1-200 chars). */
  search: { method: 'GET', path: '/api/search', response: searchResponseSchema },
  /**
   * Query: `status` (comma list of statuses, or `open` / `all`; default open), `category`, `team`,
   * `assignee` (`me` for the caller), `limit` (1-500, default 200), `offset`.
   */
  listCases: { method: 'GET', path: '/api/cases', response: caseListSchema },
  caseDetail: { method: 'GET', path: '/api/cases/:caseId', response: caseDetailSchema },
  /** Checks or unchecks one diagnosis step of the case's runbook; answers the whole checklist. */
  checkDiagnosis: { method: 'POST', path: '/api/cases/:caseId/diagnosis', request: diagnosisCheckRequestSchema, response: diagnosisChecklistSchema },
  /** The queue with filters, facets and view counts; see `src/contracts/queues.ts` for the query. */
  queue: { method: 'GET', path: '/api/queue', response: queueResponseSchema },
  /** Query: `range` 24h | 7d | 30d, and `engineId` for one engine's figures. Read model only. */
  dashboard: { method: 'GET', path: '/api/dashboard', query: dashboardQuerySchema, response: dashboardSchema },
  /** Firing alerts and those resolved in the last 7 days, with their payload, history and who was notified. Read model only. */
  alerts: { method: 'GET', path: '/api/alerts', response: alertListSchema },
  /** Process versions per key (newest 10) with their release reports and running instances per step. Read model only. */
  deployments: { method: 'GET', path: '/api/deployments', response: deploymentsResponseSchema },
  /** The read-only order view for support. */
  orderView: { method: 'GET', path: '/api/orders/:orderId', response: orderViewSchema },
  /** Every run of the order from the engine's history (finished ones too), newest first, at most 20. 503 ENGINE_UNAVAILABLE when the engine is down. */
  orderHistory: { method: 'GET', path: '/api/orders/:orderId/history', response: orderHistorySchema },
  catalog: { method: 'GET', path: '/api/catalog', response: catalogViewSchema },
  /** `:action` is a slug from `actionSlugs`; the body follows `actionRequestSchemas`. 200 done, 202 pending/awaiting approval. */
  caseAction: { method: 'POST', path: '/api/cases/:caseId/actions/:action', response: commandResultSchema },
  retryStep: { method: 'POST', path: '/api/cases/:caseId/actions/retry-step', request: actionRequestSchemas.RETRY_STEP, response: commandResultSchema },
  bulkRetry: { method: 'POST', path: '/api/bulk/retry-step', request: bulkRetryRequestSchema, response: bulkRetryResponseSchema },
  /** Query: `status` (`pending` default, or `all`). */
  listApprovals: { method: 'GET', path: '/api/approvals', response: approvalListSchema },
  approve: { method: 'POST', path: '/api/approvals/:approvalId/approve', request: approvalDecisionRequestSchema, response: commandResultSchema },
  reject: { method: 'POST', path: '/api/approvals/:approvalId/reject', request: approvalDecisionRequestSchema, response: approvalListSchema },
  listFreezes: { method: 'GET', path: '/api/freezes', response: freezeListSchema },
  createFreeze: { method: 'POST', path: '/api/freezes', request: createFreezeRequestSchema, response: freezeSchema },
  endFreeze: { method: 'POST', path: '/api/freezes/:freezeId/end', request: endFreezeRequestSchema, response: freezeSchema },
  /** Migration plans (playbook §17), newest first: platform owners, supervisors, auditors. */
  listMigrationPlans: { method: 'GET', path: '/api/migrations', response: migrationPlanListSchema },
  /**
   * Platform owner only. Validates the mapping with the engine and freezes the instance list (dry run); 201 with the
   * plan AWAITING_APPROVAL. 422 MIGRATION_INVALID when the engine refuses the mapping or nothing is in scope.
   */
  createMigrationPlan: { method: 'POST', path: '/api/migrations', request: createMigrationPlanRequestSchema, response: migrationPlanSchema },
  migrationPlan: { method: 'GET', path: '/api/migrations/:planId', response: migrationPlanSchema },
  /** A second platform owner or a supervisor, never the requester (403 FOUR_EYES). */
  approveMigrationPlan: { method: 'POST', path: '/api/migrations/:planId/approve', request: migrationDecisionRequestSchema, response: migrationPlanSchema },
  rejectMigrationPlan: { method: 'POST', path: '/api/migrations/:planId/reject', request: migrationDecisionRequestSchema, response: migrationPlanSchema },
  /** Platform owner; APPROVED only. 202: the canary goes first, batches follow in the background. */
  startMigrationPlan: { method: 'POST', path: '/api/migrations/:planId/start', request: migrationDecisionRequestSchema, response: migrationPlanSchema },
  /** Platform owner or supervisor; instances not yet migrated stay untouched. */
  abortMigrationPlan: { method: 'POST', path: '/api/migrations/:planId/abort', request: migrationDecisionRequestSchema, response: migrationPlanSchema },
  /**
   * Query: `caseId`, `businessKey`, `from` (inclusive), `to` (exclusive; a date or a date-time with a zone),
   * `limit` (1-1000), `offset`, `order` (`desc` newest first, the default, or `asc`).
   */
  listAudit: { method: 'GET', path: '/api/audit', response: auditListSchema },
  /** Same filters plus `format=ndjson|csv`; answers a file download, sensitive fields masked. */
  exportAudit: { method: 'GET', path: '/api/audit/export', response: z.string() },
  verifyAudit: { method: 'GET', path: '/api/audit/verify', response: auditVerificationSchema },
  /**
   * Server-Sent Events (`text/event-stream`) telling an open page what changed: `change` events
   * (`liveChangeSchema`), `status` (`liveStatusSchema`), `session-ended`. Read with EventSource, not the API client.
   */
  events: { method: 'GET', path: '/api/events', response: z.string() },
  /** The caller's saved views of the queue and the shared ones they added; see `src/contracts/saved-views.ts`. */
  listSavedViews: { method: 'GET', path: '/api/saved-views', response: savedViewListSchema },
  /** 201. 400 INVALID_BODY / INVALID_VIEW_QUERY, 409 SAVED_VIEW_NAME_TAKEN, 409 SAVED_VIEW_LIMIT (50 per user). */
  createSavedView: { method: 'POST', path: '/api/saved-views', request: createSavedViewRequestSchema, response: savedViewSchema },
  /** The caller's own view, or a shared one (its link); 404 SAVED_VIEW_NOT_FOUND otherwise (unshared looks absent). */
  savedView: { method: 'GET', path: '/api/saved-views/:viewId', response: savedViewSchema },
  /** Rename and/or share; the owner only (403 NOT_VIEW_OWNER). */
  updateSavedView: { method: 'PATCH', path: '/api/saved-views/:viewId', request: updateSavedViewRequestSchema, response: savedViewSchema },
  /** The owner only (403 NOT_VIEW_OWNER); answers `{}`. */
  deleteSavedView: { method: 'DELETE', path: '/api/saved-views/:viewId', response: empty },
  /** Adds someone else's shared view to the caller's list ("Add to my views"); idempotent. */
  addSharedView: { method: 'PUT', path: '/api/saved-views/:viewId/added', response: savedViewSchema },
  /** Takes an added shared view off the caller’s list; idempotent; answers `{}`. */
  removeSharedView: { method: 'DELETE', path: '/api/saved-views/:viewId/added', response: empty },
  /** The last 10 orders the caller opened (order view or a case of the order), most recent first. */
  recentOrders: { method: 'GET', path: '/api/recent-orders', response: recentOrdersSchema },
  /** This API's OpenAPI 3.1 description, generated from this registry (no session needed). */
  openapi: { method: 'GET', path: '/api/openapi.json', response: z.record(z.string(), z.unknown()) },
} as const;

export function pathFor(template: string, params: Record<string, string>): string {
  return template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
