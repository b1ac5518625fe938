// What the migration planner and its executor work with: one engine's migration calls, the read model, the
// owning order service and the clock. One set per engine (like freezes); the plans table is shared.
import type { Role } from '../../contracts/session.js';
import type { Clock } from '../clock.js';
import type { MigrationEngine } from '../engine/migration.js';
import type { Db } from '../store/db.js';
import type { OrderStates } from './order-state.js';
import type { PlansRepo } from './plans-repo.js';

export interface MigrationActor {
  id: string;
  roles: readonly Role[];
  team: string | null;
}

/** Who the executor's own steps (canary passed, batches, halts, completion) are recorded for. */
export const SYSTEM_ACTOR: MigrationActor = { id: 'system', roles: [], team: null };

export interface MigrationLimits {
  /** Most instances one dry run reads from the engine; a larger scope is refused (narrow it, or plan twice). */
  maxInstances: number;
}

export const DEFAULT_MIGRATION_LIMITS: MigrationLimits = { maxInstances: 5000 };

export interface MigrationDeps {
  db: Db;
  repo: PlansRepo;
  engine: MigrationEngine;
  /** A fresh order-state reader per dry run or batch (it remembers answers only within one). */
  orders: () => OrderStates;
  /** The engine this service plans and migrates on. */
  engineId: string;
  clock: Clock;
  limits: MigrationLimits;
  log: (message: string, extra?: Record<string, unknown>) => void;
}
