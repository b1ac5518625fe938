import { HttpResponse, http, type HttpResponseResolver } from 'msw';
import * as z from 'zod/mini';
import { actionForSlug } from '../../contracts/actions.js';
import { endpoints } from '../../contracts/endpoints.js';
import type { Endpoint } from '../lib/api-client.js';
import {
  buildApiError,
  buildApprovalList,
  buildCaseDetail,
  buildCaseList,
  buildCommandResult,
  buildFreeze,
  buildFreezeList,
  buildEngineList,
  buildHealth,
  buildSearchResponse,
  buildSession,
} from './fixtures.js';
import { buildAuditList, buildAuditVerification, buildCatalogView, buildQueueResponse } from './fixtures.js';
import { buildRecentOrders, buildSavedViewList } from './saved-view-fixtures.js';
import { buildOrderHistory } from './order-history-fixtures.js';
import { buildMigrationPlan, buildMigrationPlanList } from './migration-fixtures.js';

/** A JSON answer checked against the endpoint's response schema: a mock cannot drift from the contract. */
export function respond<E extends Endpoint>(endpoint: E, body: z.infer<E['response']>, init?: ResponseInit) {
  return HttpResponse.json(z.parse(endpoint.response, body) as never, init);
}

/** An ApiError answer (the BFF's 4xx/5xx body). */
export function respondError(status: number, code: string, message: string) {
  return HttpResponse.json(buildApiError(code, message), { status });
}

const methods = { GET: http.get, POST: http.post, PUT: http.put, PATCH: http.patch, DELETE: http.delete } as const;

/** A handler for a contract endpoint: method and path come from the descriptor. */
export function handle(endpoint: Endpoint, resolver: HttpResponseResolver) {
  const method = methods[endpoint.method as keyof typeof methods];
  return method(endpoint.path, resolver);
}

// Built once, so repeated requests (prefetch, mount, refetch) see the same records.
export const defaultCaseList = buildCaseList();
export const defaultQueue = buildQueueResponse({ items: defaultCaseList.items });

export const defaultHandlers = [
  handle(endpoints.session, () => respond(endpoints.session, buildSession())),
  handle(endpoints.login, () => respond(endpoints.login, buildSession())),
  handle(endpoints.logout, () => respond(endpoints.logout, {})),
  // The embedded default: the password form only.
  handle(endpoints.authMethods, () => respond(endpoints.authMethods, { local: true, oidc: null })),
  handle(endpoints.health, () => respond(endpoints.health, buildHealth())),
  handle(endpoints.engines, () => respond(endpoints.engines, buildEngineList())),
  handle(endpoints.listCases, () => respond(endpoints.listCases, defaultCaseList)),
  handle(endpoints.caseDetail, ({ params }) =>
    respond(endpoints.caseDetail, buildCaseDetail({ case: { id: String(params.caseId) } })),
  ),
  handle(endpoints.search, ({ request }) =>
    respond(endpoints.search, buildSearchResponse({ query: new URL(request.url).searchParams.get('q') ?? '', interpretedAs: null })),
  ),
  handle(endpoints.caseAction, ({ params }) =>
    respond(endpoints.caseAction, buildCommandResult({ action: actionForSlug(String(params.action)) ?? 'RETRY_STEP' })),
  ),
  handle(endpoints.listApprovals, () => respond(endpoints.listApprovals, buildApprovalList([]))),
  handle(endpoints.approve, () => respond(endpoints.approve, buildCommandResult())),
  handle(endpoints.reject, () => respond(endpoints.reject, buildApprovalList([]))),
  handle(endpoints.listFreezes, () => respond(endpoints.listFreezes, buildFreezeList([]))),
  handle(endpoints.createFreeze, () => respond(endpoints.createFreeze, buildFreeze())),
  handle(endpoints.endFreeze, () => respond(endpoints.endFreeze, buildFreeze({ state: 'ENDED', endedAt: '2026-01-05T03:00:00Z', endedBy: 'theo.tech' }))),
  // Queue and audit (features/queue, features/audit).
  handle(endpoints.queue, () => respond(endpoints.queue, defaultQueue)),
  handle(endpoints.listAudit, () => respond(endpoints.listAudit, buildAuditList([]))),
  handle(endpoints.verifyAudit, () => respond(endpoints.verifyAudit, buildAuditVerification())),
  handle(endpoints.catalog, () => respond(endpoints.catalog, buildCatalogView())),
  // Saved views (features/saved-views) and recent orders (features/recent-orders): none by default.
  handle(endpoints.listSavedViews, () => respond(endpoints.listSavedViews, buildSavedViewList())),
  handle(endpoints.recentOrders, () => respond(endpoints.recentOrders, buildRecentOrders())),
  // Migration plans (features/migrations): none listed; any plan id answers the default plan under that id.
  handle(endpoints.listMigrationPlans, () => respond(endpoints.listMigrationPlans, buildMigrationPlanList())),
  handle(endpoints.migrationPlan, ({ params }) => respond(endpoints.migrationPlan, buildMigrationPlan({ id: String(params.planId) }))),
  // The order view's history (features/order-view): one running run unless a test says otherwise.
  handle(endpoints.orderHistory, ({ params }) =>
    respond(endpoints.orderHistory, buildOrderHistory({ orderId: String(params.orderId), businessKey: `order:${String(params.orderId)}` })),
  ),
];
