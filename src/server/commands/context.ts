import type { Role } from '../../contracts/session.js';
import type { Catalog } from '../catalog/catalog.js';
import type { FrozenActivities } from '../cases/summaries.js';
import type { Clock } from '../clock.js';
import type { DomainServices } from '../domain/domain-services.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { ApprovalsRepo } from '../store/approvals-repo.js';
import type { CasesRepo } from '../store/cases-repo.js';
import type { CommandsRepo } from '../store/commands-repo.js';
import type { Db } from '../store/db.js';
import type { EvidenceRepo } from '../store/evidence-repo.js';
import type { CommandMetrics } from '../metrics/metrics.js';
import type { EngineTarget } from '../engines/engine-routes.js';

/** What recovery commands need; a subset of the app context so the sync's outbox can build it too. */
export interface CommandDeps {
  db: Db;
  engine: EngineAdapter;
  cases: CasesRepo;
  commands: CommandsRepo;
  evidence: EvidenceRepo;
  approvals: ApprovalsRepo;
  domain: DomainServices;
  catalog: Catalog;
  clock: Clock;
  frozenActivities: FrozenActivities;
  /** How long an unsafe-retry request waits for a supervisor. */
  approvalTtlMs: number;
  /**
   * Who may sign in (the app context's user directory): an assignment names one of them. Absent where no
   * assignment can run (the sync's outbox only replays commands with an engine or domain effect).
   */
  users?: { find(id: string): { roles: readonly Role[] } | undefined };
  /** Counts each recorded outcome (`fw_commands_total`); absent in tests that build the deps by hand. */
  metrics?: CommandMetrics;
  /**
   * The engine (and domain services) of a case's `engine_id`. Absent: `engine` and `domain` serve every case
   * (one engine). Commands reach the engine only through `onCaseEngine`.
   */
  engineRoute?: (engineId: string) => EngineTarget;
}

/** The dependencies with `engine` and `domain` set to the case's own engine's. */
export function onCaseEngine<T extends CommandDeps>(deps: T, engineId: string): T {
  return deps.engineRoute ? { ...deps, ...deps.engineRoute(engineId) } : deps;
}

export interface Actor {
  id: string;
  roles: readonly Role[];
  team: string | null;
}
