// Wires the BFF's services once, for main.ts and for in-process tests alike, so both run the same graph.
import type { Catalog } from './catalog/catalog.js';
import { frozenKey } from './cases/summaries.js';
import type { Clock } from './clock.js';
import type { CommandDeps } from './commands/context.js';
import { DomainServices } from './domain/domain-services.js';
import { EngineAdapter } from './engine/adapter.js';
import { EngineSuspension } from './engine/suspension.js';
import { FreezeService } from './freezes/freeze-service.js';
import { FreezesRepo } from './freezes/freezes-repo.js';
import { EngineHttp, type EngineCallObserver, type EngineConnection } from './engine/http.js';
import { ApprovalsRepo } from './store/approvals-repo.js';
import { CasesRepo } from './store/cases-repo.js';
import { CommandsRepo } from './store/commands-repo.js';
import type { Db } from './store/db.js';
import { EvidenceRepo } from './store/evidence-repo.js';
import { leadershipFor } from './store/leadership.js';
import { ProcessesRepo } from './store/processes-repo.js';
import { EngineSamplesRepo } from './store/engine-samples-repo.js';
import { SyncStateRepo } from './store/sync-state-repo.js';
import { SyncLoop } from './sync/sync-loop.js';
import { RateLimiter } from './engine/rate-limiter.js';
import { IncidentSyncRepo } from './store/incident-sync-repo.js';
import { SyncStatusRepo } from './store/sync-status-repo.js';
import { DEFAULT_INCIDENT_BUDGET, IncidentSync, type IncidentSyncBudget } from './sync/incident-sync.js';
import { TokenPositionScan } from './sync/process-mirror.js';

export interface ComposeOptions {
  db: Db;
  databaseUrl: string | undefined;
  engine: EngineConnection;
  engineObserver?: EngineCallObserver;
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
  approvalTtlMs: number;
  recurrenceWindowMs: number;
  orderStartGraceMs: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

export interface Composed extends CommandDeps {
  freezes: FreezeService;
  processes: ProcessesRepo;
  syncState: SyncStateRepo;
  syncStatusRepo: SyncStatusRepo;
  sync: SyncLoop;
  engineId: string;
}

export function composeServices(o: ComposeOptions): Composed {
  const { db, clock, catalog, engineId } = o;
  const engine = new EngineAdapter(new EngineHttp(o.engine, o.engineObserver));
  const cases = new CasesRepo(db);
  const processes = new ProcessesRepo(db);
  const commands = new CommandsRepo(db);
  const syncState = new SyncStateRepo(db);
  const freezesRepo = new FreezesRepo(db);
  const freezes = new FreezeService({ db, engine: new EngineSuspension(new EngineHttp(o.engine, o.engineObserver)), engineId, clock, log: o.log });
  const deps: CommandDeps = {
    db, engine, cases, commands, clock, catalog,
    evidence: new EvidenceRepo(db),
    approvals: new ApprovalsRepo(db),
    domain: new DomainServices(o.domainUrls),
    frozenActivities: async (tx) => new Set((await freezesRepo.active(engineId, tx)).map((f) => frozenKey(f.engine_id, f.definition_key, f.activity_id))),
    approvalTtlMs: o.approvalTtlMs,
  };
  const findings = { db, engineId, cases, catalog, clock };
  // The sync has its own engine client, rate-limited, so a storm cannot turn it into a load test of the engine;
  // the case page and the commands keep theirs.
  const limiter = new RateLimiter(o.syncEngineRps);
  const syncEngine = new EngineAdapter(new EngineHttp(o.engine, o.engineObserver, limiter));
  const syncStatusRepo = new SyncStatusRepo(db);
  const pageSize = DEFAULT_INCIDENT_BUDGET.pageSize;
  const incidentSync = new IncidentSync({
    db, engine: syncEngine, engineId, cases, incidents: new IncidentSyncRepo(db), syncState, clock, catalog,
    budget: { ...DEFAULT_INCIDENT_BUDGET, newPagesPerPass: Math.max(1, Math.ceil(o.incidentsPerPass / pageSize)), ...o.incidentBudget },
    recurrenceWindowMs: o.recurrenceWindowMs,
  });
  const sync = new SyncLoop({
    engineId,
    incidents: incidentSync,
    processes: { engine: syncEngine, engineId, processes, syncState, clock, pageCap: 5000, tokenCap: 100_000, tokens: new TokenPositionScan({ pagesPerPass: 1, minRoundMs: 30_000 }) },
    commands: deps,
    stuck: { ...findings, engine: syncEngine, cap: 200 },
    stuckEveryMs: 10_000,
    statusRepo: syncStatusRepo,
    limiter,
    reconcile: { ...findings, engine: syncEngine, domain: deps.domain, processes, startGraceMs: o.orderStartGraceMs },
    freezes,
    samplers: (() => {
      const samples = new EngineSamplesRepo(db);
      return { workers: { engine: syncEngine, engineId, catalog, samples, clock }, deployments: { engine: syncEngine, engineId, samples, clock }, everyPasses: 10, everyMs: 15_000 };
    })(),
    leadership: leadershipFor(db, o.databaseUrl, engineId),
    clock,
    intervalMs: o.syncIntervalMs,
    verbose: o.syncVerbose,
    log: o.log,
  });
  return { ...deps, freezes, processes, syncState, syncStatusRepo, sync, engineId };
}
