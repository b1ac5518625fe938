// The executor (playbook §17): run by the sync leader beside the freeze pass. Per running plan and pass it
// takes at most one batch, once its time has come: the canary (batch 0) first, then batch 1, 2, … spaced by
// the plan's interval. Each instance is checked again just before it moves (still on the source version at a
// scope activity, still no open case) and checked after (post-checks); a refusal or a failed post-check halts
// the plan. Every outcome is stored per instance as it happens, and an instance already on the target version
// (a pass that died after the engine call) is never sent to the engine again.
import { EngineRequestError, EngineUnavailableError } from '../engine/errors.js';
import type { EngineMigrationPlan } from '../engine/schemas.js';
import { SYSTEM_ACTOR, type MigrationDeps } from './migration-deps.js';
import { recordStep } from './plan-events.js';
import { postCheck } from './post-checks.js';
import type { PlanInstanceRow, PlanRow } from './plans-repo.js';

export interface MigrationPassResult {
  batches: number;
  migrated: number;
  failed: number;
  skipped: number;
  engineUnavailable: boolean;
}

type Outcome = { state: 'MIGRATED' | 'FAILED' | 'SKIPPED'; problems: string[] } | { state: 'STOPPED' };

export async function runMigrationPass(deps: MigrationDeps): Promise<MigrationPassResult> {
  const result: MigrationPassResult = { batches: 0, migrated: 0, failed: 0, skipped: 0, engineUnavailable: false };
  const now = deps.clock.now().getTime();
  for (const plan of await deps.repo.running(deps.engineId)) {
    if (plan.next_batch_at && plan.next_batch_at.getTime() > now) continue;
    try {
      await runNextBatch(deps, plan, result);
    } catch (error) {
      // The engine stopped answering: the instance in hand is still PENDING (or already on the target, which the
      // next pass notices), so the next pass simply continues.
      if (!(error instanceof EngineUnavailableError)) throw error;
      result.engineUnavailable = true;
      break;
    }
  }
  if (result.batches || result.engineUnavailable) deps.log('migration pass', { ...result });
  return result;
}

async function runNextBatch(deps: MigrationDeps, plan: PlanRow, result: MigrationPassResult): Promise<void> {
  const instances = await deps.repo.instances(plan.id);
  const pending = instances.filter((i) => i.state === 'PENDING');
  if (pending.length === 0) return finish(deps, plan, instances);
  const batch = pending[0]!.batch;
  // The canary must be an instance that really moved: when it changed since the dry run (skipped), the next
  // instance on the list takes its place, so no batch ever runs before one migration passed its post-checks.
  const members = batch === 0 ? pending : pending.filter((i) => i.batch === batch).slice(0, plan.batch_size);
  result.batches++;
  const enginePlan: EngineMigrationPlan = { sourceProcessDefinitionId: plan.source_definition_id, targetProcessDefinitionId: plan.target_definition_id, instructions: plan.instructions };
  const orders = deps.orders();
  const done: { id: string; state: string }[] = [];
  for (const instance of members) {
    const outcome = await migrateOne(deps, plan, enginePlan, instance, orders);
    if (outcome.state === 'STOPPED') return; // aborted meanwhile: the abort recorded the rest
    await deps.repo.setInstance(deps.db, plan.id, instance.process_instance_id, outcome.state, outcome.state === 'MIGRATED' ? deps.clock.now() : null, outcome.problems);
    done.push({ id: instance.process_instance_id, state: outcome.state });
    if (outcome.state === 'MIGRATED') result.migrated++;
    if (outcome.state === 'SKIPPED') result.skipped++;
    if (outcome.state === 'FAILED') {
      result.failed++;
      return halt(deps, plan, batch, instance.process_instance_id, outcome.problems);
    }
    if (batch === 0 && outcome.state === 'MIGRATED') break;
  }
  await deps.db.transaction(async (tx) => {
    const locked = await deps.repo.getForUpdate(tx, plan.id);
    if (locked?.state !== 'RUNNING') return;
    const migrated = done.filter((d) => d.state === 'MIGRATED').map((d) => d.id);
    const skipped = done.filter((d) => d.state === 'SKIPPED').map((d) => d.id);
    const more = pending.length > done.length;
    if (batch === 0 && migrated.length === 0) {
      // Every instance changed since the dry run: nothing moved, the completion below says so.
    } else if (batch === 0) {
      await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'CANARY_PASSED',
        `Canary ${migrated[0]} migrated and passed its post-checks${skipped.length ? ` (${skipped.length} skipped before it: changed since the dry run)` : ''}.`,
        { batch, instances: migrated, skipped });
    } else {
      await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'BATCH_DONE', `Batch ${batch}: ${migrated.length} migrated${skipped.length ? `, ${skipped.length} skipped` : ''}.`,
        { batch, instances: migrated, skipped });
    }
    if (more) await deps.repo.setState(tx, plan.id, 'RUNNING', deps.clock.now(), { nextBatchAt: new Date(deps.clock.now().getTime() + plan.batch_interval_seconds * 1000) });
  });
  if (pending.length === done.length) await finish(deps, plan, await deps.repo.instances(plan.id));
}

/** Re-check, migrate (unless already done), post-check: one instance's outcome. */
async function migrateOne(
  deps: MigrationDeps,
  plan: PlanRow,
  enginePlan: EngineMigrationPlan,
  instance: PlanInstanceRow,
  orders: ReturnType<MigrationDeps['orders']>,
): Promise<Outcome> {
  const id = instance.process_instance_id;
  // A person may have aborted since the batch began: nothing more goes to the engine then.
  const current = await deps.repo.get(plan.id);
  if (current?.state !== 'RUNNING') return { state: 'STOPPED' };
  const [running] = await deps.engine.runningInstances([id]);
  const alreadyMigrated = running?.definitionId === plan.target_definition_id;
  if (!alreadyMigrated) {
    if (!running) return { state: 'SKIPPED', problems: ['no longer running: it finished or was cancelled after the dry run'] };
    const waiting = await deps.engine.waitingOn([id], plan.source_definition_id, plan.scope_activities);
    if (!waiting.has(id)) {
      return { state: 'SKIPPED', problems: [`moved on since the dry run: no longer waiting at ${plan.scope_activities.join(' or ')} on version ${plan.source_version}`] };
    }
    const caseId = (await deps.repo.openCases(deps.engineId, [id])).get(id);
    if (caseId) return { state: 'SKIPPED', problems: [`open fallout case ${caseId} since the dry run: left for the people working it`] };
    try {
      await deps.engine.execute(enginePlan, [id]);
    } catch (error) {
      if (error instanceof EngineRequestError) {
        return { state: 'FAILED', problems: [`the engine refused to migrate it: ${(error.engineMessage ?? `status ${error.status}`).slice(0, 500)}`] };
      }
      throw error;
    }
  }
  const problems = await postCheck(deps, plan, instance, orders);
  return problems.length ? { state: 'FAILED', problems: problems.map((p) => `post-check failed: ${p}`) } : { state: 'MIGRATED', problems: [] };
}

async function halt(deps: MigrationDeps, plan: PlanRow, batch: number, instanceId: string, problems: string[]): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const locked = await deps.repo.getForUpdate(tx, plan.id);
    if (locked?.state !== 'RUNNING') return;
    const stage = batch === 0 ? 'the canary' : `batch ${batch}`;
    const reason = `${instanceId} (${stage}): ${problems.join('; ')}`;
    const skipped = await deps.repo.skipPending(tx, plan.id, `not migrated: the plan halted at ${stage}`);
    await deps.repo.setState(tx, plan.id, 'HALTED', deps.clock.now(), { nextBatchAt: null });
    await recordStep(tx, deps, plan, SYSTEM_ACTOR, 'HALTED', `Halted at ${stage}: ${reason}`.slice(0, 2000), { batch, failedInstance: instanceId, problems, skippedCount: skipped.length, skipped: skipped.slice(0, 500) });
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
