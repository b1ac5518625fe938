// Operations users ran on the engine directly (Cockpit, engine REST, scripts), as the engine's user operation
// log records them: kept for the instances the read model has cases for, and read per case for its timeline.
import type { Db } from './db.js';

export interface EngineOperationRow {
  engine_id: string;
  id: string;
  operation_id: string | null;
  at: Date;
  user_id: string | null;
  operation_type: string;
  entity_type: string | null;
  property: string | null;
  org_value: string | null;
  new_value: string | null;
  process_instance_id: string;
  external_task_id: string | null;
  job_id: string | null;
  annotation: string | null;
}

export type NewEngineOperation = Omit<EngineOperationRow, 'at'> & { at: string };

export class EngineOperationsRepo {
  constructor(private readonly db: Db) {}

  /** Of these process instances, the ones some case names (as its instance, or as its root instance). */
  async instancesWithCases(engineId: string, processInstanceIds: string[]): Promise<Set<string>> {
    if (processInstanceIds.length === 0) return new Set();
    // One index probe per id on each column (migration 008's instance and root instance indexes).
    const rows = await this.db.query<{ id: string }>(
      `SELECT k.id FROM unnest($2::text[]) AS k(id)
       WHERE EXISTS (SELECT 1 FROM fallout_case c WHERE c.process_instance_id = k.id AND c.engine_id = $1)
          OR EXISTS (SELECT 1 FROM fallout_case c WHERE c.root_process_instance_id = k.id AND c.engine_id = $1)`,
      [engineId, [...new Set(processInstanceIds)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Stores log entries in one statement; an entry read again (the overlap of the incremental read) is ignored. */
  async insert(rows: NewEngineOperation[]): Promise<number> {
    if (rows.length === 0) return 0;
    const col = <K extends keyof NewEngineOperation>(key: K) => rows.map((r) => r[key]);
    const inserted = await this.db.query(
      `INSERT INTO engine_operation (engine_id, id, operation_id, at, user_id, operation_type, entity_type, property, org_value, new_value,
         process_instance_id, external_task_id, job_id, annotation)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
       ON CONFLICT (engine_id, id) DO NOTHING RETURNING id`,
      [col('engine_id'), col('id'), col('operation_id'), col('at'), col('user_id'), col('operation_type'), col('entity_type'), col('property'),
        col('org_value'), col('new_value'), col('process_instance_id'), col('external_task_id'), col('job_id'), col('annotation')],
    );
    return inserted.length;
  }

  /** The newest entries on these instances (a case's own and its root instance), newest first. */
  async ofInstances(engineId: string, processInstanceIds: string[], limit = 200): Promise<EngineOperationRow[]> {
    const ids = [...new Set(processInstanceIds.filter(Boolean))];
    if (ids.length === 0) return [];
    return this.db.query<EngineOperationRow>(
      `SELECT o.* FROM unnest($2::text[]) AS k(id)
       CROSS JOIN LATERAL (SELECT * FROM engine_operation o WHERE o.engine_id = $1 AND o.process_instance_id = k.id ORDER BY o.at DESC LIMIT $3) o
       ORDER BY o.at DESC, o.id LIMIT $3`,
      [engineId, ids, limit],
    );
  }
}
