// SQL of migration plans (migration 023): the plan, its frozen instance list, its exclusions and its events.
import type { MigrationExclusion, MigrationInstanceState, MigrationPlanState } from '../../contracts/migrations.js';
import type { EngineMigrationInstruction } from '../engine/schemas.js';
import type { Db, Queryable } from '../store/db.js';
import type { ActivityPair, ValidationFailure } from './mapping.js';

export interface PlanRow {
  id: string;
  engine_id: string;
  definition_key: string;
  process_name: string | null;
  source_version: number;
  target_version: number;
  source_definition_id: string;
  target_definition_id: string;
  reason: string;
  scope_activities: string[];
  activity_mapping: ActivityPair[];
  instructions: EngineMigrationInstruction[];
  required_variables: string[];
  allowed_order_states: string[];
  batch_size: number;
  batch_interval_seconds: number;
  state: MigrationPlanState;
  validation: { valid: boolean; failures: ValidationFailure[] };
  created_by: string;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  next_batch_at: Date | null;
  updated_at: Date;
}

export interface PlanInstanceRow {
  plan_id: string;
  position: number;
  process_instance_id: string;
  business_key: string | null;
  activity_id: string;
  batch: number;
  state: MigrationInstanceState;
  migrated_at: Date | null;
  problems: string[];
}

export interface PlanEventRow {
  plan_id: string;
  seq: number | string;
  at: Date;
  actor: string;
  type: string;
  detail: string;
}

export interface PlanCounts {
  planned: number;
  migrated: number;
  failed: number;
  skipped: number;
  pending: number;
  excluded: number;
}

/** jsonb columns come back parsed from pg and PGlite alike; text (older drivers) is parsed here. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

function planOf(row: PlanRow): PlanRow {
  return {
    ...row,
    activity_mapping: json(row.activity_mapping),
    instructions: json(row.instructions),
    validation: json(row.validation),
    source_version: Number(row.source_version),
    target_version: Number(row.target_version),
  };
}

const instanceOf = (row: PlanInstanceRow): PlanInstanceRow => ({ ...row, problems: json(row.problems) });

export class PlansRepo {
  constructor(private readonly db: Db) {}

  async insert(
    tx: Queryable,
    plan: Omit<PlanRow, 'decided_by' | 'decided_at' | 'decision_reason' | 'next_batch_at' | 'updated_at'>,
    instances: readonly Omit<PlanInstanceRow, 'plan_id' | 'state' | 'migrated_at' | 'problems'>[],
    exclusions: readonly MigrationExclusion[],
  ): Promise<void> {
    await tx.query(
      `INSERT INTO migration_plan (id, engine_id, definition_key, process_name, source_version, target_version, source_definition_id,
         target_definition_id, reason, scope_activities, activity_mapping, instructions, required_variables, allowed_order_states,
         batch_size, batch_interval_seconds, state, validation, created_by, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20)`,
      [plan.id, plan.engine_id, plan.definition_key, plan.process_name, plan.source_version, plan.target_version, plan.source_definition_id,
        plan.target_definition_id, plan.reason, plan.scope_activities, JSON.stringify(plan.activity_mapping), JSON.stringify(plan.instructions),
        plan.required_variables, plan.allowed_order_states, plan.batch_size, plan.batch_interval_seconds, plan.state, JSON.stringify(plan.validation),
        plan.created_by, plan.created_at],
    );
    // One statement per list (unnest), so a list of thousands is two round trips, not thousands.
    if (instances.length) {
      await tx.query(
        `INSERT INTO migration_plan_instance (plan_id, position, process_instance_id, business_key, activity_id, batch, state)
         SELECT $1, * , 'PENDING' FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[])`,
        [plan.id, instances.map((i) => i.position), instances.map((i) => i.process_instance_id), instances.map((i) => i.business_key),
          instances.map((i) => i.activity_id), instances.map((i) => i.batch)],
      );
    }
    if (exclusions.length) {
      await tx.query(
        `INSERT INTO migration_plan_exclusion (plan_id, position, process_instance_id, business_key, activity_id, reason, detail, case_id)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
        [plan.id, exclusions.map((_, i) => i), exclusions.map((e) => e.processInstanceId), exclusions.map((e) => e.businessKey),
          exclusions.map((e) => e.activityId), exclusions.map((e) => e.reason), exclusions.map((e) => e.detail), exclusions.map((e) => e.caseId)],
      );
    }
  }

  async get(id: string, q: Queryable = this.db): Promise<PlanRow | null> {
    const row = (await q.query<PlanRow>('SELECT * FROM migration_plan WHERE id = $1', [id]))[0];
    return row ? planOf(row) : null;
  }

  /** Locks the plan row for a state change: decisions, abort and the executor's steps serialise on it. */
  async getForUpdate(tx: Queryable, id: string): Promise<PlanRow | null> {
    const row = (await tx.query<PlanRow>('SELECT * FROM migration_plan WHERE id = $1 FOR UPDATE', [id]))[0];
    return row ? planOf(row) : null;
  }

  async list(limit: number): Promise<PlanRow[]> {
    return (await this.db.query<PlanRow>('SELECT * FROM migration_plan ORDER BY created_at DESC, id DESC LIMIT $1', [limit])).map(planOf);
  }

  /** Running plans of one engine (the executor's work). */
  async running(engineId: string): Promise<PlanRow[]> {
    return (await this.db.query<PlanRow>("SELECT * FROM migration_plan WHERE engine_id = $1 AND state = 'RUNNING' ORDER BY created_at, id", [engineId])).map(planOf);
  }

  async setState(tx: Queryable, id: string, state: MigrationPlanState, at: Date, extra: { decidedBy?: string; decisionReason?: string; nextBatchAt?: Date | null } = {}): Promise<void> {
    await tx.query(
      `UPDATE migration_plan SET state = $2, updated_at = $3,
         decided_by = COALESCE($4, decided_by), decided_at = CASE WHEN $4::text IS NULL THEN decided_at ELSE $3 END,
         decision_reason = COALESCE($5, decision_reason),
         next_batch_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE next_batch_at END
       WHERE id = $1`,
      [id, state, at, extra.decidedBy ?? null, extra.decisionReason ?? null, extra.nextBatchAt !== undefined, extra.nextBatchAt ?? null],
    );
  }

  async instances(planId: string, q: Queryable = this.db): Promise<PlanInstanceRow[]> {
    return (await q.query<PlanInstanceRow>('SELECT * FROM migration_plan_instance WHERE plan_id = $1 ORDER BY position', [planId])).map(instanceOf);
  }

  async exclusions(planId: string): Promise<MigrationExclusion[]> {
    const rows = await this.db.query<{ process_instance_id: string; business_key: string | null; activity_id: string; reason: MigrationExclusion['reason']; detail: string; case_id: string | null }>(
      'SELECT * FROM migration_plan_exclusion WHERE plan_id = $1 ORDER BY position',
      [planId],
    );
    return rows.map((r) => ({ processInstanceId: r.process_instance_id, businessKey: r.business_key, activityId: r.activity_id, reason: r.reason, detail: r.detail, caseId: r.case_id }));
  }

  async events(planId: string): Promise<PlanEventRow[]> {
    return this.db.query<PlanEventRow>('SELECT * FROM migration_plan_event WHERE plan_id = $1 ORDER BY seq', [planId]);
  }

  async addEvent(tx: Queryable, planId: string, event: { at: Date; actor: string; type: string; detail: string }): Promise<void> {
    await tx.query('INSERT INTO migration_plan_event (plan_id, at, actor, type, detail) VALUES ($1,$2,$3,$4,$5)', [planId, event.at, event.actor, event.type, event.detail]);
  }

  /** Records one instance's outcome as it happened (what the engine did wins over a concurrent abort's SKIPPED). */
  async setInstance(tx: Queryable, planId: string, processInstanceId: string, state: MigrationInstanceState, at: Date | null, problems: readonly string[]): Promise<void> {
    await tx.query(
      'UPDATE migration_plan_instance SET state = $3, migrated_at = COALESCE($4, migrated_at), problems = $5 WHERE plan_id = $1 AND process_instance_id = $2',
      [planId, processInstanceId, state, at, JSON.stringify(problems)],
    );
  }

  /** Marks every still-pending instance skipped (abort, halt), with the reason in words; returns their ids. */
  async skipPending(tx: Queryable, planId: string, problem: string): Promise<string[]> {
    const rows = await tx.query<{ process_instance_id: string }>(
      `UPDATE migration_plan_instance SET state = 'SKIPPED', problems = problems || $2::jsonb
       WHERE plan_id = $1 AND state = 'PENDING' RETURNING process_instance_id`,
      [planId, JSON.stringify([problem])],
    );
    return rows.map((r) => r.process_instance_id);
  }

  async counts(planIds: readonly string[]): Promise<Map<string, PlanCounts>> {
    const result = new Map<string, PlanCounts>();
    if (!planIds.length) return result;
    for (const id of planIds) result.set(id, { planned: 0, migrated: 0, failed: 0, skipped: 0, pending: 0, excluded: 0 });
    const rows = await this.db.query<{ plan_id: string; state: MigrationInstanceState; n: number | string }>(
      'SELECT plan_id, state, count(*) AS n FROM migration_plan_instance WHERE plan_id = ANY($1) GROUP BY plan_id, state',
      [[...planIds]],
    );
    for (const row of rows) {
      const c = result.get(row.plan_id)!;
      const n = Number(row.n);
      c.planned += n;
      if (row.state === 'MIGRATED') c.migrated += n;
      else if (row.state === 'FAILED') c.failed += n;
      else if (row.state === 'SKIPPED') c.skipped += n;
      else c.pending += n;
    }
    const excluded = await this.db.query<{ plan_id: string; n: number | string }>(
      'SELECT plan_id, count(*) AS n FROM migration_plan_exclusion WHERE plan_id = ANY($1) GROUP BY plan_id',
      [[...planIds]],
    );
    for (const row of excluded) result.get(row.plan_id)!.excluded = Number(row.n);
    return result;
  }

  /** Process instances among `ids` with an open fallout case of this engine: instance id → case id. */
  async openCases(engineId: string, ids: readonly string[], q: Queryable = this.db): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (!ids.length) return found;
    const rows = await q.query<{ id: string; process_instance_id: string; root_process_instance_id: string | null }>(
      `SELECT id, process_instance_id, root_process_instance_id FROM fallout_case
       WHERE engine_id = $1 AND status NOT IN ('RESOLVED', 'CLOSED')
         AND (process_instance_id = ANY($2) OR root_process_instance_id = ANY($2))
       ORDER BY first_seen_at, id`,
      [engineId, [...ids]],
    );
    const wanted = new Set(ids);
    for (const row of rows) {
      for (const pid of [row.process_instance_id, row.root_process_instance_id]) {
        if (pid && wanted.has(pid) && !found.has(pid)) found.set(pid, row.id);
      }
    }
    return found;
  }
}
