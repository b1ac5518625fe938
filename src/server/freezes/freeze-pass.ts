// The periodic pass (run by the sync loop's leader): ends freezes whose time is up, applies active freezes to
// what arrived at their activity since the last pass, and re-activates what ended freezes suspended. The end
// time is stored, so a freeze still ends on time after a restart, whichever process runs the pass.
import { EngineUnavailableError } from '../engine/errors.js';
import { applyFreeze } from './apply-freeze.js';
import { recordFreezeEnd } from './end-freeze.js';
import { SYSTEM_ACTOR, type FreezeDeps } from './freeze-deps.js';
import { releaseSuspensions } from './release-suspensions.js';

export interface FreezePassResult {
  /** Freezes ended by their schedule in this pass. */
  ended: number;
  suspended: number;
  released: number;
  /** True when the engine stopped answering; the remaining engine work waits for the next pass. */
  engineUnavailable: boolean;
  errors: string[];
}

export async function runFreezePass(deps: FreezeDeps): Promise<FreezePassResult> {
  const result: FreezePassResult = { ended: 0, suspended: 0, released: 0, engineUnavailable: false, errors: [] };
  for (const due of await deps.repo.due(deps.engineId, deps.clock.now())) {
    const ended = await recordFreezeEnd(deps, due.id, SYSTEM_ACTOR, { scheduled: true, reason: 'The freeze reached its scheduled end.' });
    if (ended) result.ended++;
  }
  try {
    // Apply before releasing: a target an ended freeze still holds and an active one covers is then handed
    // over rather than re-activated for a moment.
    for (const freeze of await deps.repo.active(deps.engineId)) {
      const applied = await applyFreeze(deps, freeze, SYSTEM_ACTOR);
      result.suspended += applied.suspended;
      result.errors.push(...applied.errors);
    }
    const released = await releaseSuspensions(deps, SYSTEM_ACTOR, { limit: deps.limits.releasesPerPass });
    result.released += released.released;
    result.errors.push(...released.errors);
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error;
    result.engineUnavailable = true;
  }
  if (result.ended || result.suspended || result.released || result.errors.length) deps.log('freeze pass', { ...result, errors: result.errors.slice(0, 5) });
  return result;
}
