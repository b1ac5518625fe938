import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { expireOverdue } from '../approvals/approvals-service.js';
import type { CommandDeps } from '../commands/context.js';
import { drainPendingCommands } from '../commands/run-command.js';
import type { RateLimiter } from '../engine/rate-limiter.js';
import { reconcileOrders, type DomainReconcileDeps } from './domain-reconcile.js';
import { syncStuckInstances, type StuckSyncDeps } from './stuck-sync.js';
import type { IncidentSync, IncidentSyncResult } from './incident-sync.js';
import { mirrorProcesses, type ProcessMirrorDeps } from './process-mirror.js';
import { withinMs } from '../store/db.js';
import type { Leadership } from '../store/leadership.js';
import type { SyncBacklog, SyncStatusRepo } from '../store/sync-status-repo.js';
import { mirrorDeployments, type DeploymentMirrorDeps } from './deployment-mirror.js';
import { sampleWorkers, type WorkerSamplerDeps } from './worker-sampler.js';
import { writeReleaseReports, type ReleaseReportDeps } from './release-reports.js';

export interface SyncStatus {
  lastSuccessAt: Date | null;
  /**
   * When the first successful pass of this process began. Incidents older than that were found as a backlog
   * (the BFF was down or not yet started), so they do not count towards the sync lag.
   */
  liveSince: Date | null;
  lastError: string | null;
  lastResult: IncidentSyncResult | null;
  passes: number;
  /** Whether this replica led the sync of its engine on its last pass. */
  leader: boolean;
  backlog: SyncBacklog | null;
}

export interface SyncLoopDeps {
  engineId: string;
  incidents: IncidentSync;
  processes: ProcessMirrorDeps;
  commands: CommandDeps;
  stuck: StuckSyncDeps;
  /** Stage budgets are minutes long, and the domain reconcile reads every order: both run at most this often on scheduled passes. */
  stuckEveryMs: number;
  reconcile: DomainReconcileDeps;
  /** Applies active freezes to new arrivals and ends the ones that are due (freeze service). */
  freezes?: { runPass(): Promise<unknown> };
  /** Runs the next due batch of each running migration plan (playbook §17), after the freezes. */
  migrations?: { runPass(): Promise<unknown> };
  /** Dashboard samples (waiting external tasks, deployments): every `everyPasses`-th pass or after `everyMs`. */
  samplers?: { workers: WorkerSamplerDeps; deployments: DeploymentMirrorDeps; releases?: ReleaseReportDeps; everyPasses: number; everyMs: number };
  /** Alert rules (playbook §14), evaluated by the leader after the other steps; `runPass(complete)` decides its own cadence. */
  alerts?: { runPass(force: boolean): Promise<unknown> };
  leadership: Leadership;
  /** The status every replica reads (leader or not). */
  statusRepo: SyncStatusRepo;
  /** The sync's own engine request budget, reported with the status. */
  limiter: RateLimiter;
  clock: Clock;
  intervalMs: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
  /** Logs every incident pass (with its step timings), not only the ones that changed something. */
  verbose?: boolean;
  /** Names this replica in the stored status; defaults to host, pid and a random suffix. */
  replicaId?: string;
  /** How long stop() waits for a pass in flight before it gives the lead up anyway (default 5 s). */
  stopWaitMs?: number;
}

/**
 * Polls the engine on a fixed interval. Only the leader of an engine (an advisory lock on PostgreSQL per
 * engine id) syncs it, so several BFF replicas can run side by side; the leader stores each pass's outcome so
 * every replica reports the same status. A failed pass is logged and the next one continues from the stored
 * watermarks.
 */
export class SyncLoop {
  readonly status: SyncStatus = { lastSuccessAt: null, liveSince: null, lastError: null, lastResult: null, passes: 0, leader: false, backlog: null };
  readonly replicaId: string;
  private timers: NodeJS.Timeout[] = [];
  private incidentsRunning: Promise<void> | null = null;
  private restRunning: Promise<void> | null = null;
  private stopped = false;
  private lastStuckAt: number | null = null;
  private lastReconcileAt: number | null = null;
  private restError: string | null = null;

  constructor(private readonly deps: SyncLoopDeps) {
    this.replicaId = deps.replicaId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  /**
   * Two loops under one leadership: incidents every `intervalMs` (what operators wait for: a pass costs a few
   * small queries when little changed), and the rest (process mirror, commands, freezes, stuck instances,
   * domain reconcile, samplers) on its own, so a slow step there never delays a new incident's case.
   */
  start(): void {
    this.stopped = false;
    const loop = (slot: number, step: () => Promise<void>) => {
      const tick = async () => {
        if (this.stopped) return;
        try {
          await step();
        } catch (error) {
          // The passes catch their own failures; whatever still escapes must not end the loop.
          this.deps.log('sync pass failed', { error: error instanceof Error ? error.message : String(error) });
        } finally {
          if (!this.stopped) this.timers[slot] = setTimeout(tick, this.deps.intervalMs);
        }
      };
      void tick();
    };
    loop(0, () => this.incidentStep());
    loop(1, () => this.restStep(false));
  }

  /**
   * One full pass: incidents, then every other step whatever its cadence (tests and the CLI sync on demand
   * with it). Concurrent callers share the steps in flight.
   */
  async runOnce(): Promise<void> {
    await this.incidentStep();
    await this.restStep(true);
  }

  private incidentStep(): Promise<void> {
    this.incidentsRunning ??= this.incidentPass().finally(() => {
      this.incidentsRunning = null;
    });
    return this.incidentsRunning;
  }

  private restStep(complete: boolean): Promise<void> {
    this.restRunning ??= this.restPass(complete).finally(() => {
      this.restRunning = null;
    });
    return this.restRunning;
  }

  /** Asked at the start of every pass: a replica that lost its lock (or cannot tell) does not sync. */
  private async lead(): Promise<boolean> {
    try {
      this.status.leader = await this.deps.leadership.tryAcquire();
    } catch (error) {
      this.status.leader = false;
      throw error;
    }
    return this.status.leader;
  }

  private async incidentPass(): Promise<void> {
    const { clock, statusRepo, engineId } = this.deps;
    const startedAt = clock.now();
    let leading = false;
    try {
      leading = await this.lead();
      if (!leading) return;
      await statusRepo.passStarted(engineId, this.replicaId, startedAt);
      const result = await this.deps.incidents.runPass();
      this.status.lastResult = result;
      this.status.backlog = this.deps.incidents.lastBacklog;
      this.status.lastSuccessAt = clock.now();
      this.status.liveSince ??= startedAt;
      this.status.lastError = this.restError;
      if (result.casesCreated || result.casesResolved || result.casesUpdated || result.backlog || this.deps.verbose) {
        this.deps.log('sync pass changed cases', { ...result, engineRequestsPerSecond: this.deps.limiter.observedRate(), passMs: clock.now().getTime() - startedAt.getTime() });
      }
      await this.store(true);
      this.logRequestRate();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.status.lastError) this.deps.log('sync pass failed', { error: message });
      this.status.lastError = message;
      if (leading) await this.store(false).catch(() => undefined);
    } finally {
      this.status.passes++;
    }
  }

  private async restPass(complete: boolean): Promise<void> {
    try {
      if (!(await this.lead())) return;
      // While incidents wait to become cases the engine's time goes to them: the process mirror (search)
      // catches up once the backlog is in.
      if (complete || !this.deps.incidents.lastBacklog.behind) await mirrorProcesses(this.deps.processes, { complete });
      // The full reconcile and the backlog counts run here, never in the way of a new incident.
      await this.deps.incidents.runBackground(complete);
      await drainPendingCommands(this.deps.commands);
      await expireOverdue(this.deps.commands);
      await this.deps.freezes?.runPass();
      // A migration's own failures are recorded on its plan; whatever escapes must not stop the engine sync.
      await this.deps.migrations?.runPass().catch((error: unknown) => this.noteSideFailure('migrations', error));
      if (this.due(complete, 'stuck')) await syncStuckInstances(this.deps.stuck);
      // The domain reconcile depends on other services: its failure must not stop the engine sync.
      if (this.due(complete, 'reconcile')) await reconcileOrders(this.deps.reconcile).catch((error: unknown) => this.noteSideFailure('reconcile', error));
      await this.runSamplers();
      // Alerts read what the steps above wrote; never worth failing the sync for.
      await this.deps.alerts?.runPass(complete).catch((error: unknown) => this.noteSideFailure('alerts', error));
      this.restError = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.restError) this.deps.log('sync pass failed', { error: message });
      this.restError = message;
      this.status.lastError = message;
    }
  }

  private rateLoggedAt = 0;
  /** Once a minute: how hard the sync presses on the engine, against its cap. */
  private logRequestRate(): void {
    const now = Date.now();
    if (now - this.rateLoggedAt < 60_000) return;
    this.rateLoggedAt = now;
    this.deps.log('sync engine requests', { perSecond: this.deps.limiter.observedRate(), cap: this.deps.limiter.ratePerSecond });
  }

  private async store(ok: boolean): Promise<void> {
    await this.deps.statusRepo.passFinished(this.deps.engineId, this.replicaId, {
      at: this.deps.clock.now(),
      ok,
      liveSince: this.status.liveSince,
      error: this.status.lastError,
      result: ok && this.status.lastResult ? { ...this.status.lastResult } : null,
      backlog: ok ? this.status.backlog : null,
      engineRps: this.deps.limiter.observedRate(),
      engineRpsCap: this.deps.limiter.ratePerSecond,
    });
  }

  /** Stuck instances (stage budgets of minutes) and the domain reconcile (reads every order): every 10 s or so. */
  private due(complete: boolean, step: 'stuck' | 'reconcile'): boolean {
    const now = this.deps.clock.now().getTime();
    const last = step === 'stuck' ? this.lastStuckAt : this.lastReconcileAt;
    if (!complete && last !== null && Math.abs(now - last) < this.deps.stuckEveryMs) return false;
    if (step === 'stuck') this.lastStuckAt = now;
    else this.lastReconcileAt = now;
    return true;
  }

  private lastSampledAt: number | null = null;
  /** The dashboard's engine samples: not needed every pass, and never worth failing the sync for. */
  private async runSamplers(): Promise<void> {
    const samplers = this.deps.samplers;
    if (!samplers) return;
    const now = this.deps.clock.now().getTime();
    const due = this.lastSampledAt === null || this.status.passes % samplers.everyPasses === 0 || now - this.lastSampledAt >= samplers.everyMs;
    if (!due) return;
    this.lastSampledAt = now;
    await sampleWorkers(samplers.workers).catch((error: unknown) => this.noteSideFailure('worker sampler', error));
    await mirrorDeployments(samplers.deployments).catch((error: unknown) => this.noteSideFailure('deployment mirror', error));
    // After the mirror, so a new version gets its report on the same pass that records it.
    if (samplers.releases) await writeReleaseReports(samplers.releases).catch((error: unknown) => this.noteSideFailure('release reports', error));
  }

  private lastSideFailure: string | null = null;
  private noteSideFailure(step: string, error: unknown): void {
    const message = `${step}: ${error instanceof Error ? error.message : String(error)}`;
    if (message !== this.lastSideFailure) this.deps.log('sync step failed', { error: message });
    this.lastSideFailure = message;
  }

  /**
   * Ends the loops. A pass in flight may finish for a while (every database and engine call is bounded, but
   * during an outage that bound is the timeouts'); stop waits `stopWaitMs` at most, then gives the lead up
   * anyway, so a shutdown never hangs on a dead network. (That pass's statements cannot outlive the pool's
   * query timeout; its incident writes are keyed by incident id, so a new leader's pass does not double them.)
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    const finished = await withinMs(Promise.all([this.incidentsRunning, this.restRunning]), this.deps.stopWaitMs ?? 5000);
    if (!finished) this.deps.log('sync stopped with a pass still running', { waitedMs: this.deps.stopWaitMs ?? 5000 });
    await this.deps.leadership.release();
  }
}
