// What the alert rules read from the read model. Every statement is bounded by a rollup or an index whatever
// the number of cases (EXPLAIN-checked in src/server/alerts/alert-reads.pg-explain.test.ts): the facet rollup
// (migration 008) for counts per step, the partial index of open failed-job cases (021), the approval index by
// status and deadline, the active cases of one step for examples; lock expiries per topic (index of migration
// 022), the compatibility reports of versions that are newest or still run (their few rows, and the running
// instances through the partial index of 022), and the worker sample per topic.
import type { Queryable } from './db.js';
import type { DeployedDefinition } from './engine-samples-repo.js';

/** The statuses of an open failure; the partial indexes of migrations 008/021 list exactly these. */
const OPEN_FAILURE = `('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED')`;

export interface StepCountRow {
  definition_key: string;
  definition_version: number | null;
  activity_id: string;
  activity_name: string | null;
  category: string;
  source: 'INCIDENT' | 'STUCK';
  n: number;
}

export interface StepExampleRow {
  business_key: string | null;
  entity_type: string | null;
  runbook_id: string | null;
  first_seen_at: Date;
}

export interface ApprovalBreachRow {
  approval_id: string;
  case_id: string;
  business_key: string | null;
  entity_type: string | null;
  definition_key: string;
  definition_version: number | null;
  activity_id: string | null;
  activity_name: string | null;
  category: string;
  runbook_id: string | null;
  expires_at: Date;
}

export interface DeploymentRow {
  name: string | null;
  deployed_at: Date;
  definitions: DeployedDefinition[] | null;
}

export interface LockExpiryCountRow {
  topic: string;
  /** Locks that ran out in the window. */
  n: number;
  /** Distinct tasks among them (a task can time out more than once). */
  tasks: number;
  last_at: Date;
}

export interface VersionReportRow {
  definition_key: string;
  definition_name: string | null;
  version: number;
  deployed_at: Date;
  /** From the report: each external-task topic with the steps that use it. */
  topics: { topic: string; activityIds: string[] }[] | null;
  steps: { activityId: string; name: string | null }[] | null;
}

export interface RunningAtRow {
  definition_key: string;
  definition_version: number;
  /** Null: the version's total (each instance once). */
  activity_id: string | null;
  count: number;
}

export interface WorkerFactRow {
  topic: string;
  waiting: number;
  oldest_waiting_since: Date | null;
  worker_seen_at: Date | null;
}

const RUNNING = `('ACTIVE', 'SUSPENDED')`;

export class AlertReads {
  constructor(private readonly db: Queryable) {}

  /** Open incident and stuck cases per step and version, summed from the facet rollup (a few rows per step). */
  stepCounts(engineId: string): Promise<StepCountRow[]> {
    return this.db.query<StepCountRow>(
      `SELECT definition_key, definition_version, activity_id, activity_name, category, source, sum(n)::int AS n
         FROM fallout_case_facet
        WHERE engine_id = $1 AND status IN ${OPEN_FAILURE} AND source IN ('INCIDENT', 'STUCK') AND activity_id IS NOT NULL
        GROUP BY definition_key, definition_version, activity_id, activity_name, category, source`,
      [engineId],
    );
  }

  /** Open failed-job cases per step and version (partial index of migration 021: only those cases). */
  failedJobCounts(engineId: string): Promise<Omit<StepCountRow, 'source' | 'activity_name'>[]> {
    return this.db.query(
      `SELECT definition_key, definition_version, activity_id, category, count(*)::int AS n
         FROM fallout_case
        WHERE engine_id = $1 AND status IN ${OPEN_FAILURE} AND incident_type = 'failedJob'
        GROUP BY definition_key, definition_version, activity_id, category`,
      [engineId],
    );
  }

  /** The newest open cases of one step (of one source, or failed jobs only): example keys and their runbook. */
  stepExamples(engineId: string, processKey: string, activityId: string, kind: 'INCIDENT' | 'STUCK' | 'FAILED_JOB', limit: number): Promise<StepExampleRow[]> {
    const filter = kind === 'FAILED_JOB' ? `incident_type = 'failedJob'` : `source = $4`;
    return this.db.query<StepExampleRow>(
      `SELECT business_key, entity_type, runbook_id, first_seen_at
         FROM fallout_case
        WHERE engine_id = $1 AND definition_key = $2 AND activity_id = $3 AND status IN ${OPEN_FAILURE} AND ${filter}
        ORDER BY last_seen_at DESC
        LIMIT ${Math.max(1, Math.min(limit, 50))}`,
      kind === 'FAILED_JOB' ? [engineId, processKey, activityId] : [engineId, processKey, activityId, kind],
    );
  }

  /** Unsafe-retry requests whose deadline passed unanswered since `since`, while their case is still open. */
  approvalBreaches(engineId: string, since: Date, now: Date): Promise<ApprovalBreachRow[]> {
    return this.db.query<ApprovalBreachRow>(
      `SELECT a.id AS approval_id, c.id AS case_id, c.business_key, c.entity_type, c.definition_key, c.definition_version,
              c.activity_id, c.activity_name, c.category, c.runbook_id, a.expires_at
         FROM approval_request a JOIN fallout_case c ON c.id = a.case_id
        WHERE a.status IN ('PENDING', 'EXPIRED') AND a.expires_at >= $2 AND a.expires_at < $3
          AND c.engine_id = $1 AND c.status IN ${OPEN_FAILURE}
        ORDER BY a.expires_at DESC
        LIMIT 500`,
      [engineId, since, now],
    );
  }

  /** The process's name as its newest mirrored instance names it (index process_instance_started). */
  async processName(processKey: string): Promise<string | null> {
    const [row] = await this.db.query<{ definition_name: string | null }>(
      `SELECT definition_name FROM process_instance WHERE definition_key = $1 AND started_at IS NOT NULL ORDER BY started_at DESC LIMIT 1`,
      [processKey],
    );
    return row?.definition_name ?? null;
  }

  /** The latest deployment of a process in (from, to]: the "recent deployment" of an alert. */
  async latestDeployment(engineId: string, processKey: string, from: Date, to: Date): Promise<DeploymentRow | null> {
    const [row] = await this.db.query<DeploymentRow>(
      `SELECT name, deployed_at, definitions FROM engine_deployment
        WHERE engine_id = $1 AND deployed_at > $2 AND deployed_at <= $3 AND $4 = ANY(definition_keys)
        ORDER BY deployed_at DESC LIMIT 1`,
      [engineId, from, to, processKey],
    );
    return row ?? null;
  }

  /** Locks that ran out per topic since `since` (index lock_expiry_seen_topic). */
  lockExpiriesByTopic(engineId: string, since: Date): Promise<LockExpiryCountRow[]> {
    return this.db.query<LockExpiryCountRow>(
      `SELECT topic, count(*)::int AS n, count(DISTINCT task_id)::int AS tasks, max(lock_expired_at) AS last_at
         FROM lock_expiry_seen WHERE engine_id = $1 AND lock_expired_at >= $2
        GROUP BY topic`,
      [engineId, since],
    );
  }

  /**
   * The reports of the process versions that matter now: the newest of each key, and every version that still
   * has running instances. A version number reported twice (an engine reset under the same read model) shows
   * its latest deployment only.
   */
  liveVersionReports(engineId: string): Promise<VersionReportRow[]> {
    return this.db.query<VersionReportRow>(
      `SELECT DISTINCT ON (r.definition_key, r.version) r.definition_key, r.definition_name, r.version, r.deployed_at,
              r.report->'topics' AS topics, r.report->'steps' AS steps
         FROM definition_report r
        WHERE r.engine_id = $1
          AND (r.version = (SELECT max(m.version) FROM definition_report m WHERE m.engine_id = $1 AND m.definition_key = r.definition_key)
               OR EXISTS (SELECT 1 FROM process_instance p
                           WHERE p.definition_key = r.definition_key AND p.definition_version = r.version AND p.state IN ${RUNNING} AND p.engine_id = $1))
        ORDER BY r.definition_key, r.version, r.deployed_at DESC`,
      [engineId],
    );
  }

  /**
   * Every reported version whose steps use one of these topics, live or not: where a topic's work happens stays
   * the same while its alert fires, even once the version is rolled back (index definition_report_key).
   */
  reportsNamingTopics(engineId: string, topics: readonly string[]): Promise<VersionReportRow[]> {
    if (topics.length === 0) return Promise.resolve([]);
    return this.db.query<VersionReportRow>(
      `SELECT DISTINCT ON (r.definition_key, r.version) r.definition_key, r.definition_name, r.version, r.deployed_at,
              r.report->'topics' AS topics, r.report->'steps' AS steps
         FROM definition_report r
        WHERE r.engine_id = $1 AND r.topics && $2::text[]
        ORDER BY r.definition_key, r.version, r.deployed_at DESC`,
      [engineId, topics],
    );
  }

  /** Running instances of these keys per version and step they wait at, and per version in all (partial index of 022). */
  runningAt(engineId: string, keys: readonly string[]): Promise<RunningAtRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.db.query<RunningAtRow>(
      `SELECT p.definition_key, p.definition_version, a.activity_id, count(DISTINCT p.id)::int AS count
         FROM process_instance p LEFT JOIN LATERAL unnest(p.current_activity_ids) AS a(activity_id) ON true
        WHERE p.definition_key = ANY($2::text[]) AND p.state IN ${RUNNING} AND p.engine_id = $1
        GROUP BY GROUPING SETS ((p.definition_key, p.definition_version, a.activity_id), (p.definition_key, p.definition_version))`,
      [engineId, keys],
    );
  }

  /** The newest running instances of one version: the alert's example business keys (partial index of 022). */
  versionExamples(engineId: string, processKey: string, version: number, limit: number): Promise<StepExampleRow[]> {
    return this.db.query<StepExampleRow>(
      `SELECT business_key, entity_type, NULL::text AS runbook_id, started_at AS first_seen_at
         FROM process_instance
        WHERE definition_key = $2 AND definition_version = $3 AND state IN ${RUNNING} AND engine_id = $1 AND business_key IS NOT NULL
        ORDER BY started_at DESC NULLS LAST
        LIMIT ${Math.max(1, Math.min(limit, 50))}`,
      [engineId, processKey, version],
    );
  }

  /** The worker sampler's latest figures for these topics (primary key engine and topic). */
  workerFacts(engineId: string, topics: readonly string[]): Promise<WorkerFactRow[]> {
    if (topics.length === 0) return Promise.resolve([]);
    return this.db.query<WorkerFactRow>(
      `SELECT topic, waiting, oldest_waiting_since, worker_seen_at FROM worker_sample WHERE engine_id = $1 AND topic = ANY($2::text[])`,
      [engineId, topics],
    );
  }
}
