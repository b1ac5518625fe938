import type { Db } from './db.js';

/** What the last sync pass of one engine did, as every replica reads it (leader or not). */
export interface StoredSyncStatus {
  engineId: string;
  leaderReplica: string | null;
  passStartedAt: Date | null;
  passFinishedAt: Date | null;
  lastSuccessAt: Date | null;
  liveSince: Date | null;
  lastError: string | null;
  lastResult: Record<string, unknown> | null;
  backlog: SyncBacklog | null;
  engineRps: number | null;
  engineRpsCap: number | null;
}

export interface SyncBacklog {
  /** True while incidents the engine has are not yet cases (or ended ones not yet closed). */
  behind: boolean;
  /** Open incidents in the engine (`GET /incident/count`, parents included) when last counted. */
  engineOpenIncidents: number | null;
  /** Open incidents the read model has attached to cases, same counting. */
  ingestedOpenIncidents: number | null;
  /** Creation time of the oldest incident the incremental read has not reached yet. */
  oldestNotIngestedAt: string | null;
  countedAt: string | null;
}

interface Row {
  engine_id: string;
  leader_replica: string | null;
  pass_started_at: Date | null;
  pass_finished_at: Date | null;
  last_success_at: Date | null;
  live_since: Date | null;
  last_error: string | null;
  last_result: string | null;
  backlog: string | null;
  engine_rps: number | null;
  engine_rps_cap: number | null;
}

export class SyncStatusRepo {
  constructor(private readonly db: Db) {}

  async get(engineId: string): Promise<StoredSyncStatus | null> {
    const [row] = await this.db.query<Row>('SELECT * FROM sync_status WHERE engine_id = $1', [engineId]);
    return row ? fromRow(row) : null;
  }

  async list(): Promise<StoredSyncStatus[]> {
    return (await this.db.query<Row>('SELECT * FROM sync_status ORDER BY engine_id')).map(fromRow);
  }

  /** The leader records a pass as it starts, so followers see who syncs even while a long pass runs. */
  async passStarted(engineId: string, replica: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_status (engine_id, leader_replica, pass_started_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (engine_id) DO UPDATE SET leader_replica = EXCLUDED.leader_replica, pass_started_at = EXCLUDED.pass_started_at, updated_at = EXCLUDED.updated_at`,
      [engineId, replica, at],
    );
  }

  async passFinished(
    engineId: string,
    replica: string,
    outcome: { at: Date; ok: boolean; liveSince: Date | null; error: string | null; result: Record<string, unknown> | null; backlog: SyncBacklog | null; engineRps: number; engineRpsCap: number },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_status (engine_id, leader_replica, pass_finished_at, last_success_at, live_since, last_error, last_result, backlog, engine_rps, engine_rps_cap, updated_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN $3::timestamptz END, $5, $6, $7, $8, $9, $10, $3)
       ON CONFLICT (engine_id) DO UPDATE SET leader_replica = EXCLUDED.leader_replica, pass_finished_at = EXCLUDED.pass_finished_at,
         last_success_at = COALESCE(EXCLUDED.last_success_at, sync_status.last_success_at),
         live_since = COALESCE(sync_status.live_since, EXCLUDED.live_since),
         last_error = EXCLUDED.last_error, last_result = COALESCE(EXCLUDED.last_result, sync_status.last_result),
         backlog = COALESCE(EXCLUDED.backlog, sync_status.backlog), engine_rps = EXCLUDED.engine_rps, engine_rps_cap = EXCLUDED.engine_rps_cap,
         updated_at = EXCLUDED.updated_at`,
      [engineId, replica, outcome.at, outcome.ok, outcome.liveSince, outcome.error, outcome.result ? JSON.stringify(outcome.result) : null,
        outcome.backlog ? JSON.stringify(outcome.backlog) : null, outcome.engineRps, outcome.engineRpsCap],
    );
  }
}

function fromRow(row: Row): StoredSyncStatus {
  return {
    engineId: row.engine_id,
    leaderReplica: row.leader_replica,
    passStartedAt: row.pass_started_at ? new Date(row.pass_started_at) : null,
    passFinishedAt: row.pass_finished_at ? new Date(row.pass_finished_at) : null,
    lastSuccessAt: row.last_success_at ? new Date(row.last_success_at) : null,
    liveSince: row.live_since ? new Date(row.live_since) : null,
    lastError: row.last_error,
    lastResult: row.last_result ? (JSON.parse(row.last_result) as Record<string, unknown>) : null,
    backlog: row.backlog ? (JSON.parse(row.backlog) as SyncBacklog) : null,
    engineRps: row.engine_rps === null ? null : Number(row.engine_rps),
    engineRpsCap: row.engine_rps_cap === null ? null : Number(row.engine_rps_cap),
  };
}
