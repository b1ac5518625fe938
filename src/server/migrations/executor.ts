// The executor (playbook §17): run by the sync leader beside the freeze pass. Per running plan and pass it
// takes at most one batch, once its time has come: the canary first, then batch 1, 2, … spaced by the plan's
// interval. A batch is handled as a set, so it costs a constant number of engine calls and statements whatever
// its size (up to 500): its instances are checked again together just before they move (still on the source
// version at a scope activity, still no open case), sent to the engine in one call, which migrates all of them
// or none, and checked together after (post-checks). A refusal or a failed post-check halts the plan. The
// batch's outcomes are stored in the transaction that records its step, and an instance already on the target
// version (a pass that died after the engine call) is never sent to the engine again.
import { EngineRequestError, EngineUnavailableError } from '../engine/errors.js';
import type { EngineMigrationPlan } from '../engine/schemas.js';
import { SYSTEM_ACTOR, type MigrationDeps } from './migration-deps.js';
import { recordStep } from './plan-events.js';
import { postChecks } from './post-checks.js';
import type { InstanceOutcome, PlanInstanceRow, PlanRow } from './plans-repo.js';

export interface MigrationPassResult {
  batches: number;
  migrated: number;
  failed: number;
  skipped: number;
  engineUnavailable: boolean;
}

/** Instances looked at in one pass while no canary has moved yet (the largest batch a plan may have). */
const CANARY_CANDIDATES = 500;

export async function runMigrationPass(deps: MigrationDeps): Promise<MigrationPassResult> {
  const result: MigrationPassResult = { batches: 0, migrated: 0, failed: 0, skipped: 0, engineUnavailable: false };
  const now = deps.clock.now().getTime();
  for (const plan of await deps.repo.running(deps.engineId)) {
    if (plan.next_batch_at && plan.next_batch_at.getTime() > now) continue;
    try {
      await runNextBatch(deps, plan, result);
    } catch (error) {
      // The engine stopped answering: nothing of the batch in hand was stored, so its instances are still
      // PENDING (or already on the target, which the next pass notices) and the next pass simply continues.
      if (!(error instanceof EngineUnavailableError)) throw error;
      result.engineUnavailable = true;
      break;
    }
  }
  if (result.batches || result.engineUnavailable) deps.log('migration pass', { ...result });
  return result;
}

type Check = { kind: 'MOVE' | 'ALREADY' } | { kind: 'SKIP'; problem: string };

async function runNextBatch(deps: MigrationDeps, plan: PlanRow, result: MigrationPassResult): Promise<void> {
  const instances = await deps.repo.instances(plan.id);
  const pending = instances.filter((i) => i.state === 'PENDING');
  if (pending.length === 0) return finish(deps, plan, instances);
  // The canary must be an instance that really moved: when the first one changed since the dry run (skipped),
  // the next on the list takes its place, so no batch ever runs before one migration passed its post-checks.
  const canary = !instances.some((i) => i.state === 'MIGRATED');
  const batch = canary ? 0 : pending[0]!.batch;
  const candidates = canary ? pending.slice(0, CANARY_CANDIDATES) : pending.filter((i) => i.batch === batch).slice(0, plan.batch_size);
  result.batches++;

  const checks = await preChecks(deps, plan, candidates);
  // The canary moves alone: the first candidate that passed; the ones before it are skipped, the rest wait.
  const canaryAt = canary ? candidates.findIndex((i) => checks.get(i.process_instance_id)!.kind !== 'SKIP') : -1;
  const members = canary ? candidates.slice(0, canaryAt < 0 ? candidates.length : canaryAt + 1) : candidates;
  const outcomes: InstanceOutcome[] = [];
  const toMove: PlanInstanceRow[] = [];
  const moved: PlanInstanceRow[] = [];
  for (const instance of members) {
    const check = checks.get(instance.process_instance_id)!;
    if (check.kind === 'SKIP') outcomes.push({ id: instance.process_instance_id, state: 'SKIPPED', at: null, problems: [check.problem] });
    else (check.kind === 'MOVE' ? toMove : moved).push(instance);
  }

  // The plan's state is read once per batch, just before the engine call: an abort takes effect between batches
  // (a batch already sent is one engine transaction and cannot be taken back anyway).
  const current = await deps.repo.get(plan.id);
  if (current?.state !== 'RUNNING') return; // aborted meanwhile: the abort recorded the rest
  const refusal = await migrate(deps, plan, toMove);
  if (refusal !== null) {
    // One engine transaction: when it refuses, nothing sent moved.
    const problem = toMove.length === 1 ? `the engine refused to migrate it: ${refusal}` : `the engine refused the batch of ${toMove.length} it was sent in, so none of them moved: ${refusal}`;
    for (const instance of toMove) outcomes.push({ id: instance.process_instance_id, state: 'FAILED', at: null, problems: [problem] });
  } else {
    moved.push(...toMove);
  }
  const problems = await postChecks(deps, plan, moved, deps.orders());
  for (const instance of moved) {
    const own = problems.get(instance.process_instance_id) ?? [];
    outcomes.push(own.length
      ? { id: instance.process_instance_id, state: 'FAILED', at: null, problems: own.map((p) => `post-check failed: ${p}`) }
      : { id: instance.process_instance_id, state: 'MIGRATED', at: deps.clock.now(), problems: [] });
  }
  // Back in list order, so the step and the halt name instances as the plan lists them.
  const order = new Map(members.map((m, i) => [m.process_instance_id, i]));
  outcomes.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  for (const outcome of outcomes) {
    if (outcome.state === 'MIGRATED') result.migrated++;
    else if (outcome.state === 'SKIPPED') result.skipped++;
    else result.failed++;
  }

  if (outcomes.some((o) => o.state === 'FAILED')) {
    const refusedBatch = refusal !== null && toMove.length > 1 ? { count: toMove.length, message: refusal } : null;
    return halt(deps, plan, batch, outcomes, refusedBatch);
  }
  await deps.db.transaction(async (tx) => {
    const locked = await deps.repo.getForUpdate(tx, plan.id);
    // What the engine did is stored even when the plan was aborted meanwhile (it wins over the abort's SKIPPED).
    await deps.repo.setInstances(tx, plan.id, outcomes);
    if (locked?.state !== 'RUNNING') return;
    const migrated = outcomes.filter((o) => o.state === 'MIGRATED').map((o) => o.id);
    const skipped = outcomes.filter((o) => o.state === 'SKIPPED').map((o) => o.id);
    const more = pending.length > outcomes.length;
    if (canary && migrated.length === 0) {
      // No candidate could be the canary: nothing moved; the next pass looks further down the list at once,
      // or the completion below says so.
      return;
    }
    if (canary) {
      await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'CANARY_PASSED',
        `Canary ${migrated[0]} migrated and passed its post-checks${skipped.length ? ` (${skipped.length} skipped before it: changed since the dry run)` : ''}.`,
        { batch, instances: migrated, skipped });
    } else {
      await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'BATCH_DONE', `Batch ${batch}: ${migrated.length} migrated${skipped.length ? `, ${skipped.length} skipped` : ''}.`,
        { batch, instances: migrated, skipped });
    }
    if (more) await deps.repo.setState(tx, plan.id, 'RUNNING', deps.clock.now(), { nextBatchAt: new Date(deps.clock.now().getTime() + plan.batch_interval_seconds * 1000) });
  });
  if (pending.length === outcomes.length) await finish(deps, plan, await deps.repo.instances(plan.id));
}

/** The checks just before the move, for the whole batch at once: three reads, whatever its size. */
async function preChecks(deps: MigrationDeps, plan: PlanRow, candidates: readonly PlanInstanceRow[]): Promise<Map<string, Check>> {
  const ids = candidates.map((i) => i.process_instance_id);
  const running = new Map((await deps.engine.runningInstances(ids)).map((r) => [r.id, r.definitionId]));
  const onSource = ids.filter((id) => running.has(id) && running.get(id) !== plan.target_definition_id);
  const waiting = onSource.length ? await deps.engine.waitingOn(onSource, plan.source_definition_id, plan.scope_activities) : new Set<string>();
  const waitingIds = onSource.filter((id) => waiting.has(id));
  const cases = waitingIds.length ? await deps.repo.openCases(deps.engineId, waitingIds) : new Map<string, string>();
  const checks = new Map<string, Check>();
  for (const id of ids) {
    const definitionId = running.get(id);
    if (definitionId === plan.target_definition_id) checks.set(id, { kind: 'ALREADY' });
    else if (!definitionId) checks.set(id, { kind: 'SKIP', problem: 'no longer running: it finished or was cancelled after the dry run' });
    else if (!waiting.has(id)) {
      checks.set(id, { kind: 'SKIP', problem: `moved on since the dry run: no longer waiting at ${plan.scope_activities.join(' or ')} on version ${plan.source_version}` });
    } else if (cases.has(id)) checks.set(id, { kind: 'SKIP', problem: `open fallout case ${cases.get(id)} since the dry run: left for the people working it` });
    else checks.set(id, { kind: 'MOVE' });
  }
  return checks;
}

/** One engine call for the batch; the engine's refusal (untrusted text, bounded) or null when it migrated them. */
async function migrate(deps: MigrationDeps, plan: PlanRow, instances: readonly PlanInstanceRow[]): Promise<string | null> {
  if (!instances.length) return null;
  const enginePlan: EngineMigrationPlan = { sourceProcessDefinitionId: plan.source_definition_id, targetProcessDefinitionId: plan.target_definition_id, instructions: plan.instructions };
  try {
    await deps.engine.execute(enginePlan, instances.map((i) => i.process_instance_id));
    return null;
  } catch (error) {
    if (error instanceof EngineRequestError) return (error.engineMessage ?? `status ${error.status}`).slice(0, 500);
    throw error;
  }
}

/** Stores the batch's outcomes and halts the plan, naming the first failure (or the refused batch). */
async function halt(deps: MigrationDeps, plan: PlanRow, batch: number, outcomes: readonly InstanceOutcome[], refusedBatch: { count: number; message: string } | null): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const locked = await deps.repo.getForUpdate(tx, plan.id);
    await deps.repo.setInstances(tx, plan.id, outcomes);
    if (locked?.state !== 'RUNNING') return;
    const stage = batch === 0 ? 'the canary' : `batch ${batch}`;
    const failed = outcomes.filter((o) => o.state === 'FAILED');
    const first = failed[0]!;
    const reason = refusedBatch
      ? `the engine refused all ${refusedBatch.count} instances sent, none moved: ${refusedBatch.message}`
      : `${first.id} (${stage}): ${first.problems.join('; ')}${failed.length > 1 ? ` (and ${failed.length - 1} more failed)` : ''}`;
    const skipped = await deps.repo.skipPending(tx, plan.id, `not migrated: the plan halted at ${stage}`);
    await deps.repo.setState(tx, plan.id, 'HALTED', deps.clock.now(), { nextBatchAt: null });
    await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'HALTED', `Halted at ${stage}: ${reason}`.slice(0, 2000), {
      batch, failedInstance: first.id, failedInstances: failed.map((f) => f.id), problems: first.problems, skippedCount: skipped.length, skipped: skipped.slice(0, 500),
    });
  });
}

async function finish(deps: MigrationDeps, plan: PlanRow, instances: PlanInstanceRow[]): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const locked = await deps.repo.getForUpdate(tx, plan.id);
    if (locked?.state !== 'RUNNING') return;
    const count = (state: string) => instances.filter((i) => i.state === state).length;
    await deps.repo.setState(tx, plan.id, 'COMPLETED', deps.clock.now(), { nextBatchAt: null });
    await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'COMPLETED', `Completed: ${count('MIGRATED')} migrated, ${count('SKIPPED')} skipped.`, {
      migrated: count('MIGRATED'), skipped: count('SKIPPED'), failed: count('FAILED'),
    });
  });
}
