// Who may do what with a migration plan, decided on the server (the SPA only shows `allowedActions`). Four
// eyes: whoever planned it never approves or rejects it. Pure.
import type { MigrationPlan, MigrationPlanState } from '../../contracts/migrations.js';
import type { Role } from '../../contracts/session.js';

export type PlanAction = MigrationPlan['allowedActions'][number];

export interface Caller {
  id: string;
  roles: readonly Role[];
}

export interface PlanFacts {
  state: MigrationPlanState;
  createdBy: string;
}

const DECIDERS: readonly Role[] = ['platform_owner', 'supervisor'];
const ABORTABLE: readonly MigrationPlanState[] = ['APPROVED', 'RUNNING', 'HALTED'];

const hasAny = (caller: Caller, roles: readonly Role[]) => caller.roles.some((r) => roles.includes(r));

/** Why `caller` may not take `action` now (a code and a sentence), or null when they may. */
export function refusalOf(plan: PlanFacts, caller: Caller, action: PlanAction): { status: 403 | 409; code: string; message: string } | null {
  switch (action) {
    case 'APPROVE':
    case 'REJECT': {
      if (!hasAny(caller, DECIDERS)) return { status: 403, code: 'FORBIDDEN', message: 'Only a platform owner or a supervisor decides a migration plan.' };
      if (plan.createdBy === caller.id) {
        return { status: 403, code: 'FOUR_EYES', message: 'You planned this migration yourself; another platform owner or a supervisor must decide it.' };
      }
      if (plan.state !== 'AWAITING_APPROVAL') return { status: 409, code: 'MIGRATION_DECIDED', message: `This plan is already ${words(plan.state)}.` };
      return null;
    }
    case 'START':
      if (!caller.roles.includes('platform_owner')) return { status: 403, code: 'FORBIDDEN', message: 'Only a platform owner starts a migration.' };
      if (plan.state !== 'APPROVED') {
        return { status: 409, code: 'MIGRATION_NOT_APPROVED', message: `Only an approved plan can be started; this one is ${words(plan.state)}.` };
      }
      return null;
    case 'ABORT':
      if (!hasAny(caller, DECIDERS)) return { status: 403, code: 'FORBIDDEN', message: 'Only a platform owner or a supervisor aborts a migration.' };
      if (!ABORTABLE.includes(plan.state)) {
        return { status: 409, code: 'MIGRATION_NOT_ABORTABLE', message: `Only an approved, running or halted plan can be aborted; this one is ${words(plan.state)}.` };
      }
      return null;
  }
}

/** What the caller may do with the plan now. */
export function allowedActions(plan: PlanFacts, caller: Caller): PlanAction[] {
  return (['APPROVE', 'REJECT', 'START', 'ABORT'] as const).filter((action) => refusalOf(plan, caller, action) === null);
}

/** `AWAITING_APPROVAL` → "awaiting approval". */
export const words = (state: string) => state.toLowerCase().replace(/_/g, ' ');
