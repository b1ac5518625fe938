// A person's decisions on a plan: approve or reject (four eyes: never the requester), start (platform owner,
// approved plans only) and abort (what has not been migrated stays untouched in the engine). Each re-checks
// the plan under its row lock, so two people deciding at once cannot both win.
import { ApiProblem } from '../api-problem.js';
import type { MigrationActor, MigrationDeps } from './migration-deps.js';
import { recordRefusal, recordStep } from './plan-events.js';
import { refusalOf, type PlanAction } from './permissions.js';
import type { PlanRow } from './plans-repo.js';
import type { Queryable } from '../store/db.js';

export const planNotFound = (planId: string) => new ApiProblem(404, 'MIGRATION_NOT_FOUND', `There is no migration plan ${planId.slice(0, 60)}.`);

/** Refuses the action when the caller may not take it now; a four-eyes refusal is audited with the plan it was aimed at. */
async function check(deps: MigrationDeps, plan: PlanRow, actor: MigrationActor, action: PlanAction): Promise<void> {
  const refusal = refusalOf({ state: plan.state, createdBy: plan.created_by }, actor, action);
  if (!refusal) return;
  const problem = new ApiProblem(refusal.status, refusal.code, refusal.message, { planId: plan.id, state: plan.state });
  if (refusal.code === 'FOUR_EYES') {
    await deps.db.transaction((tx) => recordRefusal(tx, deps, plan.id, actor, action, refusal.code, refusal.message));
    throw problem.alreadyAudited();
  }
  throw problem;
}

/** Loads the plan, checks the caller, then applies `change` under the row lock (checked again there). */
async function decide(deps: MigrationDeps, planId: string, actor: MigrationActor, action: PlanAction, change: (plan: PlanRow, tx: Queryable) => Promise<void>): Promise<void> {
  const plan = await deps.repo.get(planId);
  if (!plan) throw planNotFound(planId);
  await check(deps, plan, actor, action);
  await deps.db.transaction(async (tx) => {
    const locked = (await deps.repo.getForUpdate(tx, planId))!;
    const refusal = refusalOf({ state: locked.state, createdBy: locked.created_by }, actor, action);
    // Someone else decided (or the executor finished) between the read above and the lock.
    if (refusal) throw new ApiProblem(refusal.status, refusal.code, refusal.message, { planId, state: locked.state });
    await change(locked, tx);
  });
}

export function approvePlan(deps: MigrationDeps, planId: string, actor: MigrationActor, reason: string): Promise<void> {
  return decide(deps, planId, actor, 'APPROVE', async (plan, tx) => {
    const now = deps.clock.now();
    await deps.repo.setState(tx, plan.id, 'APPROVED', now, { decidedBy: actor.id, decisionReason: reason });
    await recordStep(tx, deps, plan, actor, 'APPROVED', `Approved: ${reason}`, { reason, requestedBy: plan.created_by });
  });
}

export function rejectPlan(deps: MigrationDeps, planId: string, actor: MigrationActor, reason: string): Promise<void> {
  return decide(deps, planId, actor, 'REJECT', async (plan, tx) => {
    const now = deps.clock.now();
    await deps.repo.setState(tx, plan.id, 'REJECTED', now, { decidedBy: actor.id, decisionReason: reason });
    await recordStep(tx, deps, plan, actor, 'REJECTED', `Rejected: ${reason}`, { reason, requestedBy: plan.created_by });
  });
}

/** The executor (sync leader) takes it from here: the canary at its next pass, then the batches. */
export function startPlan(deps: MigrationDeps, planId: string, actor: MigrationActor, reason: string): Promise<void> {
  return decide(deps, planId, actor, 'START', async (plan, tx) => {
    const now = deps.clock.now();
    await deps.repo.setState(tx, plan.id, 'RUNNING', now, { nextBatchAt: now });
    await recordStep(tx, deps, plan, actor, 'STARTED', `Started: ${reason}`, { reason });
  });
}

export function abortPlan(deps: MigrationDeps, planId: string, actor: MigrationActor, reason: string): Promise<void> {
  return decide(deps, planId, actor, 'ABORT', async (plan, tx) => {
    const now = deps.clock.now();
    const skipped = await deps.repo.skipPending(tx, plan.id, `not migrated: the plan was aborted by ${actor.id}`);
    await deps.repo.setState(tx, plan.id, 'ABORTED', now, { nextBatchAt: null });
    await recordStep(tx, deps, plan, actor, 'ABORTED', `Aborted: ${reason} (${skipped.length} instance${skipped.length === 1 ? '' : 's'} left untouched).`, {
      reason, stateBefore: plan.state, skippedCount: skipped.length, skipped: skipped.slice(0, 500),
    });
  });
}
