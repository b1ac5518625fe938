// What a Prometheus scrape reads from the read model: three small grouped queries, none of which counts cases
// one by one (a scrape every 15 s must cost the same at 1,000 or 1,000,000 cases).
import { ACTIVE_STATUSES } from './cases-repo.js';
import type { Db } from './db.js';

/** The statements, exported so the plan check (metrics-repo.pg.test.ts) explains exactly these. */
export const METRICS_SQL = {
  cases: 'SELECT category, status, sum(n)::int AS n FROM fallout_case_facet WHERE status = ANY($1::text[]) GROUP BY category, status',
  outbox: "SELECT state, count(*)::int AS n FROM recovery_command WHERE state IN ('RUNNING', 'PENDING') GROUP BY state",
  sync: 'SELECT engine_id, last_success_at FROM sync_status',
} as const;

export class MetricsRepo {
  constructor(private readonly db: Db) {}

  /**
   * The working set by category and status, summed from the facet rollup (migration 008: a few thousand rows
   * at any size, kept by triggers), never from `fallout_case` itself.
   */
  async casesByCategoryAndStatus(): Promise<{ category: string; status: string; count: number }[]> {
    const rows = await this.db.query<{ category: string; status: string; n: number }>(METRICS_SQL.cases, [ACTIVE_STATUSES]);
    return rows.map((r) => ({ category: r.category, status: r.status, count: Number(r.n) }));
  }

  /** Unfinished recovery commands by state: the outbox's partial index (migration 011) holds exactly these. */
  async outboxDepth(): Promise<{ state: string; count: number }[]> {
    const rows = await this.db.query<{ state: string; n: number }>(METRICS_SQL.outbox);
    return rows.map((r) => ({ state: r.state, count: Number(r.n) }));
  }

  /** Each engine's last successful sync pass, as its leader stored it (one row per engine). */
  async lastSyncSuccess(): Promise<{ engineId: string; at: Date | null }[]> {
    const rows = await this.db.query<{ engine_id: string; last_success_at: Date | string | null }>(METRICS_SQL.sync);
    return rows.map((r) => ({ engineId: r.engine_id, at: r.last_success_at === null ? null : new Date(r.last_success_at) }));
  }
}
