// Set-based writes and bounded reads of the incremental incident sync: one statement per batch, never one
// round trip per incident, and no read that grows with the total of cases.
import type { CaseStatus } from '../../contracts/cases.js';
import { recordEvents, type CaseTransition } from './case-events.js';
import { ACTIVE_STATUSES, WORKED_STATUSES, type CaseIncidentRow, type NewCase } from './cases-repo.js';
import type { Db, Queryable } from './db.js';
import type { CaseRow } from './rows.js';

export type { CaseTransition };

export type NewIncidentRow = Omit<CaseIncidentRow, 'open' | 'created_at' | 'attached_at' | 'closed_seen_at'> & { created_at: string };

/** Cases the verified-resolution check still looks at: an instance cancelled in the engine has nothing left to check. */
const RESOLVABLE_STATUSES: CaseStatus[] = [...WORKED_STATUSES, 'CLEARED_OUTSIDE'];

/**
 * Recovery commands that give the failed step another go (or confirm its outcome), so the incident goes away
 * through the workbench. One of these since the incident was attached means the workbench cleared it.
 */
export const CLEARING_ACTIONS = ['RETRY_STEP', 'MARK_FAILED_AND_RETRY', 'CONFIRM_EXTERNAL_OUTCOME'] as const;

/** A case whose instance the engine ended by cancellation. */
export interface CaseCancellation extends CaseTransition {
  /** When the engine ended the instance (engine time). */
  endedAt: string;
  /** Nothing to compare with a domain service (the case names no order): closed at once. */
  close: boolean;
}

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

  /**
   * Attaches incidents to their cases in one statement; an incident already attached stays where it is.
   * `attachedAt` (the workbench's clock) tells later whether a recovery command came after this incident.
   */
  /** Returns how many of the incidents were new to the read model (a known one is left as it is). */
  async attachIncidents(tx: Queryable, rows: NewIncidentRow[], attachedAt: Date | null = null): Promise<number> {
    if (rows.length === 0) return 0;
    const col = <K extends keyof NewIncidentRow>(key: K) => rows.map((r) => r[key]);
    const inserted = await tx.query(
      `INSERT INTO case_incident (case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key,
         activity_id, configuration, message, created_at, open, attached_at)
       SELECT case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key,
         activity_id, configuration, message, created_at, true, $12
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
         AS t(case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key, activity_id, configuration, message, created_at)
       ON CONFLICT (engine_id, incident_id) DO NOTHING
       RETURNING 1`,
      [col('case_id'), col('engine_id'), col('incident_id'), col('incident_type'), col('is_root_cause'), col('process_instance_id'),
        col('process_definition_key'), col('activity_id'), col('configuration'), col('message'), col('created_at'), attachedAt],
    );
    // A new open incident on a case waiting for its verified resolution: it no longer waits.
    await tx.query('DELETE FROM resolution_candidate WHERE case_id = ANY($1::text[])', [[...new Set(col('case_id'))]]);
    return inserted.length;
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
        [engineId, [...new Set(closed.map((r) => r.case_id))], now, RESOLVABLE_STATUSES],
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

  /** When the oldest case of the working set was first seen (engine time), or null: where the operation log read starts. */
  async oldestActiveFirstSeenAt(engineId: string): Promise<string | null> {
    const [row] = await this.db.query<{ at: Date }>(
      'SELECT first_seen_at AS at FROM fallout_case WHERE engine_id = $1 AND status = ANY($2) ORDER BY first_seen_at LIMIT 1',
      [engineId, ACTIVE_STATUSES],
    );
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
      [engineId, RESOLVABLE_STATUSES],
    );
    return this.db.query<CaseRow>(
      `SELECT c.* FROM resolution_candidate r JOIN fallout_case c ON c.id = r.case_id
       WHERE r.engine_id = $1 ORDER BY r.checks, r.case_id LIMIT $2`,
      [engineId, limit],
    );
  }

  /** Resolves the cases the engine showed moved on (the step completed, or the instance), in one statement. */
  async resolve(transitions: CaseTransition[], now: Date): Promise<number> {
    if (transitions.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE fallout_case c SET status = 'RESOLVED', resolved_at = $2, version = c.version + 1, updated_at = $2
         FROM unnest($1::text[]) AS k(id) WHERE c.id = k.id AND c.status = ANY($3) RETURNING c.id`,
        [transitions.map((t) => t.caseId), now, RESOLVABLE_STATUSES],
      );
      await recordEvents(tx, transitions, rows, now, 'RESOLVED', 'RESOLVED');
      await tx.query('DELETE FROM resolution_candidate WHERE case_id = ANY($1::text[])', [transitions.map((t) => t.caseId)]);
      return rows.length;
    });
  }

  /**
   * Cases whose incident is gone while the token still waits at the step, and the workbench did not clear it:
   * cleared outside the workbench. They stay queued for the check (the step may still complete).
   */
  async markClearedOutside(transitions: CaseTransition[], now: Date): Promise<number> {
    if (transitions.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE fallout_case c SET status = 'CLEARED_OUTSIDE', version = c.version + 1, updated_at = $2
         FROM unnest($1::text[]) AS k(id) WHERE c.id = k.id AND c.status = ANY($3) RETURNING c.id`,
        [transitions.map((t) => t.caseId), now, WORKED_STATUSES],
      );
      await recordEvents(tx, transitions, rows, now, 'CLEARED_OUTSIDE', 'WAITING');
      return rows.length;
    });
  }

  /**
   * Cases whose instance the engine ended by cancellation: CANCELLED_IN_ENGINE, left for the domain reconcile to
   * compare with the order service, or CLOSED at once when there is nothing to compare with.
   */
  async markCancelled(cancellations: CaseCancellation[], now: Date): Promise<number> {
    if (cancellations.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; status: string }>(
        `UPDATE fallout_case c SET status = CASE WHEN k.close THEN 'CLOSED' ELSE 'CANCELLED_IN_ENGINE' END,
           resolved_at = CASE WHEN k.close THEN $3::timestamptz END, cancelled_in_engine_at = k.ended_at,
           version = c.version + 1, updated_at = $3
         FROM unnest($1::text[], $2::timestamptz[], $4::boolean[]) AS k(id, ended_at, close)
         WHERE c.id = k.id AND c.status = ANY($5) RETURNING c.id, c.status`,
        [cancellations.map((c) => c.caseId), cancellations.map((c) => c.endedAt), now, cancellations.map((c) => c.close), RESOLVABLE_STATUSES],
      );
      await recordEvents(tx, cancellations, rows, now, 'CANCELLED_IN_ENGINE', 'CANCELLED');
      await tx.query('DELETE FROM resolution_candidate WHERE case_id = ANY($1::text[])', [cancellations.map((c) => c.caseId)]);
      return rows.length;
    });
  }

  /** Cases whose instance no longer exists at all (neither running nor in the history): closed, unverified. */
  async closeGone(transitions: CaseTransition[], now: Date): Promise<number> {
    if (transitions.length === 0) return 0;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `UPDATE fallout_case c SET status = 'CLOSED', resolved_at = $2, version = c.version + 1, updated_at = $2
         FROM unnest($1::text[]) AS k(id) WHERE c.id = k.id AND c.status = ANY($3) RETURNING c.id`,
        [transitions.map((t) => t.caseId), now, RESOLVABLE_STATUSES],
      );
      await recordEvents(tx, transitions, rows, now, 'CLOSED', 'CLOSED');
      await tx.query('DELETE FROM resolution_candidate WHERE case_id = ANY($1::text[])', [transitions.map((t) => t.caseId)]);
      return rows.length;
    });
  }

  /** Of these cases, the ones a recovery command of the workbench cleared (one since their current incident was attached). */
  async clearedByWorkbench(caseIds: string[]): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>(
      `SELECT k.id FROM unnest($1::text[]) AS k(id)
       WHERE EXISTS (
         SELECT 1 FROM recovery_command r WHERE r.case_id = k.id AND r.action = ANY($2::text[]) AND r.state <> 'FAILED'
           AND r.created_at >= coalesce((SELECT max(i.attached_at) FROM case_incident i WHERE i.case_id = k.id AND i.is_root_cause), '-infinity'::timestamptz))`,
      [caseIds, [...CLEARING_ACTIONS]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Checks again, after the less checked ones, the candidates whose token is still at the failed step. */
  async postpone(caseIds: string[]): Promise<void> {
    if (caseIds.length === 0) return;
    await this.db.query('UPDATE resolution_candidate SET checks = checks + 1 WHERE case_id = ANY($1::text[])', [caseIds]);
  }
}

export const recurrenceKey = (processInstanceId: string, activityId: string) => `${processInstanceId}\u0000${activityId}`;
