// What the alert rules read from the read model. Every statement is bounded by a rollup or an index whatever
// the number of cases (EXPLAIN-checked in src/server/alerts/alert-reads.pg-explain.test.ts): the facet rollup
// (migration 008) for counts per step, the partial index of open failed-job cases (021), the approval index by
// status and deadline, and the active cases of one step for examples.
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
}
