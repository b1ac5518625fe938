import type { ApprovalStatus } from '../../contracts/approvals.js';
import type { Db, Queryable } from './db.js';

export interface ApprovalRow {
  id: string;
  case_id: string;
  action: 'RETRY_STEP';
  idempotency_key: string;
  request_hash: string;
  request_body: string;
  case_version: number;
  requested_by: string;
  requested_roles: string[];
  reason: string;
  evidence: string;
  status: ApprovalStatus;
  requested_at: Date;
  expires_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  command_id: string | null;
  execution_outcome: string | null;
}

export class ApprovalsRepo {
  constructor(private readonly db: Db) {}

  async insert(tx: Queryable, row: Omit<ApprovalRow, 'status' | 'decided_by' | 'decided_at' | 'decision_reason' | 'command_id' | 'execution_outcome'>): Promise<ApprovalRow> {
    const rows = await tx.query<ApprovalRow>(
      `INSERT INTO approval_request (id, case_id, action, idempotency_key, request_hash, request_body, case_version, requested_by, requested_roles,
         reason, evidence, status, requested_at, expires_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'PENDING',$12,$13) RETURNING *`,
      [row.id, row.case_id, row.action, row.idempotency_key, row.request_hash, row.request_body, row.case_version, row.requested_by,
        row.requested_roles, row.reason, row.evidence, row.requested_at, row.expires_at],
    );
    return rows[0]!;
  }

  async get(id: string, tx: Queryable = this.db): Promise<ApprovalRow | null> {
    return (await tx.query<ApprovalRow>('SELECT * FROM approval_request WHERE id = $1', [id]))[0] ?? null;
  }

  async pendingFor(caseId: string, tx: Queryable = this.db): Promise<ApprovalRow | null> {
    return (await tx.query<ApprovalRow>("SELECT * FROM approval_request WHERE case_id = $1 AND status = 'PENDING'", [caseId]))[0] ?? null;
  }

  /** Moves a PENDING approval to its decision; null when it was no longer pending (a concurrent decision won). */
  async decide(tx: Queryable, id: string, status: Exclude<ApprovalStatus, 'PENDING'>, by: string, reason: string, at: Date): Promise<ApprovalRow | null> {
    const rows = await tx.query<ApprovalRow>(
      `UPDATE approval_request SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5
       WHERE id = $1 AND status = 'PENDING' RETURNING *`,
      [id, status, by, reason, at],
    );
    return rows[0] ?? null;
  }

  async recordExecution(tx: Queryable, id: string, commandId: string, outcome: string): Promise<void> {
    await tx.query('UPDATE approval_request SET command_id = $2, execution_outcome = $3 WHERE id = $1', [id, commandId, outcome]);
  }

  async list(status: ApprovalStatus | null, limit = 200): Promise<ApprovalRow[]> {
    return this.db.query<ApprovalRow>(
      `SELECT * FROM approval_request WHERE ($1::text IS NULL OR status = $1) ORDER BY CASE WHEN status = 'PENDING' THEN 0 ELSE 1 END, expires_at, requested_at DESC LIMIT $2`,
      [status, limit],
    );
  }

  async expiredPending(now: Date): Promise<ApprovalRow[]> {
    return this.db.query<ApprovalRow>("SELECT * FROM approval_request WHERE status = 'PENDING' AND expires_at <= $1", [now]);
  }
}
