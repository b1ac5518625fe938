// Re-activates what ended freezes suspended: exactly the recorded suspensions not yet released, except a
// target another active freeze still holds (that one stays suspended and is released when its freeze ends).
import { EngineUnavailableError } from '../engine/errors.js';
import { appendAudit } from '../store/audit-repo.js';
import { activate, auditEntry } from './apply-freeze.js';
import type { FreezeActor, FreezeDeps } from './freeze-deps.js';
import type { UnreleasedSuspension } from './freezes-repo.js';

export interface ReleaseResult {
  /** Re-activated, or found ended (nothing left to re-activate). */
  released: number;
  /** Left suspended because another active freeze holds them. */
  keptForOtherFreeze: number;
  errors: string[];
}

/** Throws EngineUnavailableError when the engine stops answering; the rest is released by a later pass. */
export async function releaseSuspensions(deps: FreezeDeps, actor: FreezeActor, options: { freezeId?: string; limit: number }): Promise<ReleaseResult> {
  const result: ReleaseResult = { released: 0, keptForOtherFreeze: 0, errors: [] };
  const rows = await deps.repo.unreleasedOfEnded(deps.engineId, options.limit, options.freezeId);
  for (const row of rows) await releaseOne(deps, actor, row, result);
  return result;
}

async function releaseOne(deps: FreezeDeps, actor: FreezeActor, row: UnreleasedSuspension, result: ReleaseResult): Promise<void> {
  const freeze = { id: row.freeze_id, definition_key: row.definition_key, activity_id: row.activity_id };
  const holder = await deps.repo.heldByActiveFreeze(row.freeze_id, row.kind, row.target_id);
  let outcome: 'RELEASED' | 'KEPT_FOR_OTHER_FREEZE' | 'ENDED_MEANWHILE' = holder ? 'KEPT_FOR_OTHER_FREEZE' : 'RELEASED';
  let businessKey: string | null = null;
  // Engine first, record second: a crash in between re-activates again next time, which is harmless.
  try {
    if (row.kind === 'PROCESS_INSTANCE') {
      const instance = await deps.engine.processInstance(row.target_id);
      businessKey = instance?.businessKey ?? null;
      if (!instance) outcome = 'ENDED_MEANWHILE';
    }
    if (outcome === 'RELEASED') await activate(deps, row.kind, row.target_id);
  } catch (error) {
    if (error instanceof EngineUnavailableError) throw error;
    result.errors.push(`${row.kind} ${row.target_id}: ${(error as Error).message}`);
    return;
  }
  const openCase = row.kind === 'PROCESS_INSTANCE' ? await deps.repo.openCaseAt(deps.engineId, row.target_id, row.activity_id) : null;
  const marked = await deps.db.transaction(async (tx) => {
    if (!(await deps.repo.markReleased(tx, row.freeze_id, row.kind, row.target_id, deps.clock.now()))) return false;
    await appendAudit(tx, {
      ...auditEntry(deps, actor, freeze, 'FREEZE_RELEASE', outcome, openCase?.id ?? null, {
        kind: row.kind,
        targetId: row.target_id,
        ...(holder ? { heldBy: holder } : {}),
      }),
      businessKey: businessKey ?? openCase?.business_key ?? null,
    });
    return true;
  });
  if (!marked) return;
  if (outcome === 'KEPT_FOR_OTHER_FREEZE') result.keptForOtherFreeze++;
  else result.released++;
}
