import type { ActionId, CaseCategory, CaseSummary, Evidence } from '../../contracts/cases.js';
import type { Role } from '../../contracts/session.js';
import { REPEAT_MAY_DUPLICATE, type SideEffectClass } from './side-effects.js';

/** What the catalog says about one action: who may run it, on which categories, and what it does. */
export interface ActionRule {
  label: string;
  roles: readonly Role[];
  categories: readonly CaseCategory[];
  /** Shown in the confirmation: the domain and engine effects in plain words. */
  effect: string;
  inputs: { name: string; label: string; kind: 'text' | 'longtext' | 'team' | 'user'; required: boolean }[];
}

/** What the failing step's worker contract allows. */
export interface StepFacts {
  sideEffect: SideEffectClass;
  /** What makes a repeat harmless at the other side (the worker contract's idempotency key); null when none. */
  idempotencyKey: string | null;
  /** The contract names a status check with a domain service. */
  canCheckStatus: boolean;
  /** The contract names a confirm command + the message the process models for it. */
  canConfirm: boolean;
  /** The contract names a "mark failed" command, after which a retry is safe. */
  canMarkFailed: boolean;
}

export interface PolicyInput {
  case: Pick<CaseSummary, 'status' | 'category' | 'source' | 'incidentType' | 'assignee' | 'frozen'>;
  /** For reconcile findings: what was found (e.g. NEVER_STARTED). */
  finding: string | null;
  step: StepFacts;
  actions: Readonly<Record<ActionId, ActionRule>>;
  hasOpenRootIncident: boolean;
  hasPendingCommand: boolean;
  hasPendingApproval: boolean;
  /**
   * A workflow-moving command (a retry, a confirmation) that the engine took after the open incident was
   * seen, and whose effect the sync has not verified yet: the read model still shows the incident for a pass
   * or two. Offering the same step action again then would only repeat it.
   */
  workflowCommandBeingVerified: ActionId | null;
  /** The newest status check, if any. */
  latestEvidence: Pick<Evidence, 'finding' | 'reference'> | null;
  user: { id: string; roles: readonly Role[] };
}

export interface OfferedAction {
  action: ActionId;
  label: string;
  effect: string;
  inputs: (ActionRule['inputs'][number] & { suggested?: string })[];
  safe: boolean;
}
export interface WithheldAction {
  action: ActionId;
  label: string;
  reason: string;
}

const SIDE_EFFECT_WORDS: Record<SideEffectClass, string> = {
  none: 'has no outside effect',
  read: 'only reads',
  notification: 'sends a customer notification',
  document: 'generates a document',
  inventory: 'reserves inventory',
  money: 'moves money',
  contract: 'changes a contract',
};
const SAFE_ACTIONS: ReadonlySet<ActionId> = new Set(['CHECK_EXTERNAL_STATUS', 'ASSIGN', 'ANNOTATE']);
const ACTIVE = new Set(['OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE']);
/** Actions that act on the failed step in the engine (or ask a supervisor to): meaningless once the engine changed it. */
const STEP_ACTIONS: ReadonlySet<ActionId> = new Set(['RETRY_STEP', 'CONFIRM_EXTERNAL_OUTCOME', 'MARK_FAILED_AND_RETRY', 'REQUEST_UNSAFE_RETRY']);
const ROLE_NAMES: Record<Role, string> = {
  support: 'support',
  fulfillment_ops: 'fulfillment ops',
  tech_ops: 'tech ops',
  supervisor: 'supervisor',
  platform_owner: 'platform owner',
  auditor: 'auditor',
};

/**
 * Which recovery actions this user may run on this case now, and why each applicable one is withheld. Pure: the
 * table in its tests is the specification. Actions that do not apply to the case at all (another category, a
 * step without a status check) are left out rather than listed as withheld.
 */
export function decideActions(input: PolicyInput): { offered: OfferedAction[]; withheld: WithheldAction[] } {
  const offered: OfferedAction[] = [];
  const withheld: WithheldAction[] = [];
  for (const action of Object.keys(input.actions) as ActionId[]) {
    const rule = input.actions[action];
    if (!applies(action, input, rule)) continue;
    const reason = roleBlocker(rule, input) ?? stateBlocker(action, input);
    if (reason) withheld.push({ action, label: rule.label, reason });
    else offered.push({ action, label: rule.label, effect: rule.effect, inputs: inputsFor(action, rule, input), safe: SAFE_ACTIONS.has(action) });
  }
  return { offered, withheld };
}

/** Whether the action makes sense for this kind of case at all. */
function applies(action: ActionId, input: PolicyInput, rule: ActionRule): boolean {
  const { case: c, step } = input;
  const incident = c.source === 'INCIDENT';
  // A token stuck at a step whose contract can be reconciled (a callback that never came) is worked like an
  // unknown outcome: ask the owning service, then confirm what it shows. Only a retry needs an incident.
  const reconcilable = incident || c.source === 'STUCK';
  // A retry is always listed for an incident, offered or withheld with its reason: "why can't I just retry?"
  // is the first question at 02:00. Other actions appear only where the catalog says they apply.
  if (action === 'RETRY_STEP') return incident;
  if (!rule.categories.includes(c.category)) return false;
  switch (action) {
    case 'CHECK_EXTERNAL_STATUS':
      return reconcilable && step.canCheckStatus;
    case 'CONFIRM_EXTERNAL_OUTCOME':
      return reconcilable && step.canConfirm;
    case 'MARK_FAILED_AND_RETRY':
      return incident && step.canMarkFailed;
    case 'START_MISSING_WORKFLOW':
      return c.source === 'RECONCILE' && input.finding === 'NEVER_STARTED';
    case 'REQUEST_UNSAFE_RETRY':
      // Only where a retry is blocked because it is unsafe (money/contract, or a freeze), never as a bypass for
      // a persistent bug: that needs a fix, not an approval.
      return incident && (c.frozen || c.category === 'OPERATIONAL_UNSAFE');
    case 'ESCALATE':
    case 'ASSIGN':
    case 'ANNOTATE':
    case 'RESOLVE':
      return true;
  }
}

function roleBlocker(rule: ActionRule, input: PolicyInput): string | null {
  if (input.user.roles.some((r) => rule.roles.includes(r))) return null;
  const names = rule.roles.map((r) => ROLE_NAMES[r]);
  return `${rule.label} needs the ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]} role.`;
}

function stateBlocker(action: ActionId, input: PolicyInput): string | null {
  const { case: c, step, latestEvidence } = input;
  // One command at a time per case: its outcome decides what may follow.
  if (input.hasPendingCommand) return 'A recovery command on this case is still pending; wait for its outcome.';
  if (action === 'ANNOTATE') return null;
  if (!ACTIVE.has(c.status)) return c.status === 'CLOSED' ? 'The case is closed.' : 'The case is already resolved.';
  if (action === 'ASSIGN') return null;
  if (action === 'ESCALATE') return null;
  if (action === 'RESOLVE') {
    if (c.source === 'INCIDENT' && input.hasOpenRootIncident) {
      return 'The engine still shows the incident. Use a recovery action; the case resolves itself once the process has moved on.';
    }
    return null;
  }
  if (input.hasPendingApproval || c.status === 'AWAITING_APPROVAL') return 'An unsafe-retry request is waiting for a supervisor decision.';
  if (input.workflowCommandBeingVerified && STEP_ACTIONS.has(action)) {
    const done = input.actions[input.workflowCommandBeingVerified]?.label ?? 'A recovery action';
    return `${done} went through moments ago and the workbench is waiting for the workflow to move past the step: the case resolves by itself, or shows the new failure if the step fails again.`;
  }
  if (action === 'START_MISSING_WORKFLOW') return null;
  // Changed in the engine behind the workbench's back: the step is no longer failing, so nothing acts on it.
  // Asking the owning service what happened stays possible (it only reads).
  if (c.status === 'CANCELLED_IN_ENGINE') {
    return STEP_ACTIONS.has(action)
      ? 'The process instance was cancelled in the engine: no step is left to act on. Settle the order at the owning service (cancel it there, or start its workflow again), then resolve the case with a note.'
      : null;
  }
  if (c.status === 'CLEARED_OUTSIDE') {
    return STEP_ACTIONS.has(action)
      ? 'The incident was cleared outside the workbench and the step waits to run again: there is nothing to retry. If it fails again, the case reopens with its retry; if it keeps waiting, check its worker or job and the owning service.'
      : null;
  }
  // A stuck token has no incident to begin with: it is still waiting as long as the case is active.
  if (c.source === 'INCIDENT' && !input.hasOpenRootIncident) {
    return 'The engine shows no open incident for this step any more; the workbench is checking whether the process moved on. The case resolves, or shows the step still waiting, after the next sync.';
  }

  switch (action) {
    case 'CHECK_EXTERNAL_STATUS':
      return null;
    case 'REQUEST_UNSAFE_RETRY':
      return null;
    case 'CONFIRM_EXTERNAL_OUTCOME':
      if (latestEvidence?.finding !== 'FOUND') return 'Check the external status first: confirming needs the owning service to show the effect exists.';
      return null;
    case 'MARK_FAILED_AND_RETRY':
      if (latestEvidence?.finding !== 'NOT_FOUND') return 'Check the external status first: marking the step failed needs the owning service to show nothing happened.';
      if (c.frozen) return frozenReason(input);
      return null;
    case 'RETRY_STEP': {
      if (c.frozen) return frozenReason(input);
      if (c.category === 'TECHNICAL_TRANSIENT') {
        if (!input.actions.RETRY_STEP.categories.includes(c.category)) return 'The catalog does not allow retries here.';
        // Whatever a rule called it: a step that could do its effect twice is retried plainly only when its
        // contract makes the repeat harmless, or a status check showed nothing happened.
        if (REPEAT_MAY_DUPLICATE.has(step.sideEffect) && !step.idempotencyKey && latestEvidence?.finding !== 'NOT_FOUND') {
          return `This step ${SIDE_EFFECT_WORDS[step.sideEffect]} and its worker contract names no idempotency key, so a retry could do it twice. ${
            step.canCheckStatus && input.actions.CHECK_EXTERNAL_STATUS.categories.includes(c.category)
              ? 'Check the external status first: a retry needs it to show nothing happened.'
              : 'Escalate it to the owning team.'
          }`;
        }
        return null;
      }
      if (c.category === 'UNKNOWN_OUTCOME') {
        if (latestEvidence?.finding === 'NOT_FOUND' && !step.canMarkFailed) return null;
        if (step.canMarkFailed) return `This step ${SIDE_EFFECT_WORDS[step.sideEffect]} and may already have done so: check the external status, then confirm it or mark it failed.`;
        return `This step ${SIDE_EFFECT_WORDS[step.sideEffect]} and may already have done so: a retry needs a status check showing nothing happened.`;
      }
      if (c.category === 'TECHNICAL_PERSISTENT') return 'A persistent failure (a bug or a bad deployment) fails again on retry: it needs a fix first. Escalate to the owning team.';
      if (c.category === 'DATA_CORRUPTION') return 'The data breaks an invariant: investigate and correct it at the owning service before anything is retried.';
      return 'This failure has no modelled path: investigate it with the owning team before anything is retried.';
    }
    default:
      return null;
  }
}

/**
 * Why a retry waits on a frozen activity (or a money/contract step). It points to *Request unsafe retry* only
 * where that request applies to the case; otherwise it says what ends the wait, so no reason names a path
 * the case does not offer.
 */
function frozenReason(input: PolicyInput): string {
  const requestable = applies('REQUEST_UNSAFE_RETRY', input, input.actions.REQUEST_UNSAFE_RETRY);
  if (input.case.category === 'OPERATIONAL_UNSAFE') {
    return requestable
      ? `This step ${SIDE_EFFECT_WORDS[input.step.sideEffect]}: a retry needs supervisor approval. Request an unsafe retry with your evidence.`
      : `This step ${SIDE_EFFECT_WORDS[input.step.sideEffect]}: it is not retried from here. Escalate it to the owning team.`;
  }
  return requestable
    ? 'The activity is frozen during a failure storm: a retry needs supervisor approval until the freeze ends. Request an unsafe retry with your evidence.'
    : 'The activity is frozen during a failure storm: retries wait until a supervisor ends the freeze.';
}

function inputsFor(action: ActionId, rule: ActionRule, input: PolicyInput): OfferedAction['inputs'] {
  return rule.inputs.map((field) => {
    if (action === 'CONFIRM_EXTERNAL_OUTCOME' && field.name === 'reference' && input.latestEvidence?.reference) {
      return { ...field, suggested: input.latestEvidence.reference };
    }
    if (action === 'ASSIGN' && field.name === 'assignee') return { ...field, suggested: input.user.id };
    return field;
  });
}
