// Whether a case's token has waited at its step longer than the catalog's stage budget allows.
import type { CaseStageBudget } from '../../contracts/cases.js';
import type { StageBudget } from '../catalog/catalog.js';

/** Null without a budget; `overrun` only when the wait is known and strictly longer than the budget. */
export function stageBudgetState(budget: StageBudget | null, waitingSince: string | null, now: Date): CaseStageBudget | null {
  if (!budget) return null;
  const waitedMs = waitingSince === null ? null : now.getTime() - Date.parse(waitingSince);
  return { budget: budget.budget, waitingSince, overrun: waitedMs !== null && waitedMs > budget.budgetMs };
}

export function budgetFor(budgets: readonly StageBudget[], processKey: string, activityId: string | null): StageBudget | null {
  if (activityId === null) return null;
  return budgets.find((b) => b.processDefinitionKey === processKey && b.activityId === activityId) ?? null;
}
