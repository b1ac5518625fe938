// Release safety and early warnings in the read model (migration 022): one compatibility report per process
// definition version, running instances per version and step, and the worker sampler's per-topic figures.
import type { Db } from './db.js';

export interface UnreportedDefinition {
  id: string;
  key: string;
  name: string | null;
  version: number;
  deployed_at: Date;
}

export interface ReportRow {
  engine_id: string;
  definition_id: string;
  definition_key: string;
  definition_name: string | null;
  version: number;
  previous_version: number | null;
  deployed_at: Date;
  report: unknown;
}

export interface RetryingStepRow {
  engine_id: string;
  kind: 'externalTask' | 'job';
  definition_id: string;
  definition_key: string;
  definition_version: number | null;
  activity_id: string;
  activity_name: string | null;
  topic: string | null;
  count: number;
  min_retries_left: number;
  next_try_at: Date | null;
  last_error: string | null;
  example_instance_ids: string[];
  sampled_at: Date;
}

const RUNNING = `state IN ('ACTIVE', 'SUSPENDED')`;

export class ReleaseRepo {
  constructor(private readonly db: Db) {}

  /**
   * Definition versions the deployment mirror recorded that have no report yet, oldest deployment first (so a
   * version's previous one is reported before it). One statement over the mirrored deployments, never the engine.
   */
  unreported(engineId: string, limit: number): Promise<UnreportedDefinition[]> {
    return this.db.query<UnreportedDefinition>(
      `SELECT def->>'id' AS id, def->>'key' AS key, def->>'name' AS name, (def->>'version')::int AS version, d.deployed_at
       FROM engine_deployment d CROSS JOIN LATERAL jsonb_array_elements(d.definitions) def
       WHERE d.engine_id = $1 AND d.definitions IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM definition_report r WHERE r.engine_id = d.engine_id AND r.definition_id = def->>'id')
       ORDER BY d.deployed_at, (def->>'version')::int LIMIT $2`,
      [engineId, limit],
    );
  }

  /** Running instances of versions older than `version` per step they wait at, and in all (one statement, partial index). */
  async olderRunning(engineId: string, key: string, version: number): Promise<{ byActivity: Map<string, number>; total: number }> {
    const rows = await this.db.query<{ activity_id: string | null; count: number }>(
      `SELECT a.activity_id, count(*)::int AS count
       FROM process_instance p LEFT JOIN LATERAL unnest(p.current_activity_ids) AS a(activity_id) ON true
       WHERE p.definition_key = $2 AND p.definition_version < $3 AND p.${RUNNING} AND p.engine_id = $1
       GROUP BY GROUPING SETS ((a.activity_id), ())`,
      [engineId, key, version],
    );
    // The grand total row counts an instance once per step it waits at; count instances separately.
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM process_instance p WHERE p.definition_key = $2 AND p.definition_version < $3 AND p.${RUNNING} AND p.engine_id = $1`,
      [engineId, key, version],
    ) as [{ total: number }];
    const byActivity = new Map<string, number>();
    for (const r of rows) if (r.activity_id !== null) byActivity.set(r.activity_id, r.count);
    return { byActivity, total };
  }

  /** When a worker was last seen per topic on one engine (the sampler's latest figures). */
  async workerSeen(engineId: string): Promise<Map<string, string | null>> {
    const rows = await this.db.query<{ topic: string; worker_seen_at: Date | null }>('SELECT topic, worker_seen_at FROM worker_sample WHERE engine_id = $1', [engineId]);
    return new Map(rows.map((r) => [r.topic, r.worker_seen_at ? r.worker_seen_at.toISOString() : null]));
  }

  async saveReport(
    engineId: string,
    r: { definitionId: string; key: string; name: string | null; version: number; previousDefinitionId: string | null; previousVersion: number | null; deployedAt: Date; topics: string[]; report: unknown },
    now: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO definition_report (engine_id, definition_id, definition_key, definition_name, version, previous_definition_id, previous_version, deployed_at, topics, report, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) ON CONFLICT (engine_id, definition_id) DO NOTHING`,
      [engineId, r.definitionId, r.key, r.name, r.version, r.previousDefinitionId, r.previousVersion, r.deployedAt, r.topics, JSON.stringify(r.report), now],
    );
  }

  /** Every topic some reported version uses, so the sampler watches topics the catalog does not know too. */
  async reportedTopics(engineId: string): Promise<string[]> {
    const rows = await this.db.query<{ topic: string }>('SELECT DISTINCT unnest(topics) AS topic FROM definition_report WHERE engine_id = $1 ORDER BY 1', [engineId]);
    return rows.map((r) => r.topic);
  }

  /**
   * The latest `perKey` reported versions of every process key, newest first. A version number reported twice
   * (an engine whose database was reset under the same read model) shows its latest deployment only.
   */
  latestReports(engineId: string | null, perKey: number): Promise<ReportRow[]> {
    return this.db.query<ReportRow>(
      `SELECT engine_id, definition_id, definition_key, definition_name, version, previous_version, deployed_at, report FROM (
         SELECT r.*, row_number() OVER (PARTITION BY engine_id, definition_key ORDER BY version DESC) AS n
         FROM (SELECT DISTINCT ON (engine_id, definition_key, version) * FROM definition_report
               WHERE ($1::text IS NULL OR engine_id = $1) ORDER BY engine_id, definition_key, version, deployed_at DESC) r) ranked
       WHERE n <= $2 ORDER BY definition_key, engine_id, version DESC`,
      [engineId, perKey],
    );
  }

  /** Running instances per definition version and step, for these keys (one statement, partial index). */
  runningByVersionAndActivity(engineId: string | null, keys: string[]): Promise<{ engine_id: string; definition_key: string; definition_version: number; activity_id: string | null; count: number }[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT p.engine_id, p.definition_key, p.definition_version, a.activity_id, count(*)::int AS count
       FROM process_instance p LEFT JOIN LATERAL unnest(p.current_activity_ids) AS a(activity_id) ON true
       WHERE p.definition_key = ANY($2::text[]) AND p.${RUNNING} AND ($1::text IS NULL OR p.engine_id = $1)
       GROUP BY p.engine_id, p.definition_key, p.definition_version, a.activity_id`,
      [engineId, keys],
    );
  }

  /** Running instances per definition version (each instance once). */
  runningByVersion(engineId: string | null, keys: string[]): Promise<{ engine_id: string; definition_key: string; definition_version: number; count: number }[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT engine_id, definition_key, definition_version, count(*)::int AS count FROM process_instance p
       WHERE definition_key = ANY($2::text[]) AND ${RUNNING} AND ($1::text IS NULL OR engine_id = $1)
       GROUP BY engine_id, definition_key, definition_version`,
      [engineId, keys],
    );
  }

  // --- early warnings ---

  /** Replaces one engine's retrying steps with the latest sample. */
  async replaceRetryingSteps(engineId: string, rows: Omit<RetryingStepRow, 'engine_id' | 'sampled_at'>[], now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM retrying_step WHERE engine_id = $1', [engineId]);
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO retrying_step (engine_id, kind, definition_id, definition_key, definition_version, activity_id, activity_name, topic, count, min_retries_left, next_try_at, last_error, example_instance_ids, sampled_at)
         SELECT $1, r.kind, r.definition_id, r.definition_key, r.definition_version, r.activity_id, r.activity_name, r.topic, r.count, r.min_retries_left, r.next_try_at, r.last_error,
                ARRAY(SELECT jsonb_array_elements_text(r.examples)), $3
         FROM jsonb_to_recordset($2::jsonb) AS r(kind text, definition_id text, definition_key text, definition_version int, activity_id text, activity_name text, topic text, count int,
              min_retries_left int, next_try_at timestamptz, last_error text, examples jsonb)`,
        [engineId, JSON.stringify(rows.map((r) => ({ ...r, examples: r.example_instance_ids, next_try_at: r.next_try_at?.toISOString() ?? null }))), now],
      );
    });
  }

  retryingSteps(engineId: string | null): Promise<RetryingStepRow[]> {
    return this.db.query<RetryingStepRow>(
      `SELECT engine_id, kind, definition_id, definition_key, definition_version, activity_id, activity_name, topic, count, min_retries_left, next_try_at, last_error, example_instance_ids, sampled_at
       FROM retrying_step WHERE ($1::text IS NULL OR engine_id = $1) ORDER BY count DESC, definition_key, activity_id LIMIT 50`,
      [engineId],
    );
  }

  /** Records lock expiries seen (each task and lock end once) and trims those older than 30 days. */
  async recordLockExpiries(engineId: string, expiries: { taskId: string; topic: string; at: string }[], now: Date): Promise<void> {
    if (expiries.length > 0) {
      await this.db.query(
        `INSERT INTO lock_expiry_seen (engine_id, task_id, lock_expired_at, topic, seen_at)
         SELECT $1, e.task_id, e.at, e.topic, $3 FROM jsonb_to_recordset($2::jsonb) AS e(task_id text, at timestamptz, topic text)
         ON CONFLICT DO NOTHING`,
        [engineId, JSON.stringify(expiries.map((e) => ({ task_id: e.taskId, at: e.at, topic: e.topic }))), now],
      );
    }
    await this.db.query(`DELETE FROM lock_expiry_seen WHERE engine_id = $1 AND lock_expired_at < $2::timestamptz - interval '30 days'`, [engineId, now]);
  }

  /** Lock expiries per engine and topic since `from`. */
  lockExpiriesSince(engineId: string | null, from: Date): Promise<{ engine_id: string; topic: string; count: number }[]> {
    return this.db.query(
      `SELECT engine_id, topic, count(*)::int AS count FROM lock_expiry_seen WHERE ($1::text IS NULL OR engine_id = $1) AND lock_expired_at >= $2
       GROUP BY engine_id, topic`,
      [engineId, from],
    );
  }
}
