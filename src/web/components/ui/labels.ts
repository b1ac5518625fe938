import type { CaseCategory, CaseStatus, Severity } from '../../../contracts/cases.js';

export const categoryLabels: Record<CaseCategory, string> = {
  TECHNICAL_TRANSIENT: 'Technical – transient',
  TECHNICAL_PERSISTENT: 'Technical – persistent',
  BUSINESS_UNMODELED: 'Business – unmodelled',
  DATA_CORRUPTION: 'Data corruption',
  UNKNOWN_OUTCOME: 'Unknown outcome',
  OPERATIONAL_UNSAFE: 'Operationally unsafe',
};

export const categoryHints: Record<CaseCategory, string> = {
  TECHNICAL_TRANSIENT: 'A temporary technical failure (timeout, unavailable service); a retry usually heals it.',
  TECHNICAL_PERSISTENT: 'A technical failure that will repeat until something is fixed (configuration, deployment, code).',
  BUSINESS_UNMODELED: 'A business situation the process does not model; needs a decision, not a retry.',
  DATA_CORRUPTION: 'Inconsistent or missing data; fix the data before anything else.',
  UNKNOWN_OUTCOME: 'A call whose outcome is unknown; check the domain system before retrying.',
  OPERATIONAL_UNSAFE: 'Retrying could cause harm (double charge, double shipment); frozen until approved.',
};

export const severityLabels: Record<Severity, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  CRITICAL: 'Critical',
};

export const statusLabels: Record<CaseStatus, string> = {
  OPEN: 'Open',
  IN_PROGRESS: 'In progress',
  AWAITING_APPROVAL: 'Awaiting approval',
  ESCALATED: 'Escalated',
  CLEARED_OUTSIDE: 'Cleared outside',
  CANCELLED_IN_ENGINE: 'Cancelled in engine',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
};

/** What a status means, for its chip's tooltip: the two engine-side outcomes are easy to misread. */
export const statusHints: Partial<Record<CaseStatus, string>> = {
  CLEARED_OUTSIDE:
    'Incident cleared outside the workbench — step still waiting. Someone cleared the incident in Cockpit, engine REST or a script, but the token has not moved on. Not an open incident, and not resolved.',
  CANCELLED_IN_ENGINE:
    'The process instance was cancelled in the engine while the case was open. Not a resolution: the order service must agree (the order cancelled too) before the case closes.',
  CLOSED: 'Ended without moving on, with nothing left to do (e.g. the workflow was cancelled and the order is cancelled too).',
};

export type ProcessState = 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED' | 'UNKNOWN';

export const processStateLabels: Record<ProcessState, string> = {
  ACTIVE: 'Running',
  SUSPENDED: 'Suspended',
  COMPLETED: 'Completed',
  EXTERNALLY_TERMINATED: 'Cancelled',
  INTERNALLY_TERMINATED: 'Terminated',
  UNKNOWN: 'Unknown',
};

export const entityTypeLabels: Record<string, string> = {
  ORDER: 'Order',
  QUOTE: 'Quote',
  CHANGE_ORDER: 'Change order',
  FALLOUT: 'Fallout',
};

export function kebab(value: string): string {
  return value.toLowerCase().replace(/_/g, '-');
}

/** Side-effect classes of the worker contracts (see workflows/shared/catalog.yaml), in business words. */
export const sideEffectLabels: Record<string, string> = {
  none: 'No outside effect',
  read: 'Reads only',
  notification: 'Notifies the customer',
  document: 'Creates a document',
  inventory: 'Reserves inventory',
  money: 'Moves money',
  contract: 'Changes a contract',
};

export function sideEffectLabel(sideEffect: string): string {
  return sideEffectLabels[sideEffect] ?? sideEffect;
}

/**
 * A code in words: `RESERVATION_PENDING` → "Reservation pending", `RETRY_STEP` → "Retry step". For codes the
 * workbench has no label for (a domain system's statuses, an action id), so any code reads this way.
 */
export function codeInWords(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : code;
}
