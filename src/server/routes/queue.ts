import type { FastifyInstance } from 'fastify';
import { actionIds, caseCategories, caseStatuses, type CaseStatus } from '../../contracts/cases.js';
import { queueSortSchema, queueViewSchema, type QueueResponse, type QueueView } from '../../contracts/queues.js';
import { ApiProblem } from '../api-problem.js';
import { ALL_ROLES } from '../auth/access.js';
import { requestUser } from '../auth/request-user.js';
import { summarize } from '../cases/summaries.js';
import type { AppContext } from '../context.js';
import { ACTIVE_STATUSES, WORKED_STATUSES } from '../store/cases-repo.js';
import { COMMAND_OUTCOME_STATES, type CommandOutcome } from '../store/outcome-rules.js';
import { APPROVAL_FILTERS, FACET_NAMES, QueueRepo, type ApprovalFilter, type QueueCaller, type QueueFilter, type QueueSort } from '../store/queue-repo.js';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor.js';
import type { QueueCursor } from '../store/queue-repo.js';

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const SOURCES = ['INCIDENT', 'STUCK', 'RECONCILE', 'MANUAL'];
/** Engine ids, process keys, activity ids, team and user ids: identifiers, never free text. */
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,200}$/;
/** A page is at most this many cases (~200 rows, well under 500 KB); the SPA fetches further pages as it scrolls. */
const MAX_LIMIT = 200;
const DEFAULT_LIMIT = 100;

type Query = Record<string, string | string[] | undefined>;

/** A query parameter given twice is the same as a comma list. */
function listOf(query: Query, name: string): string[] | null {
  const raw = query[name];
  if (raw === undefined) return null;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return values.length ? values : null;
}

function single(query: Query, name: string): string | null {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function enumList(query: Query, name: string, allowed: readonly string[], code: string, normalise = (v: string) => v.toUpperCase()): string[] | null {
  const values = listOf(query, name)?.map(normalise) ?? null;
  const unknown = values?.filter((v) => !allowed.includes(v)) ?? [];
  if (unknown.length) throw new ApiProblem(400, code, `Unknown ${name} ${unknown.join(', ')}. Use ${allowed.join(', ')}.`);
  return values;
}

const lower = (v: string) => v.toLowerCase();
const unique = <T>(values: T[] | null): T[] | null => (values ? [...new Set(values)] : null);

function identifiers(query: Query, name: string): string[] | null {
  const values = listOf(query, name);
  const bad = values?.filter((v) => !IDENTIFIER.test(v)) ?? [];
  if (bad.length) throw new ApiProblem(400, 'INVALID_FILTER', `${name} takes identifiers (letters, digits, . _ : -), comma-separated.`);
  return values;
}

function integer(query: Query, name: string, min: number, max: number, fallback: number | null): number | null {
  const value = single(query, name);
  if (value === null) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ApiProblem(400, 'INVALID_QUERY', `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

function statuses(value: string | null): CaseStatus[] | null {
  if (value === null || value.toLowerCase() === 'open') return ACTIVE_STATUSES;
  if (value.toLowerCase() === 'incident') return WORKED_STATUSES;
  if (value.toLowerCase() === 'all') return null;
  const list = value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = list.filter((s) => !(caseStatuses as readonly string[]).includes(s));
  if (unknown.length) throw new ApiProblem(400, 'INVALID_STATUS', `Unknown case status ${unknown.join(', ')}. Use open, incident, all or ${caseStatuses.join(', ')}.`);
  return list as CaseStatus[];
}

export interface ParsedQueueQuery {
  filter: QueueFilter;
  sort: QueueSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor: QueueCursor | null;
}

/** Reads the queue's query string (see `src/contracts/queues.ts`); anything unknown is a 400 with a code. */
export function parseQueueQuery(query: Query, callerId: string, now: Date): ParsedQueueQuery {
  const view = single(query, 'view') ?? 'all';
  if (!queueViewSchema.options.includes(view as QueueView)) {
    throw new ApiProblem(400, 'INVALID_VIEW', `Unknown view ${view}. Use ${queueViewSchema.options.join(', ')}.`);
  }
  const sort = single(query, 'sort') ?? 'lastSeen';
  if (!queueSortSchema.options.includes(sort as QueueSort)) {
    throw new ApiProblem(400, 'INVALID_SORT', `Unknown sort ${sort}. Use ${queueSortSchema.options.join(', ')}.`);
  }
  const order = (single(query, 'order') ?? 'desc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw new ApiProblem(400, 'INVALID_SORT', 'order is asc or desc.');

  const versions = listOf(query, 'processVersion');
  if (versions?.some((v) => !/^\d{1,9}$/.test(v))) throw new ApiProblem(400, 'INVALID_FILTER', 'processVersion takes whole numbers, comma-separated.');
  const assignees = identifiers(query, 'assignee')?.map((a) => (a === 'me' ? callerId : a)) ?? null;
  const minAge = integer(query, 'minAgeMinutes', 0, 10_000_000, null);
  const maxAge = integer(query, 'maxAgeMinutes', 0, 10_000_000, null);
  const eventWithin = integer(query, 'eventWithinMinutes', 1, 10_000_000, null);
  const slaBreached = single(query, 'slaBreached');
  if (slaBreached !== null && slaBreached !== 'true' && slaBreached !== 'false') {
    throw new ApiProblem(400, 'INVALID_FILTER', 'slaBreached is true or false.');
  }
  if (single(query, 'offset') !== null) {
    throw new ApiProblem(400, 'INVALID_QUERY', 'offset is not supported: page with the nextCursor of the previous page (cursor=…).');
  }
  const text = single(query, 'q');
  if (text !== null && text.length > 200) throw new ApiProblem(400, 'INVALID_QUERY', 'q is at most 200 characters.');

  return {
    filter: {
      view: view as QueueView,
      statuses: statuses(single(query, 'status')),
      categories: enumList(query, 'category', caseCategories, 'INVALID_CATEGORY'),
      severities: enumList(query, 'severity', SEVERITIES, 'INVALID_SEVERITY'),
      sources: enumList(query, 'source', SOURCES, 'INVALID_SOURCE'),
      processKeys: identifiers(query, 'processKey'),
      processVersions: versions?.map(Number) ?? null,
      activityIds: identifiers(query, 'activityId'),
      assignees,
      teams: identifiers(query, 'team'),
      engineIds: identifiers(query, 'engineId'),
      topics: identifiers(query, 'topic'),
      slaDueBefore: slaBreached === 'true' ? now : null,
      commandActions: unique(enumList(query, 'command', actionIds, 'INVALID_ACTION')),
      commandOutcomes: unique(enumList(query, 'commandOutcome', Object.keys(COMMAND_OUTCOME_STATES), 'INVALID_FILTER', lower)) as CommandOutcome[] | null,
      approvals: unique(enumList(query, 'approval', APPROVAL_FILTERS, 'INVALID_FILTER', lower)) as ApprovalFilter[] | null,
      eventsSince: eventWithin === null ? null : new Date(now.getTime() - eventWithin * 60_000),
      now,
      firstSeenBefore: minAge === null ? null : new Date(now.getTime() - minAge * 60_000),
      firstSeenAfter: maxAge === null ? null : new Date(now.getTime() - maxAge * 60_000),
      text,
    },
    sort: sort as QueueSort,
    order,
    limit: integer(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT)!,
    cursor: decodeQueueCursor(single(query, 'cursor'), sort as QueueSort, order),
  };
}

const humanise = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

export function queueRoutes(app: FastifyInstance, ctx: AppContext): void {
  const repo = new QueueRepo(ctx.db);

  app.get('/api/queue', { config: { access: { roles: ALL_ROLES } } }, async (request): Promise<QueueResponse> => {
    const user = requestUser(request);
    const caller: QueueCaller = { id: user.id, team: user.team, supervisor: user.roles.includes('supervisor') };
    const q = parseQueueQuery(request.query as Query, user.id, ctx.clock.now());
    const [page, facets, views] = await Promise.all([
      repo.page(q.filter, caller, q.sort, q.order, q.limit, q.cursor),
      repo.facets(q.filter, caller),
      repo.viewCounts(caller),
    ]);
    const label = (facet: (typeof FACET_NAMES)[number], value: string, dbLabel: string | null): string => {
      if (dbLabel) return dbLabel;
      if (facet === 'team') return ctx.catalog.team(value)?.name ?? value;
      if (facet === 'assignee') return value === 'none' ? 'Unassigned' : (ctx.users.find(value)?.name ?? value);
      if (facet === 'status' || facet === 'category' || facet === 'severity' || facet === 'source') return humanise(value);
      // Several engines: the engine facet names each by its label.
      if (facet === 'engineId') return ctx.engines?.find((e) => e.id === value)?.label ?? value;
      return value;
    };
    return {
      items: await summarize(page.items, ctx.frozenActivities),
      total: page.total,
      totalCapped: page.totalCapped,
      nextCursor: page.nextCursor ? encodeQueueCursor(page.nextCursor, q.sort, q.order) : null,
      facets: Object.fromEntries(
        FACET_NAMES.map((facet) => [
          facet,
          facets.counts[facet].map((f) => ({
            value: f.value,
            label: label(facet, f.value, f.label),
            count: f.count,
            ...(facets.capped[facet]?.includes(f.value) ? { capped: true } : {}),
          })),
        ]),
      ) as QueueResponse['facets'],
      views,
    };
  });
}
