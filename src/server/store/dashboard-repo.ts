// The dashboard's SQL over the read model: time series per bucket (generate_series, so an empty bucket is a
// row with 0) and counts for a time range. Every statement is fixed text with bound parameters.
import { MANUAL_RECOVERY_ACTIONS } from '../../contracts/dashboard.js';
import { ACTIVE_STATUSES, WORKED_STATUSES } from './cases-repo.js';
import { approvalBreachedSql, COMMAND_OUTCOME_STATES } from './outcome-rules.js';
import type { Db } from './db.js';

/** Buckets from `from` (inclusive, the first bucket's start) to `lastStart` (the last bucket's start), `step` apart. */
export interface Buckets {
  from: Date;
  lastStart: Date;
  step: '1 hour' | '1 day';
}

const HOUR = 3_600_000;
/** The sync lag is measured over at most this many of the latest incident cases of the range. */
export const SYNC_LAG_SAMPLE = 10_000;

/** `($n::text IS NULL OR <column> = $n)`: one engine's rows, or every engine's when the parameter is null. */
const ofEngine = (param: string, column = 'engine_id') => `(${param}::text IS NULL OR ${column} = ${param})`;
/** A recovery command (alias `r`) on a case of one engine (the command row carries no engine): a primary-key probe. */
const caseOfEngine = (param: string) => `(${param}::text IS NULL OR EXISTS (SELECT 1 FROM fallout_case c WHERE c.id = r.case_id AND c.engine_id = ${param}))`;

export class DashboardRepo {
  /** `engineId`: the figures of one engine (several engines in one workbench); null: every engine's, added up. */
  constructor(
    private readonly db: Db,
    private readonly engineId: string | null = null,
  ) {}

  /**
   * Cases open at the end of each bucket (the bucket's end, or now for the last one), per category; a bucket
   * with none has one row with category null.
   *
   * From the hourly rollup (migration 008), never from all cases: "open at T" for an hour boundary T is the
   * cases open at the last hour boundary H (counted exactly from the unresolved cases and those resolved since
   * H, both small index ranges) minus the openings and plus the resolutions of the hours in [T, H). The end
   * that is now itself is counted exactly the same way as H.
   */
  async openByCategory(b: Buckets, now: Date): Promise<{ at: Date; category: string | null; count: number }[]> {
    const stepMs = b.step === '1 hour' ? HOUR : 24 * HOUR;
    const lastBoundary = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const starts: Date[] = [];
    for (let t = b.from.getTime(); t <= b.lastStart.getTime(); t += stepMs) starts.push(new Date(t));
    const ends = starts.map((s) => new Date(Math.min(s.getTime() + stepMs, now.getTime())));
    const earliestEnd = ends.length ? ends[0]! : lastBoundary;
    const [atBoundary, atNow, hours] = await Promise.all([
      this.openAt(lastBoundary),
      now.getTime() > lastBoundary.getTime() ? this.openAt(now) : Promise.resolve(null),
      this.db.query<{ hour: Date; category: string; net: number }>(
        `SELECT hour, category, opened - resolved AS net FROM fallout_case_hourly WHERE hour >= $1 AND hour < $2 AND ${ofEngine('$3')}`,
        [earliestEnd, lastBoundary, this.engineId],
      ),
    ]);
    const rows: { at: Date; category: string | null; count: number }[] = [];
    starts.forEach((start, i) => {
      const end = ends[i]!;
      let counts: Map<string, number>;
      if (end.getTime() > lastBoundary.getTime()) {
        counts = atNow ?? atBoundary;
      } else {
        counts = new Map(atBoundary);
        for (const h of hours) {
          if (new Date(h.hour).getTime() >= end.getTime()) counts.set(h.category, (counts.get(h.category) ?? 0) - Number(h.net));
        }
      }
      const nonZero = [...counts].filter(([, n]) => n !== 0).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
      if (nonZero.length === 0) rows.push({ at: start, category: null, count: 0 });
      for (const [category, count] of nonZero) rows.push({ at: start, category, count });
    });
    return rows;
  }

  /**
   * Cases open at one instant per category: first seen before it and not resolved before it. All unresolved
   * cases (the facet rollup) less those first seen at or after the instant, plus those resolved since it: two
   * index ranges as long as the time since the instant, not as the open cases.
   */
  private async openAt(at: Date): Promise<Map<string, number>> {
    const rows = await this.db.query<{ category: string; count: number }>(
      `SELECT category, sum(n)::int AS count FROM (
         SELECT category, sum(n) AS n FROM fallout_case_facet WHERE unresolved AND ${ofEngine('$2')} GROUP BY category
         UNION ALL
         SELECT category, -count(*) FROM fallout_case WHERE resolved_at IS NULL AND first_seen_at >= $1 AND ${ofEngine('$2')} GROUP BY category
         UNION ALL
         SELECT category, count(*) FROM fallout_case WHERE resolved_at >= $1 AND first_seen_at < $1 AND ${ofEngine('$2')} GROUP BY category
       ) parts GROUP BY category`,
      [at, this.engineId],
    );
    return new Map(rows.filter((r) => r.count !== 0).map((r) => [r.category, r.count]));
  }

  /** Cases the sync opened in each bucket: sums of the hourly rollup. */
  openedPerBucket(b: Buckets): Promise<{ at: Date; count: number }[]> {
    return this.db.query(
      `SELECT s.at, coalesce(sum(h.created), 0)::int AS count
       FROM generate_series($1::timestamptz, $2::timestamptz, $3::interval) AS s(at)
       LEFT JOIN fallout_case_hourly h ON h.hour >= s.at AND h.hour < s.at + $3::interval AND ${ofEngine('$4', 'h.engine_id')}
       GROUP BY s.at ORDER BY s.at`,
      [b.from, b.lastStart, b.step, this.engineId],
    );
  }

  /**
   * Incident cases still failing, per failing step, most first. A case whose incident was cleared outside the
   * workbench or whose instance was cancelled has no incident any more: it counts as open, not here.
   */
  incidentsByActivity(
    limit: number,
  ): Promise<{ definition_key: string; definition_version: number | null; activity_id: string; activity_name: string | null; count: number; transient: number }[]> {
    return this.db.query(
      `SELECT definition_key, definition_version, activity_id, max(activity_name) AS activity_name, sum(n)::int AS count,
              (coalesce(sum(n) FILTER (WHERE category = 'TECHNICAL_TRANSIENT'), 0))::int AS transient
       FROM fallout_case_facet WHERE source = 'INCIDENT' AND status = ANY($1::text[]) AND activity_id IS NOT NULL AND ${ofEngine('$3')}
       GROUP BY definition_key, definition_version, activity_id ORDER BY sum(n) DESC, definition_key, activity_id LIMIT $2`,
      [WORKED_STATUSES, limit, this.engineId],
    );
  }

  /** Cases changed in the engine behind the workbench's back, still open: per status, from the facet rollup. */
  async changedInEngine(): Promise<{ clearedOutside: number; cancelledInEngine: number }> {
    const rows = await this.db.query<{ status: string; n: number }>(
      `SELECT status, sum(n)::int AS n FROM fallout_case_facet WHERE status IN ('CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE') AND ${ofEngine('$1')} GROUP BY status`,
      [this.engineId],
    );
    const of = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
    return { clearedOutside: of('CLEARED_OUTSIDE'), cancelledInEngine: of('CANCELLED_IN_ENGINE') };
  }

  /** Active stuck cases per stage (activity), most first. */
  stuckByStage(limit: number): Promise<{ activity_id: string; activity_name: string | null; count: number }[]> {
    return this.db.query(
      `SELECT activity_id, max(activity_name) AS activity_name, sum(n)::int AS count
       FROM fallout_case_facet WHERE source = 'STUCK' AND status = ANY($1::text[]) AND activity_id IS NOT NULL AND ${ofEngine('$3')}
       GROUP BY activity_id ORDER BY sum(n) DESC, activity_id LIMIT $2`,
      [ACTIVE_STATUSES, limit, this.engineId],
    );
  }

  /** Recovery commands created in the range, per action and outcome. */
  commands(from: Date): Promise<{ action: string; done: number; pending: number; failed: number }[]> {
    return this.db.query(
      `SELECT action,
         count(*) FILTER (WHERE state = ANY($2::text[]))::int AS done,
         count(*) FILTER (WHERE state = ANY($3::text[]))::int AS pending,
         count(*) FILTER (WHERE state = ANY($4::text[]))::int AS failed
       FROM recovery_command r WHERE created_at >= $1 AND ${caseOfEngine('$5')} GROUP BY action ORDER BY action`,
      [from, [...COMMAND_OUTCOME_STATES.done], [...COMMAND_OUTCOME_STATES.pending], [...COMMAND_OUTCOME_STATES.failed], this.engineId],
    );
  }

  /**
   * Median and 95th percentile of (opened by the sync − first seen) for incident cases opened in the range,
   * counting only incidents raised while the sync was live (first seen at or after `liveSince`): of the latest
   * SYNC_LAG_SAMPLE of them, so the cost stays bounded (an index range read backwards) however many the range holds.
   */
  async syncLag(from: Date, liveSince: Date | null = null): Promise<{ medianMs: number | null; p95Ms: number | null }> {
    const [row] = await this.db.query<{ median: number | null; p95: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) AS median, percentile_cont(0.95) WITHIN GROUP (ORDER BY lag_ms) AS p95
       FROM (SELECT extract(epoch FROM (created_at - first_seen_at)) * 1000 AS lag_ms FROM fallout_case
             WHERE source = 'INCIDENT' AND created_at >= $1 AND ($2::timestamptz IS NULL OR first_seen_at >= $2) AND ${ofEngine('$3')}
             ORDER BY created_at DESC LIMIT ${SYNC_LAG_SAMPLE}) lags`,
      [from, liveSince, this.engineId],
    );
    const round = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Math.max(0, Math.round(Number(v))));
    return { medianMs: round(row?.median), p95Ms: round(row?.p95) };
  }

  /**
   * Order workflows started in the range (distinct business keys), and how many of their orders have a case of
   * any kind: one index range of the trigger-kept per-order table (migration 008).
   */
  async falloutRate(from: Date): Promise<{ orders: number; withCase: number }> {
    // One engine: the same range of its own per-order table (migration 025).
    const [row] = this.engineId === null
      ? await this.db.query<{ orders: number; with_case: number }>(
          `SELECT count(*)::int AS orders, count(*) FILTER (WHERE has_case)::int AS with_case FROM order_key WHERE last_started_at >= $1`,
          [from],
        )
      : await this.db.query<{ orders: number; with_case: number }>(
          `SELECT count(*)::int AS orders, count(*) FILTER (WHERE has_case)::int AS with_case FROM order_key_engine
           WHERE engine_id = $2 AND last_started_at >= $1`,
          [from, this.engineId],
        );
    return { orders: row?.orders ?? 0, withCase: row?.with_case ?? 0 };
  }

  /** Approval requests in the range that expired, were decided after their deadline, or still wait past it. */
  async approvalSlaBreaches(from: Date, now: Date): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM approval_request a WHERE a.requested_at >= $1 AND ${approvalBreachedSql('$2')}
         AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM fallout_case c WHERE c.id = a.case_id AND c.engine_id = $3))`,
      [from, now, this.engineId],
    );
    return row?.n ?? 0;
  }

  async unknownOutcomeOpen(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `SELECT coalesce(sum(n), 0)::int AS n FROM fallout_case_facet WHERE category = 'UNKNOWN_OUTCOME' AND status = ANY($1::text[]) AND ${ofEngine('$2')}`,
      [ACTIVE_STATUSES, this.engineId],
    );
    return row?.n ?? 0;
  }

  /**
   * Retries done in the range, and how many of their cases were resolved afterwards. Only a verified (or an
   * operator's) resolution counts: a case closed because its instance was cancelled in the engine is no success.
   */
  async retryToSuccess(from: Date): Promise<{ retries: number; resolvedAfterRetry: number }> {
    const [row] = await this.db.query<{ retries: number; resolved: number }>(
      `SELECT count(*)::int AS retries,
         count(*) FILTER (WHERE c.status = 'RESOLVED' AND c.resolved_at >= r.created_at)::int AS resolved
       FROM recovery_command r JOIN fallout_case c ON c.id = r.case_id
       WHERE r.action = 'RETRY_STEP' AND r.state = 'DONE' AND r.created_at >= $1 AND ${ofEngine('$2', 'c.engine_id')}`,
      [from, this.engineId],
    );
    return { retries: row?.retries ?? 0, resolvedAfterRetry: row?.resolved ?? 0 };
  }

  async manualRecoveries(from: Date): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM recovery_command r WHERE state = 'DONE' AND action = ANY($1::text[]) AND created_at >= $2 AND ${caseOfEngine('$3')}`,
      [[...MANUAL_RECOVERY_ACTIONS], from, this.engineId],
    );
    return row?.n ?? 0;
  }
}
