// The runbook's diagnosis steps as a checklist per case. A tick is an operator's claim ("I checked the
// gateway status"), so it is audited like any other step they take, but it changes nothing in the engine
// and does not bump the case version (it must not make a colleague's pending action stale).
import type { DiagnosisCheck, DiagnosisCheckRequest } from '../../contracts/cases.js';
import type { SessionUser } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import type { CommandDeps } from '../commands/context.js';
import { appendAudit } from '../store/audit-repo.js';
import { ACTIVE_STATUSES } from '../store/cases-repo.js';
import type { Queryable } from '../store/db.js';
import { iso } from '../store/rows.js';

interface CheckRow {
  step: number;
  step_text: string;
  checked_by: string;
  checked_at: Date;
}

/** The checked steps that still match the runbook's current wording. */
export async function diagnosisChecksOf(db: Queryable, caseId: string, runbookId: string | null, steps: readonly string[]): Promise<DiagnosisCheck[]> {
  if (!runbookId) return [];
  const rows = await db.query<CheckRow>(
    'SELECT step, step_text, checked_by, checked_at FROM diagnosis_check WHERE case_id = $1 AND runbook_id = $2 ORDER BY step',
    [caseId, runbookId],
  );
  return rows.filter((r) => steps[r.step] === r.step_text).map((r) => ({ step: r.step, checkedBy: r.checked_by, checkedAt: iso(r.checked_at) }));
}

/** Checks or unchecks one step. Idempotent: setting the state it already has records nothing. */
export async function setDiagnosisCheck(deps: CommandDeps, caseId: string, user: SessionUser, request: DiagnosisCheckRequest): Promise<DiagnosisCheck[]> {
  const row = await deps.cases.get(caseId);
  if (!row) throw new ApiProblem(404, 'CASE_NOT_FOUND', `There is no fallout case ${caseId}.`);
  const runbook = row.runbook_id ? deps.catalog.runbook(row.runbook_id) : null;
  if (!runbook) throw new ApiProblem(409, 'NO_RUNBOOK', 'This case has no runbook in the catalog, so it has no diagnosis checklist.');
  const text = runbook.diagnosis[request.step];
  if (text === undefined) {
    throw new ApiProblem(400, 'INVALID_STEP', `The runbook ${runbook.id} has ${runbook.diagnosis.length} diagnosis steps, numbered from 0.`);
  }
  if (!(ACTIVE_STATUSES as string[]).includes(row.status)) throw new ApiProblem(409, 'CASE_CLOSED', `The case is ${row.status.toLowerCase()}; its checklist can no longer change.`);

  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [current] = await tx.query<CheckRow>(
      'SELECT step, step_text, checked_by, checked_at FROM diagnosis_check WHERE case_id = $1 AND runbook_id = $2 AND step = $3 FOR UPDATE',
      [caseId, runbook.id, request.step],
    );
    const isChecked = current !== undefined && current.step_text === text;
    if (isChecked === request.checked) return;
    if (request.checked) {
      await tx.query(
        `INSERT INTO diagnosis_check (case_id, runbook_id, step, step_text, checked_by, checked_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (case_id, runbook_id, step) DO UPDATE SET step_text = $4, checked_by = $5, checked_at = $6`,
        [caseId, runbook.id, request.step, text, user.id, now],
      );
    } else {
      await tx.query('DELETE FROM diagnosis_check WHERE case_id = $1 AND runbook_id = $2 AND step = $3', [caseId, runbook.id, request.step]);
    }
    await appendAudit(tx, {
      at: now, actor: user.id, roles: user.roles, team: user.team, caseId, businessKey: row.business_key,
      action: 'DIAGNOSIS_STEP', commandId: null, idempotencyKey: null, outcome: request.checked ? 'CHECKED' : 'UNCHECKED',
      detail: { runbookId: runbook.id, step: request.step, text },
    });
  });
  return diagnosisChecksOf(deps.db, caseId, runbook.id, runbook.diagnosis);
}
