import type { Role } from '../../contracts/session.js';
import type { Clock } from '../clock.js';
import type { SuspensionEngine } from '../engine/suspension.js';
import type { Db } from '../store/db.js';
import type { FreezesRepo } from './freezes-repo.js';

/** Who an engine suspension or release is recorded for: the operator who created/ended a freeze, or the schedule. */
export interface FreezeActor {
  id: string;
  roles: readonly Role[];
  team: string | null;
}

export const SYSTEM_ACTOR: FreezeActor = { id: 'system', roles: [], team: null };

export interface FreezeLimits {
  /** Engine suspensions one freeze may make in one pass (the rest follow in the next pass). */
  suspensionsPerFreezePerPass: number;
  /** Re-activations in one pass, across the freezes that ended. */
  releasesPerPass: number;
}

export const DEFAULT_FREEZE_LIMITS: FreezeLimits = { suspensionsPerFreezePerPass: 200, releasesPerPass: 500 };

export interface FreezeDeps {
  db: Db;
  repo: FreezesRepo;
  engine: SuspensionEngine;
  /** The engine this service freezes on (one service per engine). */
  engineId: string;
  clock: Clock;
  limits: FreezeLimits;
  log: (message: string, extra?: Record<string, unknown>) => void;
}
