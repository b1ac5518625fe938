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
  created_at: Date;
  updated_at: Date;
}

export class CommandsRepo {
  constructor(private readonly db: Db) {}

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

  /** Inserts the intent; returns null when another request with the same key got there first. */
  async insert(
    tx: Queryable,
    row: Pick<CommandRow, 'id' | 'idempotency_key' | 'actor' | 'case_id' | 'action' | 'request_hash' | 'request_body'> & { approval_id?: string | null },
    now: Date,
  ): Promise<CommandRow | null> {
    const rows = await tx.query<CommandRow>(
      `INSERT INTO recovery_command (id, idempotency_key, actor, case_id, action, request_hash, request_body, approval_id, state, attempts, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'RUNNING',0,$9,$9) ON CONFLICT DO NOTHING RETURNING *`,
      [row.id, row.idempotency_key, row.actor, row.case_id, row.action, row.request_hash, row.request_body, row.approval_id ?? null, now],
    );
    return rows[0] ?? null;
  }

  /** The newest command on the case that has not finished (running now, or pending in the outbox). */
  async unfinishedOf(caseId: string, tx: Queryable = this.db): Promise<CommandRow | null> {
    const [row] = await tx.query<CommandRow>(
      "SELECT * FROM recovery_command WHERE case_id = $1 AND state IN ('RUNNING','PENDING') ORDER BY created_at DESC LIMIT 1",
      [caseId],
    );
    return row ?? null;
  }

  async hasUnfinished(tx: Queryable, caseId: string): Promise<boolean> {
    const rows = await tx.query("SELECT 1 FROM recovery_command WHERE case_id = $1 AND state IN ('RUNNING','PENDING') LIMIT 1", [caseId]);
    return rows.length > 0;
  }

  async finish(tx: Queryable, id: string, state: CommandState, response: { status: number; body: unknown } | null, now: Date): Promise<void> {
    await tx.query(
      'UPDATE recovery_command SET state = $2, attempts = attempts + 1, response_status = $3, response_body = $4, updated_at = $5 WHERE id = $1',
      [id, state, response?.status ?? null, response ? JSON.stringify(response.body) : null, now],
    );
  }

  /** The newest command of the case among `actions`. */
  async latestOf(caseId: string, actions: readonly string[], tx: Queryable = this.db): Promise<CommandRow | null> {
    const [row] = await tx.query<CommandRow>('SELECT * FROM recovery_command WHERE case_id = $1 AND action = ANY($2) ORDER BY created_at DESC LIMIT 1', [
      caseId,
      [...actions],
    ]);
    return row ?? null;
  }

  async pending(limit: number): Promise<CommandRow[]> {
    return this.db.query<CommandRow>("SELECT * FROM recovery_command WHERE state = 'PENDING' ORDER BY created_at LIMIT $1", [limit]);
  }
}
