import type { AlertsRepo } from './store/alerts-repo.js';
import type { CommandDeps } from './commands/context.js';
import type { FreezeService } from './freezes/freeze-service.js';
import type { MigrationService } from './migrations/migration-service.js';
import type { CheckpointKey } from './audit/checkpoint-key.js';
import type { CheckpointStore } from './audit/checkpoint-store.js';
import type { SessionPolicy } from './auth/session-store.js';
import type { UserDirectory } from './auth/user-directory.js';
import type { OidcClient } from './auth/oidc/oidc-client.js';
import type { Clock } from './clock.js';
import type { EngineAdapter } from './engine/adapter.js';
import type { CasesRepo } from './store/cases-repo.js';
import type { CommandsRepo } from './store/commands-repo.js';
import type { Db } from './store/db.js';
import type { LiveReads } from './cases/live-reads.js';
import type { LiveUpdates } from './live/live-updates.js';
import type { WorkbenchMetrics } from './metrics/metrics.js';
import type { ProcessesRepo } from './store/processes-repo.js';
import type { SyncStatus } from './sync/sync-loop.js';
import type { SyncStatusRepo } from './store/sync-status-repo.js';
import type { EngineRoutes, RequestEngineTarget } from './engines/engine-routes.js';
import type { EngineEntry } from './compose-engines.js';

/** Everything a route handler may use; built once in main.ts (or by a test). */
export interface AppContext extends CommandDeps {
  db: Db;
  engine: EngineAdapter;
  cases: CasesRepo;
  processes: ProcessesRepo;
  commands: CommandsRepo;
  clock: Clock;
  freezes: FreezeService;
  /** Process instance migration plans (playbook §17) of the primary engine; other engines' through engineRoute. */
  migrations: MigrationService;
  /** The case page's live engine reads: coalesced, briefly cached, budgeted. */
  liveReads: LiveReads;
  syncStatus: () => SyncStatus;
  /** Alerts (playbook §14) as the sync leader recorded them; read through the request pool. */
  alertsRepo: AlertsRepo;
  /** The sync status of this engine as the leader stored it (any replica may be asked). */
  syncStatusRepo: SyncStatusRepo;
  engineId: string;
  /** The case's own engine (client, domain services, live reads), by its engine id. */
  engineRoute?: (engineId: string) => RequestEngineTarget;
  /** Which engines are configured, exactly (freezes are created and ended on their own engine through it). */
  engineTable?: EngineRoutes;
  /**
   * Every configured engine (the first is the primary `engine` above); absent in tests that wire one engine
   * with composeServices: then that one is all there is.
   */
  engines?: EngineEntry[];
  /** Who may sign in (the users file); handlers get the caller from `requestUser(request)`. */
  users: UserDirectory;
  /** Single sign-on through an OpenID Connect IdP; absent or null: local users only. */
  oidc?: OidcClient | null;
  /** Sign-in with the users file (default true); false only alongside `oidc`. */
  localLogin?: boolean;
  /** Session idle and absolute expiry, and whether the cookie is HTTPS-only. */
  sessionPolicy: SessionPolicy;
  webDist: string | null;
  /** Signed checkpoints of the audit chain outside the database; absent: the chain is verified against itself only. */
  auditAnchor?: { store: CheckpointStore; key: CheckpointKey } | null;
  /** The database's change feed fanned out to open pages (`GET /api/events`); absent: pages poll. */
  live?: LiveUpdates;
  /** This BFF's Prometheus metrics (composeServices makes them); absent: the app makes a registry of its own. */
  metrics?: WorkbenchMetrics;
}
