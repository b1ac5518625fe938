import type { CaseDetail } from '../../../../contracts/cases.js';

/**
 * Where a workflow-moving command stands, as the case page tells it: RUNNING or PENDING (not carried out
 * yet), VERIFYING (carried out; the case resolves once the sync sees the workflow move past the step),
 * RESOLVED (it did), FAILED (the command failed), FAILED_AGAIN (carried out, then the step failed again).
 */
export type CommandPhase = 'RUNNING' | 'PENDING' | 'VERIFYING' | 'RESOLVED' | 'FAILED' | 'FAILED_AGAIN';

/** An outcome nobody on this page watched happen is still worth telling for this long. */
export const RECENT_OUTCOME_MS = 30 * 60_000;

/**
 * The phase to show, or null. `watched`: this page saw the command before it settled, so its ending (even a
 * good one) is shown; otherwise only a recent failure is.
 */
export function commandPhaseOf(detail: Pick<CaseDetail, 'case' | 'commandProgress' | 'incidents'>, watched: boolean, now: number): CommandPhase | null {
  const command = detail.commandProgress;
  if (!command) return null;
  if (command.state === 'RUNNING' || command.state === 'PENDING') return command.state;
  const finishedAt = command.finishedAt ? Date.parse(command.finishedAt) : 0;
  const worthTelling = watched || now - finishedAt < RECENT_OUTCOME_MS;
  if (command.state === 'FAILED') return worthTelling ? 'FAILED' : null;
  // A new incident since the command was carried out: the step ran again and failed again.
  const failedAgain = detail.incidents.some((i) => i.isRootCause && i.open && Date.parse(i.createdAt) > finishedAt);
  if (failedAgain) return worthTelling ? 'FAILED_AGAIN' : null;
  if (detail.case.status === 'IN_PROGRESS') return 'VERIFYING';
  if ((detail.case.status === 'RESOLVED' || detail.case.status === 'CLOSED') && watched) return 'RESOLVED';
  return null;
}

/** Phases after which nothing more happens to the command. */
export const settledPhases: ReadonlySet<CommandPhase> = new Set(['RESOLVED', 'FAILED', 'FAILED_AGAIN']);
