// The queue's SQL: filters, sorting, facets and saved-view counts over fallout_case. Every predicate is a fixed
// SQL text written here; user input only ever arrives as a bound parameter.
import { caseStatuses } from '../../contracts/cases.js';
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
  /** Uses only columns the facet rollup `fallout_case_facet` (migration 008) has, so counts can come from it. */
  rollup?: boolean;
}

/** Counts from the facet rollup when every predicate can be answered there, else from the cases. */
const countSource = (predicates: Predicate[]) =>
  predicates.every((p) => p.rollup) ? { from: 'fallout_case_facet', count: 'sum(n)' } : { from: 'fallout_case', count: 'count(*)' };

/** The text the queue's `q` searches, as the trigram index of migration 008 is built on it. */
const CASE_TEXT = "lower(coalesce(business_key, '') || ' ' || id || ' ' || coalesce(error_message, ''))";

/** The severity rank; the same expression as the severity indexes of migration 008. */
const SEVERITY_RANK = "(CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END)";

/**
 * Each sort as its key columns (with a SQL type for the cursor's values) and one direction for all of them, so
 * the cursor predicate is one row comparison an index range serves. Severity descending keeps the SLA and id
 * ascending: its rank is negated instead of reversed.
 */
interface SortKey {
  columns: { sql: string; type: 'timestamptz' | 'int' | 'text' }[];
  direction: 'ASC' | 'DESC';
}
const KEYS: Record<QueueSort, { asc: SortKey; desc: SortKey }> = (() => {
  const at = (column: string) => ({ sql: column, type: 'timestamptz' as const });
  const id = { sql: 'id', type: 'text' as const };
  const both = (columns: SortKey['columns']) => ({ asc: { columns, direction: 'ASC' as const }, desc: { columns, direction: 'DESC' as const } });
  const firstSeen = both([at('first_seen_at'), id]);
  return {
    lastSeen: both([at('last_seen_at'), id]),
    firstSeen,
    // Age grows as first_seen_at shrinks: "oldest first" is age desc.
    age: { asc: firstSeen.desc, desc: firstSeen.asc },
    slaDue: both([at('sla_due_at'), id]),
    severity: {
      asc: { columns: [{ sql: SEVERITY_RANK, type: 'int' }, at('sla_due_at'), id], direction: 'ASC' },
      desc: { columns: [{ sql: `(-${SEVERITY_RANK})`, type: 'int' }, at('sla_due_at'), id], direction: 'ASC' },
    },
  };
})();

/** Where a page starts: the sort key values of the last row of the page before (all as text). */
export interface QueueCursor {
  values: string[];
}

/** Counts stop at this many: beyond it the queue says "10,000+" instead of counting a million rows. */
export const COUNT_CAP = 10_000;

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

const anyOf = (facet: FacetName | null, column: string, values: unknown[] | null, cast = 'text[]', rollup = true): Predicate[] =>
  values && values.length ? [{ facet, sql: `${column} = ANY(?::${cast})`, params: [values], rollup }] : [];

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
    ...anyOf(null, 'topic', f.topics, 'text[]', false),
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
    // Written on the bare column (not coalesce(assignee, 'none')) so the assignee index bounds it.
    const named = f.assignees.filter((a) => a !== 'none');
    const sql = f.assignees.includes('none') ? '(assignee = ANY(?::text[]) OR assignee IS NULL)' : 'assignee = ANY(?::text[])';
    predicates.push({ facet: 'assignee', sql, params: [named], rollup: true });
  }
  if (f.firstSeenBefore) predicates.push({ facet: null, sql: 'first_seen_at <= ?', params: [f.firstSeenBefore] });
  if (f.firstSeenAfter) predicates.push({ facet: null, sql: 'first_seen_at >= ?', params: [f.firstSeenAfter] });
  if (f.text) {
    // Contains, case-insensitive, with the user's %, _ and \ escaped so they stay literal characters. The first
    // condition (the three fields joined) is implied by the other three and only there for the trigram index of
    // migration 008; the three decide, so a match across two fields never counts.
    const pattern = `%${f.text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    predicates.push({
      facet: null,
      sql: `${CASE_TEXT} LIKE lower(?) AND (lower(coalesce(business_key, '')) LIKE lower(?) OR lower(id) LIKE lower(?)
            OR lower(coalesce(error_message, '')) LIKE lower(?))`,
      params: [pattern, pattern, pattern, pattern],
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
      return [{ facet: null, sql: 'assignee = ?', params: [caller.id], rollup: true }];
    case 'team':
      return [{ facet: null, sql: 'team = ? AND status = ANY(?::text[])', params: [caller.team ?? '', ACTIVE_STATUSES], rollup: true }];
    case 'approvals':
      // A supervisor cannot approve their own request, so it is not in their approvals view.
      return [{
        facet: null,
        sql: "EXISTS (SELECT 1 FROM approval_request a WHERE a.case_id = fallout_case.id AND a.status = 'PENDING' AND (?::text IS NULL OR a.requested_by <> ?::text))",
        params: [caller.supervisor ? caller.id : null, caller.supervisor ? caller.id : null],
      }];
    case 'unclassified':
      return [{ facet: null, sql: 'unclassified', params: [], rollup: true }];
    case 'stuck':
      return [{ facet: null, sql: "source = 'STUCK'", params: [], rollup: true }];
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

  /**
   * One page in sort order after `cursor` (keyset: an index range, whatever the page's depth), the cursor of the
   * next page (null on the last), and the matches counted up to COUNT_CAP.
   */
  async page(
    filter: QueueFilter,
    caller: QueueCaller,
    sort: QueueSort,
    order: 'asc' | 'desc',
    limit: number,
    cursor: QueueCursor | null,
  ): Promise<{ items: CaseRow[]; total: number; totalCapped: boolean; nextCursor: QueueCursor | null }> {
    const key = KEYS[sort][order];
    const predicates = [...filterPredicates(filter), ...viewPredicates(filter.view, caller)];
    const counted = where(predicates);
    const paged = where(cursor ? [...predicates, keysetPredicate(key, cursor)] : predicates);
    const n = paged.params.length;
    const keyColumns = key.columns.map((c, i) => `(${c.sql})::text AS cursor_${i}`).join(', ');
    const orderBy = key.columns.map((c) => `${c.sql} ${key.direction}`).join(', ');
    const [rows, [count]] = await Promise.all([
      this.db.query<CaseRow & Record<string, string>>(
        `SELECT *, ${keyColumns} FROM fallout_case ${paged.sql} ORDER BY ${orderBy} LIMIT $${n + 1}`,
        [...paged.params, limit + 1],
      ),
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM (SELECT 1 FROM fallout_case ${counted.sql} LIMIT ${COUNT_CAP + 1}) capped`,
        counted.params,
      ),
    ]);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? { values: key.columns.map((_, i) => last[`cursor_${i}`] as string) } : null;
    for (const row of items) key.columns.forEach((_, i) => delete (row as Record<string, unknown>)[`cursor_${i}`]);
    const total = count?.total ?? 0;
    return { items, total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP, nextCursor };
  }

  /**
   * Per facet: the counts per value under all the other filters (and the view), so picking a value gives that
   * count. Bounded at any size: the facets count active cases only (the working set, as Operate and Temporal
   * do), except the status facet, which counts each status up to COUNT_CAP. Facets that share their filters
   * are counted in one pass (GROUPING SETS).
   */
  async facets(filter: QueueFilter, caller: QueueCaller): Promise<{ counts: Record<FacetName, FacetCount[]>; capped: Partial<Record<FacetName, string[]>> }> {
    const activeStatuses = (filter.statuses ?? ACTIVE_STATUSES).filter((s) => (ACTIVE_STATUSES as string[]).includes(s));
    const activeFilter: QueueFilter = { ...filter, statuses: activeStatuses };
    const all = [...filterPredicates(activeFilter), ...viewPredicates(filter.view, caller)];
    const groups = new Map<string, { predicates: Predicate[]; facets: FacetName[] }>();
    for (const facet of FACET_NAMES) {
      if (facet === 'status') continue;
      const predicates = all.filter((p) => p.facet !== facet);
      const key = JSON.stringify(predicates.map((p) => [p.sql, p.params]));
      const group = groups.get(key) ?? { predicates, facets: [] };
      group.facets.push(facet);
      groups.set(key, group);
    }
    const counts = {} as Record<FacetName, FacetCount[]>;
    // No active status selected: the other facets count nothing.
    await Promise.all(
      [...groups.values()].map(async ({ predicates, facets }) => {
        if (activeStatuses.length === 0) {
          for (const facet of facets) counts[facet] = [];
          return;
        }
        const w = where(predicates);
        const source = countSource(predicates);
        const columns = facets.map((f) => `${FACET_COLUMN[f]} AS "${f}"`).join(', ');
        const groupingBits = facets.map((f) => `grouping(${FACET_COLUMN[f]}) AS "g_${f}"`).join(', ');
        const rows = await this.db.query<Record<string, unknown>>(
          `SELECT ${columns}, ${groupingBits}, max(activity_name) AS label, ${source.count}::int AS count FROM ${source.from} ${w.sql}
           GROUP BY GROUPING SETS (${facets.map((f) => `(${FACET_COLUMN[f]})`).join(', ')})`,
          w.params,
        );
        for (const facet of facets) {
          counts[facet] = rows
            .filter((r) => Number(r[`g_${facet}`]) === 0 && r[facet] !== null)
            .map((r) => ({ value: String(r[facet]), label: facet === 'activityId' ? ((r.label as string | null) ?? null) : null, count: Number(r.count) }))
            .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
        }
      }),
    );
    const status = await this.statusFacet(filter, caller);
    counts.status = status.counts;
    return { counts, capped: status.capped.length ? { status: status.capped } : {} };
  }

  /**
   * Each status under the other filters, counted up to COUNT_CAP. One subquery per status (the statuses are
   * fixed text, not input), each an index-only range of its status in the covering status index (migration
   * 008) that stops after COUNT_CAP + 1 matches.
   */
  private async statusFacet(filter: QueueFilter, caller: QueueCaller): Promise<{ counts: FacetCount[]; capped: string[] }> {
    const others = [...filterPredicates(filter), ...viewPredicates(filter.view, caller)].filter((p) => p.facet !== 'status');
    const w = where(others);
    const and = w.sql ? `AND ${w.sql.slice('WHERE '.length)}` : '';
    // The active statuses from the rollup when it can answer; the others (resolved, closed) counted up to the cap.
    const fromRollup = others.every((p) => p.rollup);
    const counted = fromRollup ? caseStatuses.filter((s) => !(ACTIVE_STATUSES as string[]).includes(s)) : [...caseStatuses];
    const columns = counted.map(
      (status) => `(SELECT count(*)::int FROM (SELECT 1 FROM fallout_case WHERE status = '${status}' ${and} LIMIT ${COUNT_CAP + 1}) capped) AS "${status}"`,
    );
    const [[row], summed] = await Promise.all([
      this.db.query<Record<string, number>>(`SELECT ${columns.join(',\n')}`, w.params),
      fromRollup
        ? this.db.query<{ status: string; count: number }>(
            `SELECT status, sum(n)::int AS count FROM fallout_case_facet WHERE status = ANY($${w.params.length + 1}::text[]) ${and} GROUP BY status`,
            [...w.params, ACTIVE_STATUSES],
          )
        : Promise.resolve([]),
    ]);
    const rows = [
      ...counted.map((status) => ({ status, count: Number(row?.[status] ?? 0) })),
      ...summed.map((r) => ({ status: r.status, count: Number(r.count) })),
    ];
    const counts = rows
      .filter((r) => r.count > 0)
      .map((r) => ({ value: r.status, label: null, count: Math.min(r.count, COUNT_CAP) }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { counts, capped: rows.filter((r) => r.count > COUNT_CAP).map((r) => r.status) };
  }

  /**
   * Active cases in each saved view for the caller (the navigation badges); `all` counts every active case.
   * Five of them sum the facet rollup; the sixth counts the pending approval requests.
   */
  async viewCounts(caller: QueueCaller): Promise<Record<QueueView, number>> {
    const [[counts], [approval]] = await Promise.all([
      this.db.query<Record<Exclude<QueueView, 'approvals'>, number>>(
        `SELECT coalesce(sum(n), 0)::int AS all, coalesce(sum(n) FILTER (WHERE assignee = $2), 0)::int AS mine,
           coalesce(sum(n) FILTER (WHERE team = $3), 0)::int AS team, coalesce(sum(n) FILTER (WHERE unclassified), 0)::int AS unclassified,
           coalesce(sum(n) FILTER (WHERE source = 'STUCK'), 0)::int AS stuck
         FROM fallout_case_facet WHERE status = ANY($1::text[])`,
        [ACTIVE_STATUSES, caller.id, caller.team ?? ''],
      ),
      // From the pending requests (one per case at most): a few, where the active cases are many.
      this.db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM approval_request a JOIN fallout_case c ON c.id = a.case_id
         WHERE a.status = 'PENDING' AND ($2::text IS NULL OR a.requested_by <> $2::text) AND c.status = ANY($1::text[])`,
        [ACTIVE_STATUSES, caller.supervisor ? caller.id : null],
      ),
    ]);
    return {
      all: counts?.all ?? 0,
      mine: counts?.mine ?? 0,
      team: counts?.team ?? 0,
      approvals: approval?.total ?? 0,
      unclassified: counts?.unclassified ?? 0,
      stuck: counts?.stuck ?? 0,
    };
  }
}

/** Rows after the cursor in sort order: one row comparison over the sort key. */
function keysetPredicate(key: SortKey, cursor: QueueCursor): Predicate {
  const columns = key.columns.map((c) => c.sql).join(', ');
  const values = key.columns.map((c) => `?::${c.type}`).join(', ');
  return { facet: null, sql: `(${columns}) ${key.direction === 'ASC' ? '>' : '<'} (${values})`, params: cursor.values };
}

/** The SQL types of a sort's key: what a cursor for it must hold. */
export function cursorTypes(sort: QueueSort, order: 'asc' | 'desc'): SortKey['columns'][number]['type'][] {
  return KEYS[sort][order].columns.map((c) => c.type);
}
