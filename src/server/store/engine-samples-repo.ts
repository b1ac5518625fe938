// Engine facts the dashboard shows that are not cases: waiting external tasks per topic and deployments.
// Written by the sync's sampler and mirror, read by the dashboard.
import type { Db } from './db.js';

export interface WorkerSampleRow {
  engine_id: string;
  topic: string;
  waiting: number;
  oldest_waiting_since: Date | null;
  sampled_at: Date;
  /** When a worker was last seen on the topic (a task it held, or a result it sent); null: never seen. */
  worker_seen_at: Date | null;
  /** Tasks failing but still retrying, and tasks whose lock ran out with no answer, as of the sample. */
  retrying: number;
  lock_expired: number;
}

export interface DeploymentRow {
  id: string;
  /** The engine it was deployed to. */
  engine_id: string;
  name: string | null;
  deployed_at: Date;
  definition_keys: string[];
  /** Null for a deployment mirrored before migration 019 until the mirror fills it in. */
  definitions: DeployedDefinition[] | null;
}

/** One process definition a deployment deployed. */
export interface DeployedDefinition {
  key: string;
  name: string | null;
  version: number;
  id: string;
}

export class EngineSamplesRepo {
  constructor(private readonly db: Db) {}

  async saveWorkerSample(
    engineId: string,
    sample: { topic: string; waiting: number; oldestWaitingSince: string | null; workerSeenAt?: string | null; retrying?: number; lockExpired?: number },
    now: Date,
  ): Promise<void> {
    // A worker seen once stays seen: the latest evidence wins, a sample without any keeps the earlier one.
    await this.db.query(
      `INSERT INTO worker_sample (engine_id, topic, waiting, oldest_waiting_since, sampled_at, worker_seen_at, retrying, lock_expired) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (engine_id, topic) DO UPDATE SET waiting = $3, oldest_waiting_since = $4, sampled_at = $5,
         worker_seen_at = GREATEST(worker_sample.worker_seen_at, EXCLUDED.worker_seen_at), retrying = $7, lock_expired = $8`,
      [engineId, sample.topic, sample.waiting, sample.oldestWaitingSince, now, sample.workerSeenAt ?? null, sample.retrying ?? 0, sample.lockExpired ?? 0],
    );
  }

  /** The latest sample per topic of one engine, or of every engine (`null`). */
  workerSamples(engineId: string | null): Promise<WorkerSampleRow[]> {
    return this.db.query<WorkerSampleRow>(
      'SELECT engine_id, topic, waiting, oldest_waiting_since, sampled_at, worker_seen_at, retrying, lock_expired FROM worker_sample WHERE ($1::text IS NULL OR engine_id = $1) ORDER BY topic, engine_id',
      [engineId],
    );
  }


  /** Of these deployments, the ones mirrored with their definitions' versions (older rows lack them). */
  async deploymentIdsWithDefinitions(engineId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>(
      'SELECT id FROM engine_deployment WHERE engine_id = $1 AND id = ANY($2::text[]) AND definitions IS NOT NULL',
      [engineId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Inserts a deployment, or fills in the definitions of one mirrored before they were recorded. */
  async saveDeployment(
    engineId: string,
    d: { id: string; name: string | null; deployedAt: string; definitionKeys: string[]; definitions: DeployedDefinition[] },
    now: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO engine_deployment (engine_id, id, name, deployed_at, definition_keys, definitions, synced_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (engine_id, id) DO UPDATE SET definitions = EXCLUDED.definitions, definition_keys = EXCLUDED.definition_keys, synced_at = EXCLUDED.synced_at
       WHERE engine_deployment.definitions IS NULL`,
      [engineId, d.id, d.name, d.deployedAt, d.definitionKeys, JSON.stringify(d.definitions), now],
    );
  }

  /** Deployments of one engine, or of every engine (`null`), in a time range, oldest first. */
  deploymentsBetween(engineId: string | null, from: Date, to: Date): Promise<DeploymentRow[]> {
    return this.db.query<DeploymentRow>(
      `SELECT id, engine_id, name, deployed_at, definition_keys, definitions FROM engine_deployment
       WHERE ($1::text IS NULL OR engine_id = $1) AND deployed_at >= $2 AND deployed_at <= $3 ORDER BY deployed_at, id`,
      [engineId, from, to],
    );
  }
}
