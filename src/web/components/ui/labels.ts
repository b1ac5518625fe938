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

/**
 * Timeline actions in words: the workbench's own actions, what the sync observed, and the engine operations
 * done outside the workbench (their code is `SetExternalTaskRetries` → `SET_EXTERNAL_TASK_RETRIES`). Any other
 * code (a domain event kind, a new action) reads through `codeInWords`.
 */
const timelineActionLabels: Record<string, string> = {
  INCIDENT_RAISED: 'Incident raised',
  INCIDENT_GONE: 'Incident gone',
  RETRY_STEP: 'Retry step',
  BULK_RETRY: 'Bulk retry',
  CHECK_EXTERNAL_STATUS: 'Checked external status',
  DIAGNOSIS_STEP: 'Diagnosis step',
  APPROVE_UNSAFE_RETRY: 'Unsafe retry approved',
  REJECT_UNSAFE_RETRY: 'Unsafe retry rejected',
  REQUEST_UNSAFE_RETRY: 'Unsafe retry requested',
  APPROVAL_EXPIRED: 'Approval expired',
  START_MISSING_WORKFLOW: 'Started the missing workflow',
  CLEARED_OUTSIDE: 'Cleared outside the workbench',
  CANCELLED_IN_ENGINE: 'Cancelled in the engine',
  SET_EXTERNAL_TASK_RETRIES: 'Step retried in the engine',
  SET_JOB_RETRIES: 'Step retried in the engine',
  SET_DUE_DATE: 'Step rescheduled in the engine',
  DELETE: 'Deleted in the engine',
  SUSPEND: 'Suspended in the engine',
  SUSPEND_JOB: 'Suspended in the engine',
  ACTIVATE: 'Activated in the engine',
  ACTIVATE_JOB: 'Activated in the engine',
  SET_VARIABLE: 'Variables changed in the engine',
  SET_VARIABLES: 'Variables changed in the engine',
  MODIFY_VARIABLE: 'Variables changed in the engine',
  UPDATE_VARIABLE: 'Variables changed in the engine',
  REMOVE_VARIABLE: 'Variables removed in the engine',
  DELETE_VARIABLE: 'Variables removed in the engine',
  MODIFY_PROCESS_INSTANCE: 'Instance modified in the engine',
  MIGRATE: 'Migrated in the engine',
  SET_ANNOTATION: 'Incident annotated in the engine',
};

export function timelineActionLabel(action: string): string {
  return timelineActionLabels[action] ?? codeInWords(action);
}

const timelineOutcomeLabels: Record<string, string> = {
  OUTSIDE_WORKBENCH: 'outside the workbench',
  ALREADY_DONE: 'already done',
};

/** A timeline entry's outcome as a short lower-case phrase: `DONE` → "done", `OUTSIDE_WORKBENCH` → "outside the workbench". */
export function timelineOutcomeLabel(outcome: string): string {
  return timelineOutcomeLabels[outcome] ?? codeInWords(outcome).toLowerCase();
}

/** The engine's incident types in words (the type itself belongs in technical details). */
const incidentTypeLabels: Record<string, string> = {
  failedExternalTask: 'Worker failure',
  failedJob: 'Engine job failure',
  failedStartEvent: 'Start failure',
};

export function incidentTypeLabel(type: string): string {
  return incidentTypeLabels[type] ?? codeInWords(type.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
}
