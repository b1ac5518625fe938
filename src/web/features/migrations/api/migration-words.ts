// The migration planner's codes in words, one place for the list, the plan page and the tests.
import type { MigrationExclusion, MigrationInstanceState, MigrationPlanState } from '../../../../contracts/migrations.js';
import type { MigrationAction } from './manage-migrations.js';

export const planStateLabels: Record<MigrationPlanState, string> = {
  AWAITING_APPROVAL: 'Awaiting approval',
  REJECTED: 'Rejected',
  APPROVED: 'Approved, not started',
  RUNNING: 'Running',
  HALTED: 'Halted',
  COMPLETED: 'Completed',
  ABORTED: 'Aborted',
};

/** What the state means for the orders, one sentence. */
export const planStateExplanations: Record<MigrationPlanState, string> = {
  AWAITING_APPROVAL: 'Validated and dry-run; nothing has moved yet.',
  REJECTED: 'Rejected: nothing was migrated and the plan cannot be started.',
  APPROVED: 'Approved: a platform owner may start it. The canary goes first, then the batches.',
  RUNNING: 'Orders are being moved: the canary first, then the batches at the planned pace. Each is checked afterwards.',
  HALTED: 'A post-check failed: nothing more is migrated until someone aborts the plan. Orders already moved stay on the target version.',
  COMPLETED: 'Every order on the frozen list was handled.',
  ABORTED: 'Stopped by a person: orders not yet migrated were left untouched on the source version.',
};

export const instanceStateLabels: Record<MigrationInstanceState, string> = {
  PENDING: 'Waiting',
  MIGRATED: 'Migrated',
  FAILED: 'Failed',
  SKIPPED: 'Left untouched',
};

export const exclusionReasonLabels: Record<MigrationExclusion['reason'], string> = {
  OPEN_CASE: 'Has an open fallout case',
  NOT_IN_SCOPE: 'Waits at a step outside the scope',
  MISSING_VARIABLE: 'A required variable is missing',
  DOMAIN_STATE: 'The order is in a state the plan does not allow',
  DOMAIN_UNAVAILABLE: 'The order service could not be asked',
};

export const eventLabels: Record<string, string> = {
  CREATED: 'Planned and dry-run',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  STARTED: 'Started',
  CANARY_PASSED: 'Canary passed its checks',
  BATCH_DONE: 'Batch done',
  HALTED: 'Halted',
  COMPLETED: 'Completed',
  ABORTED: 'Aborted',
};

export function eventLabel(type: string): string {
  return eventLabels[type] ?? type.toLowerCase().replaceAll('_', ' ');
}

export const actionCopy: Record<MigrationAction, { button: string; title: string; confirm: string; effect: string; tone: 'primary' | 'danger' }> = {
  APPROVE: {
    button: 'Approve',
    title: 'Approve this migration plan?',
    confirm: 'Approve plan',
    effect: 'Nothing moves yet: approving lets a platform owner start it. The frozen list stays as it is now.',
    tone: 'primary',
  },
  REJECT: {
    button: 'Reject',
    title: 'Reject this migration plan?',
    confirm: 'Reject plan',
    effect: 'The plan ends here; nothing is migrated. A new plan is needed to move these orders.',
    tone: 'danger',
  },
  START: {
    button: 'Start',
    title: 'Start the migration?',
    confirm: 'Start migration',
    effect: 'The canary order moves first and is checked; if it passes, the batches follow at the planned pace. Orders that changed since the dry run are left untouched.',
    tone: 'primary',
  },
  ABORT: {
    button: 'Abort',
    title: 'Abort the migration?',
    confirm: 'Abort migration',
    effect: 'No more orders move. Orders already migrated stay on the target version; the rest stay untouched on the source version.',
    tone: 'danger',
  },
};

/** `order:ORD-1` names the order ORD-1 (the engine's business key convention); other keys name no order. */
export function orderIdOf(businessKey: string | null): string | null {
  return /^order:(.+)$/.exec(businessKey ?? '')?.[1] ?? null;
}

/**
 * The post-checks each migrated instance goes through (playbook §17.2 "post-check"), as the BFF runs them: the
 * order state only when the plan names allowed states.
 */
export function postChecksOf(plan: { allowedOrderStates: readonly string[] }): string[] {
  return [
    'It runs on the target version',
    'No open incident at the steps it left',
    ...(plan.allowedOrderStates.length > 0 ? ['The order service still has the order in an allowed state'] : []),
  ];
}
