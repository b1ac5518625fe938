import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './db.js';

export type CommandState = 'RUNNING' | 'PENDING' | 'DONE' | 'FAILED';

export interface CommandRow {
  id: string;
  idempotency_key: string;
  actor: string;
  case_id: string;
  action: string;
  request_hash: string;
  state: CommandState;
  attempts: number;
  response_status: number | null;
  response_body: string | null;
  request_body: string;
  approval_id: string | null;
  /** The incident the command acts on (the case's open root cause when the intent was recorded). */
  incident_id: string | null;
  /** Until when the holder of the lease may finish the command; after that the outbox may claim it. */
  lease_until: Date | null;
  /** Who holds the lease (one value per run, not per replica): only they may record the outcome. */
  lease_owner: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The lease on a running command when none is configured: far longer than any command takes. */
export const DEFAULT_COMMAND_LEASE_MS = 60_000;

// Leases are compared by every replica, so they are measured on the one clock all replicas share: the
// database's (clock_timestamp, not now(): a long transaction must not hand out a lease that already ran).
const LEASE_END = "clock_timestamp() + $LEASE::int * interval '1 millisecond'";
const leaseEnd = (param: number) => LEASE_END.replace('$LEASE', `$${param}`);
const UNFINISHED = "state IN ('RUNNING','PENDING')";

export class CommandsRepo {
  constructor(
    private readonly db: Db,
    /** How long a run holds its command without renewing the lease. */
    readonly leaseMs: number = DEFAULT_COMMAND_LEASE_MS,
  ) {}

  async findByKey(actor: string, key: string, tx: Queryable = this.db): Promise<CommandRow | null> {
    // An approved retry reuses its request's key; it is found through its approval, not through the key.
    return (
      (await tx.query<CommandRow>('SELECT * FROM recovery_command WHERE actor = $1 AND idempotency_key = $2 AND approval_id IS NULL', [actor, key]))[0] ??
      null
    );
  }

  async get(id: string, tx: Queryable = this.db): Promise<CommandRow | null> {
    return (await tx.query<CommandRow>('SELECT * FROM recovery_command WHERE id = $1', [id]))[0] ?? null;
  }

  /** Inserts the intent, leased to this run; returns null when another request with the same key got there first. */
  async insert(
    tx: Queryable,
    row: Pick<CommandRow, 'id' | 'idempotency_key' | 'actor' | 'case_id' | 'action' | 'request_hash' | 'request_body'> & {
      approval_id?: string | null;
      incident_id?: string | null;
    },
    now: Date,
  ): Promise<CommandRow | null> {
    const rows = await tx.query<CommandRow>(
      `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, request_body, approval_id, incident_id,
         state, attempts, created_at, updated_at, lease_owner, lease_until)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'RUNNING',0,$10,$10,$11,${leaseEnd(12)}) ON CONFLICT DO NOTHING RETURNING *`,
      [row.id, row.idempotency_key, row.actor, row.case_id, row.action, row.request_hash, row.request_body, row.approval_id ?? null,
        row.incident_id ?? null, now, randomUUID(), this.leaseMs],
    );
    return rows[0] ?? null;
  }

  /** The newest command on the case that has not finished (running now, or pending in the outbox). */
  async unfinishedOf(caseId: string, tx: Queryable = this.db): Promise<CommandRow | null> {
    const [row] = await tx.query<CommandRow>(
      `SELECT * FROM recovery_command WHERE case_id = $1 AND ${UNFINISHED} ORDER BY created_at DESC LIMIT 1`,
      [caseId],
    );
    return row ?? null;
  }

  async hasUnfinished(tx: Queryable, caseId: string): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM recovery_command WHERE case_id = $1 AND ${UNFINISHED} LIMIT 1`, [caseId]);
    return rows.length > 0;
  }

  /**
   * Records an outcome, if `command` (as this run read it) still holds the lease; false when the lease ran
   * out and another run claimed the command, which then records the outcome itself. PENDING hands the
   * command to the outbox at once (its lease ends now); a finished command holds no lease.
   */
  async finish(tx: Queryable, command: Pick<CommandRow, 'id' | 'lease_owner'>, state: CommandState, response: { status: number; body: unknown } | null, now: Date): Promise<boolean> {
    const rows = await tx.query(
      `UPDATE recovery_command SET state = $2, attempts = attempts + 1, response_status = $3, response_body = $4, updated_at = $5,
         lease_owner = NULL, lease_until = CASE WHEN $2 = 'PENDING' THEN clock_timestamp() END
       WHERE id = $1 AND ${UNFINISHED} AND lease_owner IS NOT DISTINCT FROM $6 RETURNING id`,
      [command.id, state, response?.status ?? null, response ? JSON.stringify(response.body) : null, now, command.lease_owner],
    );
    return rows.length > 0;
  }

  /** The newest command of the case among `actions`. */
  async latestOf(caseId: string, actions: readonly string[], tx: Queryable = this.db): Promise<CommandRow | null> {
    const [row] = await tx.query<CommandRow>('SELECT * FROM recovery_command WHERE case_id = $1 AND action = ANY($2) ORDER BY created_at DESC LIMIT 1', [
      caseId,
      [...actions],
    ]);
    return row ?? null;
  }

  /**
   * Claims the oldest unfinished command whose lease has run out (a PENDING one, or a RUNNING one whose
   * BFF died) with a fresh lease of its own. One statement with SKIP LOCKED: two replicas claiming at the
   * same moment get different commands, never the same one.
   */
  async claimExpired(): Promise<CommandRow | null> {
    const [row] = await this.db.query<CommandRow>(CLAIM_EXPIRED_SQL, [randomUUID(), this.leaseMs]);
    return row ?? null;
  }

  /** Extends the lease while the run still holds it; false once it was lost (the command went to another run). */
  async renewLease(command: Pick<CommandRow, 'id' | 'lease_owner'>): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE recovery_command SET lease_until = ${leaseEnd(3)} WHERE id = $1 AND ${UNFINISHED} AND lease_owner = $2 RETURNING id`,
      [command.id, command.lease_owner, this.leaseMs],
    );
    return rows.length > 0;
  }

  /** Gives a claimed command back unfinished (its dependency is still down): the next pass may claim it again. */
  async releaseLease(command: Pick<CommandRow, 'id' | 'lease_owner'>): Promise<void> {
    await this.db.query(`UPDATE recovery_command SET lease_until = clock_timestamp() WHERE id = $1 AND ${UNFINISHED} AND lease_owner = $2`, [
      command.id,
      command.lease_owner,
    ]);
  }
}

/** The outbox's claim ($1 the new owner, $2 the lease in ms); exported for the test that checks its plan. */
export const CLAIM_EXPIRED_SQL = `UPDATE recovery_command SET lease_owner = $1, lease_until = ${leaseEnd(2)}
  WHERE id = (SELECT id FROM recovery_command WHERE ${UNFINISHED} AND lease_until <= clock_timestamp()
              ORDER BY lease_until LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING *`;
