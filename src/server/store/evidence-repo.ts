import type { Evidence } from '../../contracts/cases.js';
import type { Db, Queryable } from './db.js';
import { iso } from './rows.js';

interface EvidenceRow {
  id: string;
  case_id: string;
  kind: string;
  service: string;
  finding: Evidence['finding'];
  reference: string | null;
  summary: string;
  data: string;
  recorded_at: Date;
  recorded_by: string;
}

export type NewEvidence = Omit<Evidence, 'recordedAt'> & { caseId: string; data: unknown; recordedAt: Date; commandId: string | null };

export class EvidenceRepo {
  constructor(private readonly db: Db) {}

  async add(tx: Queryable, e: NewEvidence): Promise<void> {
    await tx.query(
      `INSERT INTO case_evidence (id, case_id, kind, service, finding, reference, summary, data, recorded_at, recorded_by, command_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [e.id, e.caseId, e.kind, e.service, e.finding, e.reference, e.summary, JSON.stringify(e.data ?? null), e.recordedAt, e.recordedBy, e.commandId],
    );
  }

  async ofCase(caseId: string, tx: Queryable = this.db): Promise<Evidence[]> {
    const rows = await tx.query<EvidenceRow>('SELECT * FROM case_evidence WHERE case_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT 50', [caseId]);
    return rows.map(toEvidence);
  }

  /**
   * For each unsafe-retry request, the last status check of its case recorded before the request: what the
   * owning service showed when the requester asked, which the approver weighs. One statement for the whole
   * inbox (each approval reads its case's newest check through the (case_id, recorded_at) index).
   */
  async statusChecksBeforeApprovals(approvalIds: string[]): Promise<Map<string, Evidence>> {
    if (approvalIds.length === 0) return new Map();
    const rows = await this.db.query<EvidenceRow & { approval_id: string }>(
      `SELECT a.id AS approval_id, e.* FROM approval_request a
         CROSS JOIN LATERAL (
           SELECT * FROM case_evidence e
            WHERE e.case_id = a.case_id AND e.recorded_at <= a.requested_at AND e.kind = 'STATUS_CHECK'
            ORDER BY e.recorded_at DESC, e.id DESC LIMIT 1
         ) e
        WHERE a.id = ANY($1::text[])`,
      [approvalIds],
    );
    return new Map(rows.map((r) => [r.approval_id, toEvidence(r)]));
  }
}

function toEvidence(r: EvidenceRow): Evidence {
  return {
    id: r.id,
    kind: r.kind,
    service: r.service,
    finding: r.finding,
    reference: r.reference,
    summary: r.summary,
    recordedAt: iso(r.recorded_at),
    recordedBy: r.recorded_by,
  };
}
