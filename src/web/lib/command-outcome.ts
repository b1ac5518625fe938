import type { CommandResult } from '../../contracts/actions.js';
import type { Evidence } from '../../contracts/cases.js';

export const findingLabels: Record<Evidence['finding'], string> = {
  FOUND: 'Found',
  NOT_FOUND: 'Not found',
  UNKNOWN: 'Unknown',
};

export interface OutcomeNotice {
  tone: 'success' | 'pending' | 'warning';
  text: string;
  /** A second line, e.g. what the status check found. */
  detail?: string;
  /** True when the next step is a supervisor's decision in the approvals inbox. */
  needsApproval?: boolean;
}

/** What a command's answer means for the person who sent it, in words (case actions and approvals alike). */
export function outcomeNotice(result: Pick<CommandResult, 'outcome' | 'message' | 'evidence'>): OutcomeNotice {
  const evidence = result.evidence;
  const detail = evidence
    ? `${evidence.service}: ${findingLabels[evidence.finding]}${evidence.reference ? ` ${evidence.reference}` : ''} – ${evidence.summary}`
    : undefined;
  switch (result.outcome) {
    case 'DONE':
      return { tone: 'success', text: `Done: ${result.message}`, detail };
    case 'ALREADY_DONE':
      return { tone: 'success', text: `Already done: ${result.message}`, detail };
    case 'PENDING':
      return {
        tone: 'pending',
        text: `Pending – recorded; it completes by itself when the engine answers again, nothing to re-submit. ${result.message}`,
        detail,
      };
    case 'AWAITING_APPROVAL':
      return {
        tone: 'pending',
        text: `Awaiting approval – a supervisor other than the requester must approve before it runs. ${result.message}`,
        detail,
        needsApproval: true,
      };
  }
}
