// The queue's SQL: filters, sorting, facets and saved-view counts over fallout_case. Every predicate is a fixed
// SQL text written here; user input only ever arrives as a bound parameter.
import type { QueueView } from '../../contracts/queues.js';
import { ACTIVE_STATUSES } from './cases-repo.js';
import type { Db } from './db.js';
import { approvalBreachedSql, COMMAND_OUTCOME_STATES, type CommandOutcome } from './outcome-rules.js';
import type { CaseRow } from './rows.js';

export type QueueSort = 'lastSeen' | 'firstSeen' | 'severity' | 'slaDue' | 'age';
export type FacetName = 'status' | 'category' | 'severity' | 'source' | 'processKey' | 'activityId' | 'team' | 'assignee' | 'engineId';
export const FACET_NAMES: readonly FacetName[] = ['status', 'category', 'severity', 'source', 'processKey', 'activityId', 'team', 'assignee', 'engineId'];

/** What happened to a case's unsafe-retry requests; `breached` = not decided within its deadline. */
export const APPROVAL_FILTERS = ['pending', 'approved', 'rejected', 'expired', 'breached'] as const;
export type ApprovalFilter = (typeof APPROVAL_FILTERS)[number];

/** Who asks: the saved views depend on it. */
export interface QueueCaller {
  id: string;
  team: string | null;
  supervisor: boolean;
}

/** A parsed, validated queue query; null (or an empty list) switches a filter off. */
export interface QueueFilter {
  view: QueueView;
  statuses: string[] | null;
  categories: string[] | null;
  severities: string[] | null;
  sources: string[] | null;
  processKeys: string[] | null;
  processVersions: number[] | null;
  activityIds: string[] | null;
  /** User ids; `none` (the literal) matches unassigned cases. */
  assignees: string[] | null;
  teams: string[] | null;
  engineIds: string[] | null;
  /** External-task topics of the failing step. */
  topics: string[] | null;
  /** When set: only active cases whose SLA was due before this instant (now). */
  slaDueBefore: Date | null;
  /** Cases with a recovery command of one of these actions (null: any action, when `commandOutcomes` is set). */
  commandActions: string[] | null;
  commandOutcomes: CommandOutcome[] | null;
  /** Cases with an unsafe-retry request in one of these states. */
  approvals: ApprovalFilter[] | null;
  /** The command or approval request happened at or after this instant. */
  eventsSince: Date | null;
  /** The instant "now" for the approval deadline and SLA checks. */
  now: Date;
  /** First seen at or before this instant (minimum age). */
  firstSeenBefore: Date | null;
  /** First seen at or after this instant (maximum age). */
  firstSeenAfter: Date | null;
  text: string | null;
}

export interface FacetCount {
  value: string;
  /** A readable name the database knows (the activity name), or null. */
  label: string | null;
  count: number;
}

/** One filter as SQL: `sql` uses `?` where the parameter goes; `facet` is the facet this filter belongs to. */
interface Predicate {
  facet: FacetName | null;
  sql: string;
  params: unknown[];
}

const ORDER_BY: Record<QueueSort, { asc: string; desc: string }> = {
  lastSeen: { asc: 'last_seen_at ASC, id ASC', desc: 'last_seen_at DESC, id DESC' },
  firstSeen: { asc: 'first_seen_at ASC, id ASC', desc: 'first_seen_at DESC, id DESC' },
  // Age grows as first_seen_at shrinks: "oldest first" is age desc.
  age: { asc: 'first_seen_at DESC, id DESC', desc: 'first_seen_at ASC, id ASC' },
  slaDue: { asc: 'sla_due_at ASC, id ASC', desc: 'sla_due_at DESC, id DESC' },
  severity: {
    asc: "CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END ASC, sla_due_at ASC, id ASC",
    desc: "CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END DESC, sla_due_at ASC, id ASC",
  },
};

/** The column a facet groups by; unassigned cases count under `none`. */
const FACET_COLUMN: Record<FacetName, string> = {
  status: 'status',
  category: 'category',
  severity: 'severity',
  source: 'source',
  engineId: 'engine_id',
  processKey: 'definition_key',
  activityId: 'activity_id',
  team: 'team',
  assignee: "coalesce(assignee, 'none')",
};

const anyOf = (facet: FacetName | null, column: string, values: unknown[] | null, cast = 'text[]'): Predicate[] =>
  values && values.length ? [{ facet, sql: `${column} = ANY(?::${cast})`, params: [values] }] : [];

function filterPredicates(f: QueueFilter): Predicate[] {
  const predicates: Predicate[] = [
    ...anyOf('status', 'status', f.statuses),
    ...anyOf('category', 'category', f.categories),
    ...anyOf('severity', 'severity', f.severities),
    ...anyOf('source', 'source', f.sources),
    ...anyOf('processKey', 'definition_key', f.processKeys),
    ...anyOf(null, 'definition_version', f.processVersions, 'int[]'),
    ...anyOf('activityId', 'activity_id', f.activityIds),
    ...anyOf('team', 'team', f.teams),
    ...anyOf('engineId', 'engine_id', f.engineIds),
    ...anyOf(null, 'topic', f.topics),
  ];
  if (f.slaDueBefore) {
    predicates.push({ facet: null, sql: 'sla_due_at < ? AND status = ANY(?::text[])', params: [f.slaDueBefore, ACTIVE_STATUSES] });
  }
  if (f.commandActions || f.commandOutcomes) {
    const states = f.commandOutcomes ? f.commandOutcomes.flatMap((o) => COMMAND_OUTCOME_STATES[o]) : null;
    predicates.push({
      facet: null,
      sql: `EXISTS (SELECT 1 FROM recovery_command r WHERE r.case_id = fallout_case.id
              AND (?::text[] IS NULL OR r.action = ANY(?::text[])) AND (?::text[] IS NULL OR r.state = ANY(?::text[]))
              AND (?::timestamptz IS NULL OR r.created_at >= ?::timestamptz))`,
      params: [f.commandActions, f.commandActions, states, states, f.eventsSince, f.eventsSince],
    });
  }
  if (f.approvals) predicates.push(approvalPredicate(f.approvals, f.eventsSince, f.now));
  if (f.assignees && f.assignees.length) {
    predicates.push({ facet: 'assignee', sql: "coalesce(assignee, 'none') = ANY(?::text[])", params: [f.assignees] });
  }
  if (f.firstSeenBefore) predicates.push({ facet: null, sql: 'first_seen_at <= ?', params: [f.firstSeenBefore] });
  if (f.firstSeenAfter) predicates.push({ facet: null, sql: 'first_seen_at >= ?', params: [f.firstSeenAfter] });
  if (f.text) {
    // strpos, not LIKE: the user's % and _ stay literal characters.
    predicates.push({
      facet: null,
      sql: "(strpos(lower(coalesce(business_key, '')), lower(?)) > 0 OR strpos(lower(id), lower(?)) > 0 OR strpos(lower(coalesce(error_message, '')), lower(?)) > 0)",
      params: [f.text, f.text, f.text],
    });
  }
  return predicates;
}

/** Cases with an unsafe-retry request in one of the given states (the dashboard's approval SLA breaches use `breached`). */
function approvalPredicate(states: ApprovalFilter[], since: Date | null, now: Date): Predicate {
  const conditions: Record<ApprovalFilter, string> = {
    pending: "a.status = 'PENDING'",
    approved: "a.status = 'APPROVED'",
    rejected: "a.status = 'REJECTED'",
    expired: "a.status = 'EXPIRED'",
    breached: approvalBreachedSql('?'),
  };
  const parts = states.map((s) => conditions[s]);
  return {
    facet: null,
    sql: `EXISTS (SELECT 1 FROM approval_request a WHERE a.case_id = fallout_case.id
            AND (?::timestamptz IS NULL OR a.requested_at >= ?::timestamptz) AND (${parts.join(' OR ')}))`,
    params: [since, since, ...(states.includes('breached') ? [now] : [])],
  };
}

/** The saved views. `team` and the badge counts look at active cases only. */
function viewPredicates(view: QueueView, caller: QueueCaller): Predicate[] {
  switch (view) {
    case 'all':
      return [];
    case 'mine':
      return [{ facet: null, sql: 'assignee = ?', params: [caller.id] }];
    case 'team':
      return [{ facet: null, sql: 'team = ? AND status = ANY(?::text[])', params: [caller.team ?? '', ACTIVE_STATUSES] }];
    case 'approvals':
      // A supervisor cannot approve their own request, so it is not in their approvals view.
      return [{
        facet: null,
        sql: "EXISTS (SELECT 1 FROM approval_request a WHERE a.case_id = fallout_case.id AND a.status = 'PENDING' AND (?::text IS NULL OR a.requested_by <> ?::text))",
        params: [caller.supervisor ? caller.id : null, caller.supervisor ? caller.id : null],
      }];
    case 'unclassified':
      return [{ facet: null, sql: 'unclassified', params: [] }];
    case 'stuck':
      return [{ facet: null, sql: "source = 'STUCK'", params: [] }];
  }
}

/** Joins predicates into a WHERE clause, numbering the placeholders from `firstParam`. */
function where(predicates: Predicate[], firstParam = 1): { sql: string; params: unknown[] } {
  if (predicates.length === 0) return { sql: '', params: [] };
  let n = firstParam;
  const params: unknown[] = [];
  const parts = predicates.map((p) => {
    params.push(...p.params);
    return p.sql.replace(/\?/g, () => `$${n++}`);
  });
  return { sql: `WHERE ${parts.map((p) => `(${p})`).join(' AND ')}`, params };
}

export class QueueRepo {
  constructor(private readonly db: Db) {}

  async page(filter: QueueFilter, caller: QueueCaller, sort: QueueSort, order: 'asc' | 'desc', limit: number, offset: number): Promise<{ items: CaseRow[]; total: number }> {
    const w = where([...filterPredicates(filter), ...viewPredicates(filter.view, caller)]);
    const n = w.params.length;
    const [items, [count]] = await Promise.all([
      this.db.query<CaseRow>(`SELECT * FROM fallout_case ${w.sql} ORDER BY ${ORDER_BY[sort][order]} LIMIT $${n + 1} OFFSET $${n + 2}`, [...w.params, limit, offset]),
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM fallout_case ${w.sql}`, w.params),
    ]);
    return { items, total: count?.total ?? 0 };
  }

  /** Per facet: the counts per value under all the other filters (and the view), so picking a value gives that count. */
  async facets(filter: QueueFilter, caller: QueueCaller): Promise<Record<FacetName, FacetCount[]>> {
    const all = [...filterPredicates(filter), ...viewPredicates(filter.view, caller)];
    const entries = await Promise.all(
      FACET_NAMES.map(async (facet) => {
        const w = where(all.filter((p) => p.facet !== facet));
        const column = FACET_COLUMN[facet];
        const labelColumn = facet === 'activityId' ? 'max(activity_name)' : 'NULL::text';
        const rows = await this.db.query<{ value: string | null; label: string | null; count: number }>(
          `SELECT ${column} AS value, ${labelColumn} AS label, count(*)::int AS count FROM fallout_case ${w.sql}
           GROUP BY ${column} ORDER BY count(*) DESC, ${column} ASC`,
          w.params,
        );
        return [facet, rows.filter((r) => r.value !== null).map((r) => ({ value: r.value!, label: r.label, count: r.count }))] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<FacetName, FacetCount[]>;
  }

  /** Active cases in each saved view for the caller (the navigation badges); `all` counts every active case. */
  async viewCounts(caller: QueueCaller): Promise<Record<QueueView, number>> {
    const views: QueueView[] = ['all', 'mine', 'team', 'approvals', 'unclassified', 'stuck'];
    const active: Predicate = { facet: null, sql: 'status = ANY(?::text[])', params: [ACTIVE_STATUSES] };
    const counts = await Promise.all(
      views.map(async (view) => {
        const w = where([active, ...viewPredicates(view, caller)]);
        const [row] = await this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM fallout_case ${w.sql}`, w.params);
        return [view, row?.total ?? 0] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<QueueView, number>;
  }
}
