import { appendAudit } from '../store/audit-repo.js';
import { auditEntry } from './apply-freeze.js';
import type { FreezeActor, FreezeDeps } from './freeze-deps.js';
import type { FreezeRow } from './freezes-repo.js';

/**
 * Records the end of a freeze (the engine part, re-activation, follows separately and may wait for the
 * engine). Null when it had ended already: a second click, or the schedule and a person at the same moment.
 */
export async function recordFreezeEnd(
  deps: FreezeDeps,
  freezeId: string,
  actor: FreezeActor,
  detail: { scheduled: boolean; reason: string },
): Promise<FreezeRow | null> {
  return deps.db.transaction(async (tx) => {
    const ended = await deps.repo.end(tx, freezeId, deps.clock.now(), actor.id);
    if (!ended) return null;
    await appendAudit(tx, auditEntry(deps, actor, ended, 'FREEZE_END', 'ENDED', null, { ...detail, endsAt: ended.ends_at.toISOString() }));
    return ended;
  });
}
