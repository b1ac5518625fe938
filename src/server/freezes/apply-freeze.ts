// Applies one active freeze in the engine: suspends the activity's job definitions (jobs of every version,
// including jobs created later), and, because external tasks ignore job definitions, suspends the process
// instances whose external task waits at the activity. Bounded per pass; every suspension is claimed in
// `freeze_suspension` before the engine call and audited after it.
import { EngineUnavailableError } from '../engine/errors.js';
import type { ExternalTaskAt } from '../engine/suspension.js';
import { appendAudit } from '../store/audit-repo.js';
import type { FreezeActor, FreezeDeps } from './freeze-deps.js';
import type { FreezeRow, SuspensionKind } from './freezes-repo.js';

export interface ApplyResult {
  /** Targets this pass suspended in the engine. */
  suspended: number;
  /** Targets another freeze had suspended already, now held by this one as well. */
  heldJointly: number;
  /** Engine refusals other than "unavailable", one line each; the pass goes on with the next target. */
  errors: string[];
}

/** Per id-list query: keeps the URL short. */
const ID_CHUNK = 100;

/**
 * Throws EngineUnavailableError when the engine stops answering; what was recorded before stays recorded and
 * the next pass continues from there.
 */
export async function applyFreeze(deps: FreezeDeps, freeze: FreezeRow, actor: FreezeActor): Promise<ApplyResult> {
  const result: ApplyResult = { suspended: 0, heldJointly: 0, errors: [] };
  const budget = { left: deps.limits.suspensionsPerFreezePerPass };
  await applyToJobDefinitions(deps, freeze, actor, result, budget);
  const versions = await deps.engine.definitionVersions(freeze.definition_key);
  await holdInstancesOtherFreezesSuspended(deps, freeze, actor, versions.map((v) => v.id), result);
  for (const version of versions) {
    if (budget.left <= 0) break;
    for (const task of await retryableTasksAt(deps, version.id, freeze.activity_id, budget.left)) {
      if (budget.left <= 0) break;
      if (!(await stillActive(deps, freeze.id))) return result;
      if (await suspendInstance(deps, freeze, actor, task, result)) budget.left--;
    }
  }
  return result;
}

async function applyToJobDefinitions(deps: FreezeDeps, freeze: FreezeRow, actor: FreezeActor, result: ApplyResult, budget: { left: number }) {
  const definitions = await deps.engine.jobDefinitionsAt({ key: freeze.definition_key }, freeze.activity_id);
  const ours = await deps.repo.heldBy(freeze.id, 'JOB_DEFINITION', definitions.map((d) => d.id));
  for (const definition of definitions) {
    if (definition.suspended) {
      // Suspended by someone else: leave it, and never re-activate it. Suspended by another of our freezes
      // (one that ended while the engine was down): hold it jointly, so its release does not let jobs run.
      if (!ours.has(definition.id) && (await deps.repo.heldByOtherFreezes(freeze.id, deps.engineId, 'JOB_DEFINITION', [definition.id])).size) {
        await holdJointly(deps, freeze, actor, 'JOB_DEFINITION', definition.id, null);
        result.heldJointly++;
      }
      continue;
    }
    if (budget.left <= 0) return;
    // Already claimed: either another pass is suspending it right now, or someone re-activated it outside the
    // workbench on purpose. Neither is overridden.
    if (!(await deps.repo.claim(freeze.id, 'JOB_DEFINITION', definition.id, deps.clock.now()))) continue;
    const done = await suspendOrUndo(deps, freeze, 'JOB_DEFINITION', definition.id, result, () =>
      deps.engine.setJobDefinitionSuspended(definition.id, true),
    );
    if (!done) continue;
    budget.left--;
    result.suspended++;
    await deps.db.transaction((tx) =>
      appendAudit(tx, auditEntry(deps, actor, freeze, 'FREEZE_SUSPEND', 'SUSPENDED', null, {
        kind: 'JOB_DEFINITION', targetId: definition.id, processDefinitionId: definition.processDefinitionId, includeJobs: true,
      })),
    );
  }
}

/**
 * External tasks a freeze must stop: waiting for a worker, or failed and backing off before their next attempt.
 * A first attempt already in a worker's hands (locked, never failed) is left to finish: a freeze stops retries,
 * and suspending it would make the engine refuse the worker's result after the side effect happened.
 */
async function retryableTasksAt(deps: FreezeDeps, definitionId: string, activityId: string, max: number): Promise<ExternalTaskAt[]> {
  const waiting = await deps.engine.externalTasksAt(definitionId, activityId, { state: 'active-unlocked' }, max);
  const locked = waiting.length < max ? await deps.engine.externalTasksAt(definitionId, activityId, { state: 'active-locked' }, 500) : [];
  const seen = new Set<string>();
  return [...waiting, ...locked.filter((t) => t.errorMessage !== null)].filter((t) => {
    if (seen.has(t.processInstanceId)) return false;
    seen.add(t.processInstanceId);
    return true;
  });
}

async function suspendInstance(deps: FreezeDeps, freeze: FreezeRow, actor: FreezeActor, task: ExternalTaskAt, result: ApplyResult): Promise<boolean> {
  const instanceId = task.processInstanceId;
  // Already claimed: being suspended by another pass, or re-activated outside the workbench on purpose.
  if (!(await deps.repo.claim(freeze.id, 'PROCESS_INSTANCE', instanceId, deps.clock.now()))) return false;
  const done = await suspendOrUndo(deps, freeze, 'PROCESS_INSTANCE', instanceId, result, () =>
    deps.engine.setProcessInstanceSuspended(instanceId, true),
  );
  if (!done) return false;
  // The listing and the suspension are two calls: if the task finished in between, the instance has moved on
  // and is no business of this freeze.
  if (!(await deps.engine.externalTaskExists(task.id))) {
    if (!(await deps.repo.heldByOtherFreezes(freeze.id, deps.engineId, 'PROCESS_INSTANCE', [instanceId])).size) {
      await deps.engine.setProcessInstanceSuspended(instanceId, false);
    }
    await deps.repo.unclaim(freeze.id, 'PROCESS_INSTANCE', instanceId);
    deps.log('freeze: instance moved on before it was suspended; re-activated', { freezeId: freeze.id, instanceId });
    return false;
  }
  result.suspended++;
  const openCase = await deps.repo.openCaseAt(deps.engineId, instanceId, freeze.activity_id);
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      ...auditEntry(deps, actor, freeze, 'FREEZE_SUSPEND', 'SUSPENDED', openCase?.id ?? null, {
        kind: 'PROCESS_INSTANCE',
        targetId: instanceId,
        externalTaskId: task.id,
        topic: task.topicName,
        retries: task.retries,
        // A retry in a worker's hands at this moment: the engine will refuse its result until the freeze ends.
        lockedBy: task.lockExpirationTime && task.errorMessage ? { workerId: task.workerId, until: task.lockExpirationTime } : null,
      }),
      businessKey: task.businessKey ?? openCase?.business_key ?? null,
    }),
  );
  return true;
}

/**
 * Runs one suspending engine call for a claimed target. Undoes the claim when the call fails, and the
 * suspension when the freeze was ended (and its claims released) while the call ran.
 */
async function suspendOrUndo(
  deps: FreezeDeps,
  freeze: FreezeRow,
  kind: SuspensionKind,
  targetId: string,
  result: ApplyResult,
  call: () => Promise<void>,
): Promise<boolean> {
  try {
    await call();
  } catch (error) {
    await deps.repo.unclaim(freeze.id, kind, targetId);
    if (error instanceof EngineUnavailableError) throw error;
    result.errors.push(`${kind} ${targetId}: ${(error as Error).message}`);
    return false;
  }
  const row = await deps.repo.suspension(freeze.id, kind, targetId);
  if (!row || row.released_at) {
    if (!(await deps.repo.heldByActiveFreeze(freeze.id, kind, targetId))) await activate(deps, kind, targetId);
    return false;
  }
  return true;
}

async function holdInstancesOtherFreezesSuspended(deps: FreezeDeps, freeze: FreezeRow, actor: FreezeActor, definitionIds: string[], result: ApplyResult) {
  const candidates = await deps.repo.instancesHeldElsewhere(freeze.id, deps.engineId, 500);
  for (let i = 0; i < candidates.length; i += ID_CHUNK) {
    const chunk = candidates.slice(i, i + ID_CHUNK);
    for (const definitionId of definitionIds) {
      const tasks = await deps.engine.externalTasksAt(definitionId, freeze.activity_id, { state: 'suspended', processInstanceIds: chunk }, 500);
      for (const instanceId of new Set(tasks.map((t) => t.processInstanceId))) {
        await holdJointly(deps, freeze, actor, 'PROCESS_INSTANCE', instanceId, tasks.find((t) => t.processInstanceId === instanceId)?.businessKey ?? null);
        result.heldJointly++;
      }
    }
  }
}

async function holdJointly(deps: FreezeDeps, freeze: FreezeRow, actor: FreezeActor, kind: SuspensionKind, targetId: string, businessKey: string | null) {
  if (!(await deps.repo.claim(freeze.id, kind, targetId, deps.clock.now()))) return;
  const openCase = kind === 'PROCESS_INSTANCE' ? await deps.repo.openCaseAt(deps.engineId, targetId, freeze.activity_id) : null;
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      ...auditEntry(deps, actor, freeze, 'FREEZE_SUSPEND', 'HELD_WITH_OTHER_FREEZE', openCase?.id ?? null, { kind, targetId }),
      businessKey: businessKey ?? openCase?.business_key ?? null,
    }),
  );
}

async function stillActive(deps: FreezeDeps, freezeId: string): Promise<boolean> {
  return (await deps.repo.get(freezeId))?.ended_at === null;
}

export async function activate(deps: FreezeDeps, kind: SuspensionKind, targetId: string): Promise<void> {
  if (kind === 'JOB_DEFINITION') await deps.engine.setJobDefinitionSuspended(targetId, false);
  else await deps.engine.setProcessInstanceSuspended(targetId, false);
}

export function auditEntry(
  deps: FreezeDeps,
  actor: FreezeActor,
  freeze: Pick<FreezeRow, 'id' | 'definition_key' | 'activity_id'>,
  action: string,
  outcome: string,
  caseId: string | null,
  detail: Record<string, unknown>,
) {
  return {
    at: deps.clock.now(),
    actor: actor.id,
    roles: actor.roles,
    team: actor.team,
    caseId,
    businessKey: null,
    action,
    commandId: null,
    idempotencyKey: null,
    outcome,
    detail: { freezeId: freeze.id, engineId: deps.engineId, processDefinitionKey: freeze.definition_key, activityId: freeze.activity_id, ...detail },
  };
}
