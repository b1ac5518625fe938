// Set-based writes and bounded reads of the incremental incident sync: one statement per batch, never one
// round trip per incident, and no read that grows with the total of cases.
import { ACTIVE_STATUSES, type CaseIncidentRow, type NewCase } from './cases-repo.js';
import type { Db, Queryable } from './db.js';
import type { CaseRow } from './rows.js';

export type NewIncidentRow = Omit<CaseIncidentRow, 'open' | 'created_at'> & { created_at: string };

export class IncidentSyncRepo {
  constructor(private readonly db: Db) {}

  /** Which of these incidents the read model already has, and their case. */
  async knownIncidents(engineId: string, incidentIds: string[], tx: Queryable = this.db): Promise<Map<string, string>> {
    if (incidentIds.length === 0) return new Map();
    // One primary-key lookup per id (LATERAL … LIMIT 1): a plain `= ANY` let the planner scan the engine's rows.
    const rows = await tx.query<{ incident_id: string; case_id: string }>(
      `SELECT i.incident_id, i.case_id FROM unnest($2::text[]) AS k(id)
       CROSS JOIN LATERAL (SELECT incident_id, case_id FROM case_incident WHERE engine_id = $1 AND incident_id = k.id LIMIT 1) i`,
      [engineId, incidentIds],
    );
    return new Map(rows.map((r) => [r.incident_id, r.case_id]));
  }

  /**
   * For each (instance, activity), the case a new failure there joins instead of opening another: the newest
   * active one, or one resolved since `resolvedSince` (the recurrence window). Keyed `instance\u0000activity`.
   */
  async recurrenceTargets(tx: Queryable, engineId: string, keys: { processInstanceId: string; activityId: string }[], resolvedSince: Date): Promise<Map<string, CaseRow>> {
    if (keys.length === 0) return new Map();
    // One index lookup per key (instance, activity): a join let the planner hash every active case.
    const rows = await tx.query<CaseRow>(
      `SELECT c.* FROM unnest($2::text[], $3::text[]) AS k(pi, act)
       CROSS JOIN LATERAL (
         SELECT * FROM fallout_case c WHERE c.engine_id = $1 AND c.process_instance_id = k.pi AND c.activity_id = k.act
           AND c.source = 'INCIDENT' AND (c.status = ANY($4) OR (c.status = 'RESOLVED' AND c.resolved_at >= $5))
         ORDER BY c.created_at DESC LIMIT 1) c`,
      [engineId, keys.map((k) => k.processInstanceId), keys.map((k) => k.activityId), ACTIVE_STATUSES, resolvedSince],
    );
    if (rows.length === 0) return new Map();
    // Locked and read again: a recovery command may be changing the same case (the commands run beside the sync).
    const locked = await tx.query<CaseRow>('SELECT * FROM fallout_case WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [rows.map((r) => r.id)]);
    return new Map(locked.map((r) => [recurrenceKey(r.process_instance_id, r.activity_id), r]));
  }

  /** Inserts new cases in one statement; their numbers come from the sequence in one statement too. */
  async insertCases(tx: Queryable, input: NewCase[], now: Date): Promise<string[]> {
    if (input.length === 0) return [];
    const numbers = await tx.query<{ n: string }>("SELECT nextval('fallout_case_number')::text AS n FROM generate_series(1, $1)", [input.length]);
    const ids = numbers.map((r) => `FO-${now.getUTCFullYear()}-${r.n.padStart(6, '0')}`);
    const col = <T>(pick: (c: NewCase) => T) => input.map(pick);
    await tx.query(
      `INSERT INTO fallout_case (id, engine_id, source, status, category, unclassified, severity, business_key, entity_type, entity_id,
         process_instance_id, root_process_instance_id, definition_id, definition_key, definition_version, activity_id, activity_name,
         incident_type, topic, error_message, first_seen_at, last_seen_at, resolved_at, version, created_at, updated_at,
         classification_rule, runbook_id, team, sla_due_at, finding_key)
       SELECT id, engine_id, source, 'OPEN', category, unclassified, severity, business_key, entity_type, entity_id,
         process_instance_id, root_process_instance_id, definition_id, definition_key, definition_version, activity_id, activity_name,
         incident_type, topic, error_message, first_seen_at, first_seen_at, NULL, 1, $24, $24,
         classification_rule, runbook_id, team, sla_due_at, finding_key
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
         $20::timestamptz[], $21::text[], $22::text[], $23::text[], $25::timestamptz[], $26::text[])
         AS t(id, engine_id, source, category, unclassified, severity, business_key, entity_type, entity_id,
           process_instance_id, root_process_instance_id, definition_id, definition_key, definition_version, activity_id, activity_name,
           incident_type, topic, error_message, first_seen_at, classification_rule, runbook_id, team, sla_due_at, finding_key)`,
      [
        ids, col((c) => c.engineId), col((c) => c.source), col((c) => c.category), col((c) => c.unclassified), col((c) => c.severity),
        col((c) => c.businessKey), col((c) => c.entityType), col((c) => c.entityId), col((c) => c.processInstanceId),
        col((c) => c.rootProcessInstanceId), col((c) => c.definitionId), col((c) => c.definitionKey), col((c) => c.definitionVersion),
        col((c) => c.activityId), col((c) => c.activityName), col((c) => c.incidentType), col((c) => c.topic), col((c) => c.errorMessage),
        col((c) => c.firstSeenAt), col((c) => c.classificationRule), col((c) => c.runbookId), col((c) => c.team), now,
        col((c) => c.slaDueAt.toISOString()), col((c) => c.findingKey),
      ],
    );
    return ids;
  }

  /** Attaches incidents to their cases in one statement; an incident already attached stays where it is. */
  async attachIncidents(tx: Queryable, rows: NewIncidentRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof NewIncidentRow>(key: K) => rows.map((r) => r[key]);
    await tx.query(
      `INSERT INTO case_incident (case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key,
         activity_id, configuration, message, created_at, open)
       SELECT case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key,
         activity_id, configuration, message, created_at, true
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
         AS t(case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key, activity_id, configuration, message, created_at)
       ON CONFLICT (engine_id, incident_id) DO NOTHING`,
      [col('case_id'), col('engine_id'), col('incident_id'), col('incident_type'), col('is_root_cause'), col('process_instance_id'),
        col('process_definition_key'), col('activity_id'), col('configuration'), col('message'), col('created_at')],
    );
    // A new open incident on a case waiting for its verified resolution: it no longer waits.
    await tx.query('DELETE FROM resolution_candidate WHERE case_id = ANY($1::text[])', [[...new Set(col('case_id'))]]);
  }

  /**
   * Marks incidents the engine no longer has as closed, and queues their cases for the verified resolution
   * when no open incident is left on them. Returns how many incidents it closed.
   */
  async closeIncidents(engineId: string, incidentIds: string[], now: Date): Promise<number> {
    if (incidentIds.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const closed = await tx.query<{ case_id: string }>(
        `UPDATE case_incident ci SET open = false, closed_seen_at = $3 FROM unnest($2::text[]) AS k(id)
         WHERE ci.engine_id = $1 AND ci.incident_id = k.id AND ci.open RETURNING ci.case_id`,
        [engineId, incidentIds, now],
      );
      if (closed.length === 0) return 0;
      await tx.query(
        `INSERT INTO resolution_candidate (case_id, engine_id, since)
         SELECT c.id, c.engine_id, $3 FROM unnest($2::text[]) AS k(id)
         CROSS JOIN LATERAL (SELECT id, engine_id FROM fallout_case c WHERE c.id = k.id AND c.engine_id = $1 AND c.source = 'INCIDENT'
           AND c.status = ANY($4) AND NOT EXISTS (SELECT 1 FROM case_incident i WHERE i.case_id = c.id AND i.open) LIMIT 1) c
         ON CONFLICT (case_id) DO NOTHING`,
        [engineId, [...new Set(closed.map((r) => r.case_id))], now, ACTIVE_STATUSES],
      );
      return closed.length;
    });
  }

  /**
   * The open incidents the read model has in an id range, bounds inclusive, null for open-ended: compared
   * with one engine page of the same range. Byte order ("C"), as the engine sorts ids.
   */
  async openIncidentIdsInRange(engineId: string, fromId: string | null, toId: string | null, createdBefore: Date | null = null): Promise<string[]> {
    const rows = await this.db.query<{ incident_id: string }>(
      `SELECT incident_id FROM case_incident
       WHERE engine_id = $1 AND open AND ($2::text IS NULL OR incident_id COLLATE "C" >= $2) AND ($3::text IS NULL OR incident_id COLLATE "C" <= $3)
         AND ($4::timestamptz IS NULL OR created_at < $4)`,
      [engineId, fromId, toId, createdBefore],
    );
    return rows.map((r) => r.incident_id);
  }

  /** When the oldest incident the read model has open was raised (engine time), or null. */
  async oldestOpenIncidentAt(engineId: string): Promise<string | null> {
    const [row] = await this.db.query<{ at: Date | null }>('SELECT min(created_at) AS at FROM case_incident WHERE engine_id = $1 AND open', [engineId]);
    return row?.at ? new Date(row.at).toISOString() : null;
  }

  /** Open incidents stamped after `after` and at or before `atOrBefore`: compared with the engine's count. */
  async countOpenIncidentsCreatedBetween(engineId: string, after: string, atOrBefore: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM case_incident WHERE engine_id = $1 AND open AND created_at > $2 AND created_at <= $3',
      [engineId, after, atOrBefore],
    );
    return row?.n ?? 0;
  }

  async countOpenIncidents(engineId: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_incident WHERE engine_id = $1 AND open', [engineId]);
    return row?.n ?? 0;
  }

  /**
   * Candidates due for the verified-resolution check, oldest due first. Candidates that no longer qualify
   * (the case was closed by hand, or a new incident opened on it) are dropped on the way.
   */
  async dueResolutionCandidates(engineId: string, limit: number): Promise<CaseRow[]> {
    await this.db.query(
      `DELETE FROM resolution_candidate r USING fallout_case c
       WHERE r.case_id = c.id AND r.engine_id = $1
         AND (NOT (c.status = ANY($2)) OR EXISTS (SELECT 1 FROM case_incident i WHERE i.case_id = c.id AND i.open))`,
      [engineId, ACTIVE_STATUSES],
    );
    return this.db.query<CaseRow>(
      `SELECT c.* FROM resolution_candidate r JOIN fallout_case c ON c.id = r.case_id
       WHERE r.engine_id = $1 ORDER BY r.checks, r.case_id LIMIT $2`,
      [engineId, limit],
    );
  }

  /** Resolves the cases the engine showed moved on, in one statement. */
  async resolve(caseIds: string[], now: Date): Promise<number> {
    if (caseIds.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE fallout_case c SET status = 'RESOLVED', resolved_at = $2, version = c.version + 1, updated_at = $2
         FROM unnest($1::text[]) AS k(id) WHERE c.id = k.id AND c.status = ANY($3) RETURNING c.id`,
        [caseIds, now, ACTIVE_STATUSES],
      );
      await tx.query('DELETE FROM resolution_candidate WHERE case_id = ANY($1::text[])', [caseIds]);
      return rows.length;
    });
  }

  /** Checks again, after the less checked ones, the candidates whose token is still at the failed step. */
  async postpone(caseIds: string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await this.db.query('UPDATE resolution_candidate SET checks = checks + 1 WHERE case_id = ANY($1::text[])', [caseIds]);
  }
}

export const recurrenceKey = (processInstanceId: string, activityId: string) => `${processInstanceId}\u0000${activityId}`;
