// SQL of activity freezes (`activity_freeze`) and of what each one suspended in the engine (`freeze_suspension`).
import type { Db, Queryable } from '../store/db.js';

export interface FreezeRow {
  id: string;
  engine_id: string;
  definition_key: string;
  activity_id: string;
  reason: string;
  created_by: string;
  created_at: Date;
  ends_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
}

export type SuspensionKind = 'JOB_DEFINITION' | 'PROCESS_INSTANCE';

export interface SuspensionRow {
  freeze_id: string;
  kind: SuspensionKind;
  target_id: string;
  suspended_at: Date;
  released_at: Date | null;
}

export interface UnreleasedSuspension extends SuspensionRow {
  definition_key: string;
  activity_id: string;
}

export interface FreezeCounts {
  jobDefinitions: number;
  instances: number;
}

export class FreezesRepo {
  constructor(private readonly db: Db) {}

  /** Inserts a freeze; null when an active freeze already holds that activity (the partial unique index). */
  async insert(tx: Queryable, row: Omit<FreezeRow, 'ended_at' | 'ended_by'>): Promise<FreezeRow | null> {
    const rows = await tx.query<FreezeRow>(
      `INSERT INTO activity_freeze (id, engine_id, definition_key, activity_id, reason, created_by, created_at, ends_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (engine_id, definition_key, activity_id) WHERE ended_at IS NULL DO NOTHING RETURNING *`,
      [row.id, row.engine_id, row.definition_key, row.activity_id, row.reason, row.created_by, row.created_at, row.ends_at],
    );
    return rows[0] ?? null;
  }

  async get(id: string, q: Queryable = this.db): Promise<FreezeRow | null> {
    return (await q.query<FreezeRow>('SELECT * FROM activity_freeze WHERE id = $1', [id]))[0] ?? null;
  }

  async activeFor(engineId: string, definitionKey: string, activityId: string, q: Queryable = this.db): Promise<FreezeRow | null> {
    const rows = await q.query<FreezeRow>(
      'SELECT * FROM activity_freeze WHERE engine_id = $1 AND definition_key = $2 AND activity_id = $3 AND ended_at IS NULL',
      [engineId, definitionKey, activityId],
    );
    return rows[0] ?? null;
  }

  /** Active freezes of one engine, or of every engine. */
  /** `q`: the caller's transaction when it holds one (a pool or PGlite must not be asked for a second connection). */
  async active(engineId?: string, q: Queryable = this.db): Promise<FreezeRow[]> {
    return q.query<FreezeRow>(
      'SELECT * FROM activity_freeze WHERE ended_at IS NULL AND ($1::text IS NULL OR engine_id = $1) ORDER BY created_at, id',
      [engineId ?? null],
    );
  }

  /** Active freezes first (soonest end first), then ended ones, newest first; bounded. */
  async list(limit: number): Promise<FreezeRow[]> {
    return this.db.query<FreezeRow>(
      `SELECT * FROM activity_freeze
       ORDER BY (ended_at IS NULL) DESC, CASE WHEN ended_at IS NULL THEN ends_at END ASC, ended_at DESC, id
       LIMIT $1`,
      [limit],
    );
  }

  /** Active freezes of an engine whose scheduled end has come. */
  async due(engineId: string, now: Date): Promise<FreezeRow[]> {
    return this.db.query<FreezeRow>(
      'SELECT * FROM activity_freeze WHERE engine_id = $1 AND ended_at IS NULL AND ends_at <= $2 ORDER BY ends_at, id',
      [engineId, now],
    );
  }

  /** Ends a freeze; null when it had already ended (a second end, or the schedule got there first). */
  async end(tx: Queryable, id: string, at: Date, by: string): Promise<FreezeRow | null> {
    const rows = await tx.query<FreezeRow>(
      'UPDATE activity_freeze SET ended_at = $2, ended_by = $3 WHERE id = $1 AND ended_at IS NULL RETURNING *',
      [id, at, by],
    );
    return rows[0] ?? null;
  }

  async counts(freezeIds: readonly string[]): Promise<Map<string, FreezeCounts>> {
    const result = new Map<string, FreezeCounts>();
    if (!freezeIds.length) return result;
    const rows = await this.db.query<{ freeze_id: string; kind: SuspensionKind; n: number | string }>(
      'SELECT freeze_id, kind, count(*) AS n FROM freeze_suspension WHERE freeze_id = ANY($1) GROUP BY freeze_id, kind',
      [[...freezeIds]],
    );
    for (const row of rows) {
      const counts = result.get(row.freeze_id) ?? { jobDefinitions: 0, instances: 0 };
      if (row.kind === 'JOB_DEFINITION') counts.jobDefinitions = Number(row.n);
      else counts.instances = Number(row.n);
      result.set(row.freeze_id, counts);
    }
    return result;
  }

  /**
   * Claims a target for a freeze before the engine is asked to suspend it, so a crash in between leaves a
   * record (re-activating an instance that was never suspended is harmless) rather than an untracked
   * suspension. False when this freeze already holds it.
   */
  async claim(freezeId: string, kind: SuspensionKind, targetId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO freeze_suspension (freeze_id, kind, target_id, suspended_at) VALUES ($1,$2,$3,$4)
       ON CONFLICT (freeze_id, kind, target_id) DO NOTHING RETURNING freeze_id`,
      [freezeId, kind, targetId, at],
    );
    return rows.length > 0;
  }

  /** Drops a claim whose engine call failed or turned out to be unneeded. */
  async unclaim(freezeId: string, kind: SuspensionKind, targetId: string): Promise<void> {
    await this.db.query('DELETE FROM freeze_suspension WHERE freeze_id = $1 AND kind = $2 AND target_id = $3 AND released_at IS NULL', [
      freezeId, kind, targetId,
    ]);
  }

  async suspension(freezeId: string, kind: SuspensionKind, targetId: string): Promise<SuspensionRow | null> {
    const rows = await this.db.query<SuspensionRow>('SELECT * FROM freeze_suspension WHERE freeze_id = $1 AND kind = $2 AND target_id = $3', [
      freezeId, kind, targetId,
    ]);
    return rows[0] ?? null;
  }

  /** Which of `targetIds` this freeze holds already (released or not). */
  async heldBy(freezeId: string, kind: SuspensionKind, targetIds: readonly string[]): Promise<Set<string>> {
    if (!targetIds.length) return new Set();
    const rows = await this.db.query<{ target_id: string }>(
      'SELECT target_id FROM freeze_suspension WHERE freeze_id = $1 AND kind = $2 AND target_id = ANY($3)',
      [freezeId, kind, [...targetIds]],
    );
    return new Set(rows.map((r) => r.target_id));
  }

  /** Which of `targetIds` another freeze of the same engine still holds (unreleased), whatever its state. */
  async heldByOtherFreezes(freezeId: string, engineId: string, kind: SuspensionKind, targetIds: readonly string[]): Promise<Set<string>> {
    if (!targetIds.length) return new Set();
    const rows = await this.db.query<{ target_id: string }>(
      `SELECT DISTINCT s.target_id FROM freeze_suspension s JOIN activity_freeze f ON f.id = s.freeze_id
       WHERE s.kind = $3 AND s.target_id = ANY($4) AND s.released_at IS NULL AND s.freeze_id <> $1 AND f.engine_id = $2`,
      [freezeId, engineId, kind, [...targetIds]],
    );
    return new Set(rows.map((r) => r.target_id));
  }

  /** Instances other freezes of the engine hold and this one does not: candidates to hold jointly. */
  async instancesHeldElsewhere(freezeId: string, engineId: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ target_id: string }>(
      `SELECT DISTINCT s.target_id FROM freeze_suspension s JOIN activity_freeze f ON f.id = s.freeze_id
       WHERE s.kind = 'PROCESS_INSTANCE' AND s.released_at IS NULL AND s.freeze_id <> $1 AND f.engine_id = $2
         AND NOT EXISTS (SELECT 1 FROM freeze_suspension m WHERE m.freeze_id = $1 AND m.kind = 'PROCESS_INSTANCE' AND m.target_id = s.target_id)
       ORDER BY s.target_id LIMIT $3`,
      [freezeId, engineId, limit],
    );
    return rows.map((r) => r.target_id);
  }

  /** Whether an active freeze other than `freezeId` still holds the target. */
  async heldByActiveFreeze(freezeId: string, kind: SuspensionKind, targetId: string): Promise<string | null> {
    const rows = await this.db.query<{ freeze_id: string }>(
      `SELECT s.freeze_id FROM freeze_suspension s JOIN activity_freeze f ON f.id = s.freeze_id
       WHERE s.kind = $2 AND s.target_id = $3 AND s.released_at IS NULL AND s.freeze_id <> $1 AND f.ended_at IS NULL
       ORDER BY s.freeze_id LIMIT 1`,
      [freezeId, kind, targetId],
    );
    return rows[0]?.freeze_id ?? null;
  }

  /** Suspensions of an engine's ended freezes still to re-activate, oldest end first; of one freeze when given. */
  async unreleasedOfEnded(engineId: string, limit: number, freezeId?: string): Promise<UnreleasedSuspension[]> {
    return this.db.query<UnreleasedSuspension>(
      `SELECT s.*, f.definition_key, f.activity_id FROM freeze_suspension s JOIN activity_freeze f ON f.id = s.freeze_id
       WHERE f.engine_id = $1 AND f.ended_at IS NOT NULL AND s.released_at IS NULL AND ($3::text IS NULL OR f.id = $3)
       ORDER BY f.ended_at, s.freeze_id, s.kind, s.target_id LIMIT $2`,
      [engineId, limit, freezeId ?? null],
    );
  }

  /** Marks a suspension released; false when it already was (another replica or pass got there first). */
  async markReleased(tx: Queryable, freezeId: string, kind: SuspensionKind, targetId: string, at: Date): Promise<boolean> {
    const rows = await tx.query(
      'UPDATE freeze_suspension SET released_at = $4 WHERE freeze_id = $1 AND kind = $2 AND target_id = $3 AND released_at IS NULL RETURNING freeze_id',
      [freezeId, kind, targetId, at],
    );
    return rows.length > 0;
  }

  /** The open fallout case at this instance and activity, so the audit trail of the case shows the freeze. */
  async openCaseAt(engineId: string, processInstanceId: string, activityId: string): Promise<{ id: string; business_key: string | null } | null> {
    const rows = await this.db.query<{ id: string; business_key: string | null }>(
      `SELECT id, business_key FROM fallout_case
       WHERE engine_id = $1 AND process_instance_id = $2 AND activity_id = $3 AND status NOT IN ('RESOLVED','CLOSED')
       ORDER BY first_seen_at DESC LIMIT 1`,
      [engineId, processInstanceId, activityId],
    );
    return rows[0] ?? null;
  }

  /**
   * Whether the read model has ever seen this activity of this process (a case there, or a token there): the
   * check a freeze falls back on while the engine cannot be asked.
   */
  async activitySeenLocally(engineId: string, definitionKey: string, activityId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM fallout_case WHERE engine_id = $1 AND definition_key = $2 AND activity_id = $3
       UNION ALL
       SELECT 1 FROM process_instance WHERE engine_id = $1 AND definition_key = $2 AND $3 = ANY(current_activity_ids)
       LIMIT 1`,
      [engineId, definitionKey, activityId],
    );
    return rows.length > 0;
  }
}
