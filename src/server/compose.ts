// Wires the BFF's services once, for main.ts and for in-process tests alike, so both run the same graph.
import type { Catalog } from './catalog/catalog.js';
import { frozenKey } from './cases/summaries.js';
import type { Clock } from './clock.js';
import type { CommandDeps } from './commands/context.js';
import { DomainServices } from './domain/domain-services.js';
import { EngineAdapter } from './engine/adapter.js';
import { DEFAULT_LIVE_READS, LiveReads, type LiveReadsOptions } from './cases/live-reads.js';
import { EngineSuspension } from './engine/suspension.js';
import { EngineMigration } from './engine/migration.js';
import { MigrationService } from './migrations/migration-service.js';
import { FreezeService } from './freezes/freeze-service.js';
import { FreezesRepo } from './freezes/freezes-repo.js';
import { EngineHttp, type EngineCallObserver, type EngineConnection } from './engine/http.js';
import { ApprovalsRepo } from './store/approvals-repo.js';
import { CasesRepo } from './store/cases-repo.js';
import { CommandsRepo, DEFAULT_COMMAND_LEASE_MS } from './store/commands-repo.js';
import type { Db } from './store/db.js';
import { EngineOperationsRepo } from './store/engine-operations-repo.js';
import { EvidenceRepo } from './store/evidence-repo.js';
import { leadershipFor, type LeadershipTimeouts } from './store/leadership.js';
import { ProcessesRepo } from './store/processes-repo.js';
import { EngineSamplesRepo } from './store/engine-samples-repo.js';
import { ReleaseRepo } from './store/release-repo.js';
import { SyncStateRepo } from './store/sync-state-repo.js';
import { SyncLoop } from './sync/sync-loop.js';
import { RateLimiter } from './engine/rate-limiter.js';
import { IncidentSyncRepo } from './store/incident-sync-repo.js';
import { SyncStatusRepo } from './store/sync-status-repo.js';
import { DEFAULT_INCIDENT_BUDGET, IncidentSync, type IncidentSyncBudget } from './sync/incident-sync.js';
import { TokenPositionScan } from './sync/process-mirror.js';
import { WorkbenchMetrics } from './metrics/metrics.js';
import { EngineRoutes, type RequestEngineTarget } from './engines/engine-routes.js';
import { AlertService } from './alerts/alert-service.js';
import { AlertDelivery, channelsOf, type AlertingConfig } from './alerts/delivery.js';
import { AlertReads } from './store/alert-reads.js';
import { AlertsRepo } from './store/alerts-repo.js';

export interface ComposeOptions {
  db: Db;
  /**
   * The sync's, outbox's and freeze pass's own database (a small pool of its own on PostgreSQL), so reads
   * cannot starve them of connections. Defaults to `db`.
   */
  backgroundDb?: Db;
  databaseUrl: string | undefined;
  engine: EngineConnection;
  engineObserver?: EngineCallObserver;
  /** The case page's engine budget and the reuse time of its live reads. */
  liveReads?: LiveReadsOptions;
  engineId: string;
  catalog: Catalog;
  domainUrls: Record<string, string>;
  clock: Clock;
  syncIntervalMs: number;
  /** New incidents read per pass at most (whole engine pages); the rest is backlog for the next passes. */
  incidentsPerPass: number;
  /** The sync's own engine requests per second, at most. */
  syncEngineRps: number;
  /** Overrides of the incident sync's per-pass budget (tests of the backlog make it tiny). */
  incidentBudget?: Partial<IncidentSyncBudget>;
  /** Log every incident pass with its step timings (benches, diagnosis). */
  syncVerbose?: boolean;
  /** Connect and check timeouts of the sync leader's lock connection (defaults: 5 s each). */
  leadershipTimeouts?: LeadershipTimeouts;
  /** How long stopping the sync waits for a pass in flight (default 5 s). */
  syncStopWaitMs?: number;
  approvalTtlMs: number;
  /** How long a running command is held without renewal before the outbox may finish it (default 60 s). */
  commandLeaseMs?: number;
  recurrenceWindowMs: number;
  orderStartGraceMs: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
  /**
   * Wraps the sync's engine client. Integration tests use it to act on the real engine at a precise moment of
   * a pass (an instance cancelled between two reads), which makes a race deterministic; main.ts never sets it.
   */
  wrapSyncEngine?: (engine: EngineAdapter) => EngineAdapter;
  /** This BFF's metrics (a registry of its own); a new one when absent. */
  metrics?: WorkbenchMetrics;
  /**
   * The workbench's table of engines (several engines: compose-engines.ts passes one table to each engine's
   * composition). Each composition registers its own engine in it, and its commands and case page route by the
   * case's engine through it. Absent: a table with this engine alone.
   */
  routes?: EngineRoutes;
  /** Alert receivers (ALERTMANAGER_URL, ALERT_WEBHOOK_*) and the workbench's public address; absent: none. */
  alerting?: AlertingConfig;
  /** The workbench's one delivery (several engines share it); made here from `alerting` when absent. */
  alertDelivery?: AlertDelivery;
  /** More than one engine: alert links name the engine. */
  multiEngine?: boolean;
}

const NO_ALERTING: AlertingConfig = { alertmanagerUrl: null, webhookUrl: null, webhookSecret: null, publicUrl: 'http://127.0.0.1:3000' };

/** The delivery of every alert of this workbench (one, whatever the number of engines). */
export function alertDeliveryFor(db: Db, o: Pick<ComposeOptions, 'alerting' | 'catalog' | 'clock' | 'log'>, isLeader: () => boolean): AlertDelivery {
  return new AlertDelivery({
    repo: new AlertsRepo(db),
    clock: o.clock,
    config: o.alerting ?? NO_ALERTING,
    resendEveryMs: o.catalog.alerts?.resendEveryMs ?? 60_000,
    isLeader,
    log: o.log,
  });
}

export interface Composed extends CommandDeps {
  liveReads: LiveReads;
  freezes: FreezeService;
  migrations: MigrationService;
  processes: ProcessesRepo;
  syncState: SyncStateRepo;
  syncStatusRepo: SyncStatusRepo;
  sync: SyncLoop;
  engineId: string;
  metrics: WorkbenchMetrics;
  engineRoute: (engineId: string) => RequestEngineTarget;
  /** The workbench's table of engines (exact membership, freezes per engine). */
  engineTable: EngineRoutes;
  alerts: AlertService;
  alertsRepo: AlertsRepo;
}

export function composeServices(o: ComposeOptions): Composed {
  const { db: requestDb, clock, catalog, engineId } = o;
  const domain = new DomainServices(o.domainUrls);
  const metrics = o.metrics ?? new WorkbenchMetrics();
  // Every engine client reports each call to the metrics (and to the tests' observer, when given).
  const engineObserver: EngineCallObserver = (call) => {
    metrics.engineCall(call.method, call.route, call.status, call.ms / 1000);
    o.engineObserver?.(call);
  };
  // Requests and the background work each get their own engine client and database, so neither can delay
  // the other into a false "engine unreachable" or an empty connection pool.
  const commandDepsFor = (db: Db, engine: EngineAdapter): CommandDeps => {
    const freezesRepo = new FreezesRepo(db);
    return {
      db, engine, clock, catalog, domain,
      cases: new CasesRepo(db),
      commands: new CommandsRepo(db, o.commandLeaseMs ?? DEFAULT_COMMAND_LEASE_MS),
      evidence: new EvidenceRepo(db),
      approvals: new ApprovalsRepo(db),
      // Every engine's freezes: the keys name the engine, so a case matches only a freeze of its own engine, and a
      // freeze on engine B marks (and withholds retries of) B's cases even when A's composition serves the request.
      frozenActivities: async (tx) => new Set((await freezesRepo.active(undefined, tx)).map((f) => frozenKey(f.engine_id, f.definition_key, f.activity_id))),
      approvalTtlMs: o.approvalTtlMs,
      metrics,
    };
  };
  const routes = o.routes ?? new EngineRoutes();
  const deps = { ...commandDepsFor(requestDb, new EngineAdapter(new EngineHttp(o.engine, engineObserver))), engineRoute: (id: string) => routes.forRequest(id) };
  const background = { ...commandDepsFor(o.backgroundDb ?? requestDb, new EngineAdapter(new EngineHttp(o.engine, engineObserver))), engineRoute: (id: string) => routes.forBackground(id) };
  const liveReads = new LiveReads(deps.engine, o.liveReads ?? DEFAULT_LIVE_READS);
  const { db, cases } = background;
  const freezes = new FreezeService({ db, engine: new EngineSuspension(new EngineHttp(o.engine, engineObserver)), engineId, clock, log: o.log });
  // Plans are created on request and executed by the leader's pass; both on the background database (like
  // freezes), through one engine client of their own.
  const migrations = new MigrationService({ db, engine: new EngineMigration(new EngineHttp(o.engine, engineObserver)), domain, engineId, clock, log: o.log });
  routes.register(engineId, { engine: deps.engine, domain, liveReads, freezes, migrations }, { engine: background.engine, domain });
  const processes = new ProcessesRepo(db);
  const syncState = new SyncStateRepo(db);
  const findings = { db, engineId, cases, catalog, clock };
  // The sync has its own engine client, rate-limited, so a storm cannot turn it into a load test of the engine;
  // the case page and the commands keep theirs.
  const limiter = new RateLimiter(o.syncEngineRps);
  const ownSyncEngine = new EngineAdapter(new EngineHttp(o.engine, engineObserver, limiter));
  const syncEngine = o.wrapSyncEngine ? o.wrapSyncEngine(ownSyncEngine) : ownSyncEngine;
  const syncStatusRepo = new SyncStatusRepo(db);
  const pageSize = DEFAULT_INCIDENT_BUDGET.pageSize;
  const incidentSync = new IncidentSync({
    db, engine: syncEngine, engineId, cases, incidents: new IncidentSyncRepo(db), syncState, clock, catalog,
    budget: { ...DEFAULT_INCIDENT_BUDGET, newPagesPerPass: Math.max(1, Math.ceil(o.incidentsPerPass / pageSize)), ...o.incidentBudget },
    recurrenceWindowMs: o.recurrenceWindowMs,
    operations: new EngineOperationsRepo(db),
    ownEngineUser: o.engine.user,
    log: o.log,
    metrics,
  });
  let syncRef: SyncLoop | null = null;
  const alertDelivery = o.alertDelivery ?? alertDeliveryFor(db, o, () => syncRef?.status.leader ?? false);
  const alerts = new AlertService(
    {
      db, engineId, catalog, clock,
      reads: new AlertReads(db),
      repo: new AlertsRepo(db),
      historyCleanupJobs: () => syncEngine.historyCleanupJobs(),
      channels: channelsOf(o.alerting ?? NO_ALERTING),
      multiEngine: o.multiEngine ?? false,
      log: o.log,
    },
    alertDelivery,
  );
  const sync = new SyncLoop({
    engineId,
    alerts,
    incidents: incidentSync,
    processes: { engine: syncEngine, engineId, processes, syncState, clock, pageCap: 5000, tokenCap: 100_000, tokens: new TokenPositionScan({ pagesPerPass: 1, minRoundMs: 30_000 }) },
    commands: background,
    stuck: { ...findings, engine: syncEngine, cap: 200 },
    stuckEveryMs: 10_000,
    statusRepo: syncStatusRepo,
    limiter,
    reconcile: { ...findings, engine: syncEngine, domain, processes, startGraceMs: o.orderStartGraceMs },
    freezes,
    migrations,
    samplers: (() => {
      const samples = new EngineSamplesRepo(db);
      const release = new ReleaseRepo(db);
      return {
        workers: { engine: syncEngine, engineId, catalog, samples, clock, release },
        deployments: { engine: syncEngine, engineId, samples, clock },
        releases: { engine: syncEngine, engineId, catalog, release, clock },
        everyPasses: 10,
        everyMs: 15_000,
      };
    })(),
    leadership: leadershipFor(db, o.databaseUrl, engineId, o.leadershipTimeouts),
    clock,
    intervalMs: o.syncIntervalMs,
    stopWaitMs: o.syncStopWaitMs,
    verbose: o.syncVerbose,
    log: o.log,
  });
  syncRef = sync;
  // Route handlers read processes, the sync state and its status through the request pool.
  return {
    ...deps,
    liveReads,
    freezes,
    migrations,
    processes: new ProcessesRepo(requestDb),
    syncState: new SyncStateRepo(requestDb),
    syncStatusRepo: new SyncStatusRepo(requestDb),
    sync,
    engineId,
    metrics,
    engineTable: routes,
    alerts,
    alertsRepo: new AlertsRepo(requestDb),
  };
}
