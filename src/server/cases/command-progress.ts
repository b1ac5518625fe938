// The case page follows a workflow-moving command past its HTTP answer: a retry is "done" when the engine
// took it, but the case resolves only when the sync sees the workflow move past the step (seconds later).
import type { ActionId, CommandProgress } from '../../contracts/cases.js';
import type { CommandRow } from '../store/commands-repo.js';
import { iso } from '../store/rows.js';

/** Actions whose effect the sync verifies later (they put the case IN_PROGRESS and act outside the workbench). */
export const WORKFLOW_ACTIONS: readonly ActionId[] = ['RETRY_STEP', 'CONFIRM_EXTERNAL_OUTCOME', 'MARK_FAILED_AND_RETRY', 'START_MISSING_WORKFLOW'];

export function commandProgressOf(row: CommandRow | null): CommandProgress | null {
  if (!row) return null;
  const finished = row.state === 'DONE' || row.state === 'FAILED';
  return {
    id: row.id,
    action: row.action as ActionId,
    state: row.state,
    requestedBy: row.actor,
    requestedAt: iso(row.created_at),
    finishedAt: finished ? iso(row.updated_at) : null,
    failure: row.state === 'FAILED' ? failureOf(row.response_body) : null,
  };
}

function failureOf(body: string | null): string {
  try {
    const message = (JSON.parse(body ?? '') as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  } catch {
    // an answer stored before failures carried a message
  }
  return 'The command did not go through.';
}
