import { likePrefix } from './cases-repo.js';
import type { Db } from './db.js';
import type { ProcessRow } from './rows.js';

export interface MirroredInstance {
  id: string;
  businessKey: string | null;
  entityType: string | null;
  entityId: string | null;
  definitionId: string;
  definitionKey: string;
  definitionName: string | null;
  definitionVersion: number | null;
  state: string;
  superInstanceId: string | null;
  rootInstanceId: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

// Two partial indexes of migration 008 (active cases by instance, by root instance) answer this per process.
const OPEN_CASES = `(SELECT count(*)::int FROM fallout_case c WHERE c.engine_id = p.engine_id
   AND (c.process_instance_id = p.id OR c.root_process_instance_id = p.id)
   AND c.status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED','CLEARED_OUTSIDE','CANCELLED_IN_ENGINE')) AS open_case_count`;

export class ProcessesRepo {
  constructor(private readonly db: Db) {}

  /** Upserts instances in one statement per batch; the current activities are left to `setCurrentActivities`. */
  async upsert(engineId: string, instances: MirroredInstance[], now: Date): Promise<void> {
    for (let i = 0; i < instances.length; i += 200) {
      const batch = instances.slice(i, i + 200);
      const values: unknown[] = [];
      const tuples = batch.map((p, j) => {
        const row = [engineId, p.id, p.businessKey, p.entityType, p.entityId, p.definitionId, p.definitionKey, p.definitionName,
          p.definitionVersion, p.state, p.superInstanceId, p.rootInstanceId, p.startedAt, p.endedAt, now];
        values.push(...row);
        return `(${row.map((_, k) => `$${j * row.length + k + 1}`).join(',')})`;
      });
      await this.db.query(
        `INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, definition_name,
           definition_version, state, super_instance_id, root_instance_id, started_at, ended_at, synced_at)
         VALUES ${tuples.join(',')}
         ON CONFLICT (engine_id, id) DO UPDATE SET state = EXCLUDED.state, ended_at = EXCLUDED.ended_at, synced_at = EXCLUDED.synced_at,
           current_activity_ids = CASE WHEN EXCLUDED.ended_at IS NOT NULL THEN '{}' ELSE process_instance.current_activity_ids END`,
        values,
      );
    }
  }

  /** Replaces the token positions of every unfinished instance with what the engine reported just now. */
  async setCurrentActivities(engineId: string, positions: Map<string, string[]>): Promise<void> {
    const ids = [...positions.keys()];
    const activities = ids.map((id) => JSON.stringify(positions.get(id)!.sort()));
    await this.db.query(
      `UPDATE process_instance p SET current_activity_ids = ARRAY(SELECT json_array_elements_text(src.acts::json))
       FROM unnest($2::text[], $3::text[]) AS src(id, acts)
       WHERE p.engine_id = $1 AND p.id = src.id AND p.current_activity_ids IS DISTINCT FROM ARRAY(SELECT json_array_elements_text(src.acts::json))`,
      [engineId, ids, activities],
    );
    await this.db.query(
      `UPDATE process_instance SET current_activity_ids = '{}'
       WHERE engine_id = $1 AND ended_at IS NULL AND current_activity_ids <> '{}' AND NOT (id = ANY($2::text[]))`,
      [engineId, ids],
    );
  }

  async get(engineId: string, id: string): Promise<ProcessRow | null> {
    return (await this.db.query<ProcessRow>(`SELECT p.*, ${OPEN_CASES} FROM process_instance p WHERE engine_id = $1 AND id = $2`, [engineId, id]))[0] ?? null;
  }

  /** `engineId`: only that engine's instances (the sync of one engine); absent: every engine's. */
  async findByBusinessKey(key: string, limit: number, engineId?: string): Promise<ProcessRow[]> {
    return this.db.query<ProcessRow>(
      `SELECT p.*, ${OPEN_CASES} FROM process_instance p WHERE lower(business_key) = lower($1) AND ($3::text IS NULL OR engine_id = $3)
       ORDER BY started_at DESC LIMIT $2`,
      [key, limit, engineId ?? null],
    );
  }

  async findByEntity(entityType: string, entityId: string, limit: number): Promise<ProcessRow[]> {
    return this.db.query<ProcessRow>(
      `SELECT p.*, ${OPEN_CASES} FROM process_instance p WHERE entity_type = $1 AND lower(entity_id) = lower($2) ORDER BY started_at DESC LIMIT $3`,
      [entityType, entityId, limit],
    );
  }

  /**
   * Entity ids that start with `prefix` (an incomplete id typed in full format: `ORD-1009`). The prefix is
   * escaped, so a % or _ in the input stays a literal character; LIKE with a fixed prefix uses the index.
   */
  async findByEntityPrefix(entityType: string, prefix: string, limit: number): Promise<ProcessRow[]> {
    return this.db.query<ProcessRow>(
      `SELECT p.*, ${OPEN_CASES} FROM process_instance p WHERE entity_type = $1 AND lower(entity_id) LIKE lower($2)
       ORDER BY started_at DESC LIMIT $3`,
      [entityType, likePrefix(prefix), limit],
    );
  }

  /** Digits alone match the numeric part of any entity id (`100928` finds ORD-100928). */
  async findByEntityNumber(digits: string, limit: number): Promise<ProcessRow[]> {
    return this.db.query<ProcessRow>(
      `SELECT p.*, ${OPEN_CASES} FROM process_instance p WHERE substring(entity_id from '[0-9]+$') = $1 ORDER BY started_at DESC LIMIT $2`,
      [digits, limit],
    );
  }

  async findByIdOrText(text: string, limit: number): Promise<ProcessRow[]> {
    return this.db.query<ProcessRow>(
      `SELECT p.*, ${OPEN_CASES} FROM process_instance p WHERE p.id = $1 OR lower(business_key) LIKE '%' || lower($2) || '%'
       ORDER BY started_at DESC LIMIT $3`,
      [text, text.replace(/[%_\\]/g, (c) => '\\' + c), limit],
    );
  }
}
