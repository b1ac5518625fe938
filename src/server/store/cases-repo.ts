import type { CaseStatus, CaseSummary } from '../../contracts/cases.js';
import { recordEvents, type CaseTransition } from './case-events.js';
import type { Db, Queryable } from './db.js';
import type { CaseRow } from './rows.js';

/**
 * The working set: cases that need someone (the queue's "open"). Besides an open incident or finding being
 * worked, an incident cleared outside the workbench with the token still at the step, and an instance cancelled
 * in the engine while the domain still has it active. Must equal the partial indexes' list (migration 012).
 */
export const ACTIVE_STATUSES: CaseStatus[] = ['OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE'];
/** The active statuses of a case still worked on its own failure (not changed in the engine behind its back). */
export const WORKED_STATUSES: CaseStatus[] = ['OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED'];

export interface NewCase {
  engineId: string;
  source: CaseSummary['source'];
  category: CaseSummary['category'];
  unclassified: boolean;
  severity: CaseSummary['severity'];
  businessKey: string | null;
  entityType: string | null;
  entityId: string | null;
  processInstanceId: string | null;
  rootProcessInstanceId: string | null;
  definitionId: string | null;
  definitionKey: string;
  definitionVersion: number | null;
  activityId: string | null;
  activityName: string | null;
  incidentType: string | null;
  topic: string | null;
  errorMessage: string | null;
  firstSeenAt: string;
  classificationRule: string | null;
  runbookId: string | null;
  team: string | null;
  slaDueAt: Date;
  /** Identity of a case without an incident (stuck or reconcile finding), so a re-read never duplicates it. */
  findingKey: string | null;
}

export interface CaseIncidentRow {
  case_id: string;
  engine_id: string;
  incident_id: string;
  incident_type: string;
  is_root_cause: boolean;
  process_instance_id: string;
  process_definition_key: string | null;
  activity_id: string;
  configuration: string | null;
  message: string | null;
  created_at: Date;
  open: boolean;
  /** When the sync attached it (workbench clock); null for rows older than migration 012. */
  attached_at?: Date | null;
  /** When the sync saw it gone (workbench clock). */
  closed_seen_at?: Date | null;
}

/** Fields the sync may change on an existing case; the version moves only when one of them really changes. */
export type CaseChanges = Partial<
  Pick<CaseRow, 'status' | 'error_message' | 'last_seen_at' | 'resolved_at' | 'business_key' | 'entity_type' | 'entity_id' | 'team' | 'assignee' | 'reopened_count'>
>;

export class CasesRepo {
  constructor(private readonly db: Db) {}

  async create(tx: Queryable, input: NewCase, now: Date): Promise<CaseRow> {
    const [{ n }] = (await tx.query<{ n: number }>("SELECT nextval('fallout_case_number')::int AS n")) as [{ n: number }];
    const id = `FO-${now.getUTCFullYear()}-${String(n).padStart(6, '0')}`;
    const rows = await tx.query<CaseRow>(
      `INSERT INTO fallout_case (id, engine_id, source, status, category, unclassified, severity, business_key, entity_type, entity_id,
         process_instance_id, root_process_instance_id, definition_id, definition_key, definition_version, activity_id, activity_name,
         incident_type, topic, error_message, first_seen_at, last_seen_at, resolved_at, version, created_at, updated_at,
         classification_rule, runbook_id, team, sla_due_at, finding_key)
       VALUES ($1,$2,$3,'OPEN',$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20,NULL,1,$21,$21,$22,$23,$24,$25,$26)
       RETURNING *`,
      [id, input.engineId, input.source, input.category, input.unclassified, input.severity, input.businessKey, input.entityType, input.entityId,
        input.processInstanceId, input.rootProcessInstanceId, input.definitionId, input.definitionKey, input.definitionVersion, input.activityId,
        input.activityName, input.incidentType, input.topic, input.errorMessage, input.firstSeenAt, now,
        input.classificationRule, input.runbookId, input.team, input.slaDueAt, input.findingKey],
    );
    return rows[0]!;
  }

  /** Applies only the fields that differ; returns the row unchanged (same version) when nothing does. */
  async applyChanges(tx: Queryable, current: CaseRow, changes: CaseChanges, now: Date): Promise<CaseRow> {
    const differing = Object.entries(changes).filter(([key, value]) => !sameValue(current[key as keyof CaseRow], value));
    if (differing.length === 0) return current;
    const sets = differing.map(([key], i) => `${key} = $${i + 3}`);
    const rows = await tx.query<CaseRow>(
      `UPDATE fallout_case SET ${sets.join(', ')}, version = version + 1, updated_at = $2 WHERE id = $1 RETURNING *`,
      [current.id, now, ...differing.map(([, value]) => value)],
    );
    return rows[0]!;
  }

  async get(id: string, tx: Queryable = this.db): Promise<CaseRow | null> {
    return (await tx.query<CaseRow>('SELECT * FROM fallout_case WHERE id = $1', [id]))[0] ?? null;
  }

  /** Several cases in one statement (lists that show a case per row). */
  async getMany(ids: string[], tx: Queryable = this.db): Promise<CaseRow[]> {
    if (ids.length === 0) return [];
    return tx.query<CaseRow>('SELECT * FROM fallout_case WHERE id = ANY($1::text[])', [ids]);
  }

  async getForUpdate(tx: Queryable, id: string): Promise<CaseRow | null> {
    return (await tx.query<CaseRow>('SELECT * FROM fallout_case WHERE id = $1 FOR UPDATE', [id]))[0] ?? null;
  }

  async incidentsOf(caseId: string, tx: Queryable = this.db): Promise<CaseIncidentRow[]> {
    return tx.query<CaseIncidentRow>('SELECT * FROM case_incident WHERE case_id = $1 ORDER BY created_at, incident_id', [caseId]);
  }

  async list(filter: {
    statuses: CaseStatus[] | null;
    category?: string | null;
    team?: string | null;
    assignee?: string | null;
    limit: number;
    offset: number;
  }): Promise<{ items: CaseRow[]; total: number }> {
    // Fixed predicates with parameters; a null parameter switches its predicate off.
    const where = `WHERE ($1::text[] IS NULL OR status = ANY($1)) AND ($2::text IS NULL OR category = $2)
      AND ($3::text IS NULL OR team = $3) AND ($4::text IS NULL OR assignee = $4)`;
    const params = [filter.statuses, filter.category ?? null, filter.team ?? null, filter.assignee ?? null];
    const [rows, [count]] = await Promise.all([
      this.db.query<CaseRow>(`SELECT * FROM fallout_case ${where} ORDER BY last_seen_at DESC, id DESC LIMIT $5 OFFSET $6`, [
        ...params,
        filter.limit,
        filter.offset,
      ]),
      this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM fallout_case ${where}`, params),
    ]);
    return { items: rows, total: count?.total ?? 0 };
  }

  /** Of these (instance, activity) pairs, the ones with an active incident case, keyed `instance\u0000activity`. */
  async activeIncidentCasesAt(engineId: string, pairs: { processInstanceId: string; activityId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await this.db.query<{ process_instance_id: string; activity_id: string }>(
      `SELECT c.process_instance_id, c.activity_id FROM unnest($1::text[], $2::text[]) AS k(pi, act)
       CROSS JOIN LATERAL (SELECT process_instance_id, activity_id FROM fallout_case
         WHERE engine_id = $4 AND process_instance_id = k.pi AND activity_id = k.act AND source = 'INCIDENT' AND status = ANY($3) LIMIT 1) c`,
      [pairs.map((p) => p.processInstanceId), pairs.map((p) => p.activityId), ACTIVE_STATUSES, engineId],
    );
    return new Set(rows.map((r) => `${r.process_instance_id}\u0000${r.activity_id}`));
  }

  /** Of these finding keys, the ones with an active case. */
  async activeFindingKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.query<{ finding_key: string }>(
      `SELECT c.finding_key FROM unnest($1::text[]) AS k(key)
       CROSS JOIN LATERAL (SELECT finding_key FROM fallout_case WHERE finding_key = k.key AND status = ANY($2) LIMIT 1) c`,
      [keys, ACTIVE_STATUSES],
    );
    return new Set(rows.map((r) => r.finding_key));
  }

  /** The latest case of a finding of one engine (the same order may be a finding in two engines, each its own case). */
  async findByFinding(tx: Queryable, engineId: string, findingKey: string): Promise<CaseRow | null> {
    return (await tx.query<CaseRow>('SELECT * FROM fallout_case WHERE finding_key = $1 AND engine_id = $2 ORDER BY created_at DESC LIMIT 1', [findingKey, engineId]))[0] ?? null;
  }

  /** Active cases of one source, to resolve the findings that went away. */
  async activeOfSource(engineId: string, source: CaseSummary['source']): Promise<CaseRow[]> {
    return this.db.query<CaseRow>('SELECT * FROM fallout_case WHERE engine_id = $1 AND source = $2 AND status = ANY($3)', [engineId, source, ACTIVE_STATUSES]);
  }

  /** Other cases of the same entity, and active cases at the same activity (a failure storm), for the case page. */
  async linkedTo(row: CaseRow, limit = 20): Promise<{ reason: 'SAME_ENTITY' | 'SAME_ACTIVITY_STORM'; row: CaseRow }[]> {
    const sameEntity = row.entity_type && row.entity_id
      ? await this.db.query<CaseRow>(
          'SELECT * FROM fallout_case WHERE entity_type = $1 AND entity_id = $2 AND id <> $3 ORDER BY last_seen_at DESC LIMIT $4',
          [row.entity_type, row.entity_id, row.id, limit],
        )
      : [];
    const storm = row.activity_id
      ? await this.db.query<CaseRow>(
          `SELECT * FROM fallout_case WHERE engine_id = $1 AND definition_key = $2 AND activity_id = $3 AND id <> $4 AND status = ANY($5)
           ORDER BY last_seen_at DESC LIMIT $6`,
          [row.engine_id, row.definition_key, row.activity_id, row.id, ACTIVE_STATUSES, limit],
        )
      : [];
    const seen = new Set(sameEntity.map((r) => r.id));
    return [
      ...sameEntity.map((r) => ({ reason: 'SAME_ENTITY' as const, row: r })),
      ...storm.filter((r) => !seen.has(r.id)).map((r) => ({ reason: 'SAME_ACTIVITY_STORM' as const, row: r })),
    ];
  }

  /** Active cases at one activity, oldest first: the bulk retry's candidates. */
  async activeAtActivity(definitionKey: string, activityId: string, limit: number): Promise<CaseRow[]> {
    return this.db.query<CaseRow>(
      `SELECT * FROM fallout_case WHERE definition_key = $1 AND activity_id = $2 AND status = ANY($3)
       ORDER BY first_seen_at, id LIMIT $4`,
      [definitionKey, activityId, ACTIVE_STATUSES, limit],
    );
  }

  /** Cases matching a search; `where` is one of the fixed predicates below, never user text. */
  async searchBy(
    predicate: 'id' | 'businessKey' | 'entity' | 'entityPrefix' | 'entityNumber' | 'processInstance',
    params: unknown[],
    limit: number,
  ): Promise<CaseRow[]> {
    // Each predicate is the exact expression an index of migration 008 is built on.
    const where = {
      id: 'upper(id) = upper($1)',
      businessKey: 'lower(business_key) = lower($1)',
      entity: 'entity_type = $1 AND lower(entity_id) = lower($2)',
      entityPrefix: "entity_type = $1 AND lower(entity_id) LIKE lower($2)",
      // The trailing run of digits equals the digits typed: the same cases as `~ '(^|[^0-9])' || digits || '$'`.
      entityNumber: "substring(entity_id from '[0-9]+$') = $1",
      processInstance: 'process_instance_id = $1 OR root_process_instance_id = $1',
    }[predicate];
    const bound = predicate === 'entityPrefix' ? [params[0], likePrefix(String(params[1]))] : params;
    const rows = await this.db.query<CaseRow>(
      `SELECT * FROM fallout_case WHERE ${where}
       ORDER BY CASE WHEN status IN ('RESOLVED','CLOSED') THEN 1 ELSE 0 END, last_seen_at DESC LIMIT $${params.length + 1}`,
      [...bound, limit],
    );
    return rows;
  }

  /** Order cases whose instance was cancelled in the engine, waiting for (or contradicting) the order service. */
  async cancelledOrderCases(engineId: string): Promise<CaseRow[]> {
    return this.db.query<CaseRow>(
      "SELECT * FROM fallout_case WHERE engine_id = $1 AND status = 'CANCELLED_IN_ENGINE' AND entity_type = 'ORDER' ORDER BY id",
      [engineId],
    );
  }

  /** Records what the order service says against a cancelled instance (a mismatch); only changed texts bump the version. */
  async flagDomainMismatch(flags: CaseTransition[], now: Date): Promise<number> {
    if (flags.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE fallout_case c SET domain_mismatch = k.text, version = c.version + 1, updated_at = $3
         FROM unnest($1::text[], $2::text[]) AS k(id, text)
         WHERE c.id = k.id AND c.status = 'CANCELLED_IN_ENGINE' AND c.domain_mismatch IS DISTINCT FROM k.text RETURNING c.id`,
        [flags.map((f) => f.caseId), flags.map((f) => f.text), now],
      );
      await recordEvents(tx, flags, rows, now, 'DOMAIN_MISMATCH', 'FLAGGED');
      return rows.length;
    });
  }

  /** Closes cancelled-instance cases the order service agrees with: nothing is left to do. */
  async closeCancelled(closings: CaseTransition[], now: Date): Promise<number> {
    if (closings.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE fallout_case c SET status = 'CLOSED', resolved_at = $2, domain_mismatch = NULL, version = c.version + 1, updated_at = $2
         FROM unnest($1::text[]) AS k(id) WHERE c.id = k.id AND c.status = 'CANCELLED_IN_ENGINE' RETURNING c.id`,
        [closings.map((c) => c.caseId), now],
      );
      await recordEvents(tx, closings, rows, now, 'CLOSED', 'CLOSED');
      return rows.length;
    });
  }

  async countActive(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fallout_case WHERE status = ANY($1)', [ACTIVE_STATUSES]);
    return row?.n ?? 0;
  }
}

/**
 * A LIKE pattern matching the values that start with `prefix`: its `%`, `_` and `\\` stay literal characters,
 * and the pattern has a fixed prefix, so a `text_pattern_ops` index serves it.
 */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    if (a === null || b === null || a === undefined || b === undefined) return a === b;
    return new Date(a as string).getTime() === new Date(b as string).getTime();
  }
  return a === b;
}
