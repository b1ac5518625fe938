import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { caseCategories, caseStatuses, diagnosisCheckRequestSchema, type CaseStatus } from '../../contracts/cases.js';
import { summarize } from '../cases/summaries.js';
import { ApiProblem } from '../api-problem.js';
import { ALL_ROLES } from '../auth/access.js';
import { requestUser } from '../auth/request-user.js';
import { loadCaseDetail } from '../cases/case-detail.js';
import { recentOrderRecorder } from '../orders/recent-orders.js';
import { setDiagnosisCheck } from '../cases/diagnosis-checklist.js';
import type { AppContext } from '../context.js';
import { ACTIVE_STATUSES, WORKED_STATUSES } from '../store/cases-repo.js';

const listQuery = z.object({
  status: z.string().default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  category: z.string().max(40).optional(),
  team: z.string().max(100).optional(),
  assignee: z.string().max(100).optional(),
});
const caseIdParam = z.object({ caseId: z.string().regex(/^FO-\d{4}-\d{6}$/) });

export function parseStatusFilter(value: string): CaseStatus[] | null {
  if (value === 'open') return ACTIVE_STATUSES;
  if (value === 'incident') return WORKED_STATUSES;
  if (value === 'all') return null;
  const statuses = value.split(',').map((s) => s.trim().toUpperCase());
  const unknown = statuses.filter((s) => !(caseStatuses as readonly string[]).includes(s));
  if (unknown.length) throw new ApiProblem(400, 'INVALID_STATUS', `Unknown case status ${unknown.join(', ')}. Use open, incident, all or ${caseStatuses.join(', ')}.`);
  return statuses as CaseStatus[];
}

export function parseCaseId(params: unknown): string {
  const parsed = caseIdParam.safeParse(params);
  if (!parsed.success) throw new ApiProblem(400, 'INVALID_CASE_ID', 'A case id looks like FO-2026-000123.');
  return parsed.data.caseId;
}

export function caseRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/cases', { config: { access: { roles: ALL_ROLES } } }, async (request) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) throw new ApiProblem(400, 'INVALID_QUERY', 'limit must be 1–500 and offset 0 or more.');
    const { category, team, assignee } = parsed.data;
    if (category && !(caseCategories as readonly string[]).includes(category)) {
      throw new ApiProblem(400, 'INVALID_CATEGORY', `Unknown category ${category}. Use one of ${caseCategories.join(', ')}.`);
    }
    const page = await ctx.cases.list({
      statuses: parseStatusFilter(parsed.data.status),
      category: category ?? null,
      team: team ?? null,
      assignee: assignee === 'me' ? requestUser(request).id : (assignee ?? null),
      limit: parsed.data.limit,
      offset: parsed.data.offset,
    });
    return { items: await summarize(page.items, ctx.frozenActivities), total: page.total };
  });

  const recordRecent = recentOrderRecorder(ctx.db, ctx.clock);
  app.get('/api/cases/:caseId', { config: { access: { roles: ALL_ROLES } } }, async (request) => {
    const user = requestUser(request);
    const detail = await loadCaseDetail(ctx, parseCaseId(request.params), user);
    // A case of an order counts as opening the order (support's "Recent orders").
    if (detail.case.entity?.type === 'ORDER') await recordRecent(user, detail.case.entity.id);
    return detail;
  });

  // Those who work cases tick diagnosis steps; support and auditors read them on the case page.
  app.post('/api/cases/:caseId/diagnosis', { config: { access: { roles: ['fulfillment_ops', 'tech_ops', 'supervisor'] } } }, async (request) => {
    const caseId = parseCaseId(request.params);
    const body = zm.safeParse(diagnosisCheckRequestSchema, request.body ?? {});
    if (!body.success) throw new ApiProblem(400, 'INVALID_BODY', 'Send {"step": <step number from 0>, "checked": true | false}.');
    return { checks: await setDiagnosisCheck(ctx, caseId, requestUser(request), body.data) };
  });
}
