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
import type { Leadership } from '../store/leadership.js';
import type { SyncBacklog, SyncStatusRepo } from '../store/sync-status-repo.js';
import { mirrorDeployments, type DeploymentMirrorDeps } from './deployment-mirror.js';
import { sampleWorkers, type WorkerSamplerDeps } from './worker-sampler.js';

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
  /** Stage budgets are minutes long: the stuck check runs at most this often on scheduled passes. */
  stuckEveryMs: number;
  reconcile: DomainReconcileDeps;
  /** Applies active freezes to new arrivals and ends the ones that are due (freeze service). */
  freezes?: { runPass(): Promise<unknown> };
  /** Dashboard samples (waiting external tasks, deployments): every `everyPasses`-th pass or after `everyMs`. */
  samplers?: { workers: WorkerSamplerDeps; deployments: DeploymentMirrorDeps; everyPasses: number; everyMs: number };
  leadership: Leadership;
  /** The status every replica reads (leader or not). */
  statusRepo: SyncStatusRepo;
  /** The sync's own engine request budget, reported with the status. */
  limiter: RateLimiter;
  clock: Clock;
  intervalMs: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
  /** Names this replica in the stored status; defaults to host, pid and a random suffix. */
  replicaId?: string;
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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastStuckAt: number | null = null;

  constructor(private readonly deps: SyncLoopDeps) {
    this.replicaId = deps.replicaId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      await this.runScheduled();
      if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs);
    };
    void tick();
  }

  /**
   * One full pass: every step runs, whatever its cadence (tests and the CLI sync on demand with it).
   * Concurrent callers share the pass in flight.
   */
  runOnce(): Promise<void> {
    return this.share(() => this.pass(true));
  }

  private runScheduled(): Promise<void> {
    return this.share(() => this.pass(false));
  }

  private share(run: () => Promise<void>): Promise<void> {
    this.running ??= run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(complete: boolean): Promise<void> {
    const { clock, statusRepo, engineId } = this.deps;
    const startedAt = clock.now();
    let leading = false;
    try {
      leading = await this.deps.leadership.tryAcquire();
      this.status.leader = leading;
      if (!leading) return;
      await statusRepo.passStarted(engineId, this.replicaId, startedAt);
      // Incidents first: they are what operators wait for; the rest may lag a pass behind.
      const result = await this.deps.incidents.runPass();
      await mirrorProcesses(this.deps.processes, { complete });
      await drainPendingCommands(this.deps.commands);
      await expireOverdue(this.deps.commands);
      await this.deps.freezes?.runPass();
      await this.runStuck(complete);
      // The domain reconcile depends on other services: its failure must not stop the engine sync.
      await reconcileOrders(this.deps.reconcile).catch((error: unknown) => this.noteSideFailure('reconcile', error));
      await this.runSamplers();
      this.status.lastResult = result;
      this.status.backlog = this.deps.incidents.lastBacklog;
      this.status.lastSuccessAt = clock.now();
      this.status.liveSince ??= startedAt;
      this.status.lastError = null;
      if (result.casesCreated || result.casesResolved || result.casesUpdated || result.backlog) {
        this.deps.log('sync pass changed cases', { ...result, engineRequestsPerSecond: this.deps.limiter.observedRate(), passMs: clock.now().getTime() - startedAt.getTime() });
      }
      await this.store(true);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.status.lastError) this.deps.log('sync pass failed', { error: message });
      this.status.lastError = message;
      if (leading) await this.store(false).catch(() => undefined);
    } finally {
      this.status.passes++;
    }
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

  private async runStuck(complete: boolean): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (!complete && this.lastStuckAt !== null && Math.abs(now - this.lastStuckAt) < this.deps.stuckEveryMs) return;
    this.lastStuckAt = now;
    await syncStuckInstances(this.deps.stuck);
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
  }

  private lastSideFailure: string | null = null;
  private noteSideFailure(step: string, error: unknown): void {
    const message = `${step}: ${error instanceof Error ? error.message : String(error)}`;
    if (message !== this.lastSideFailure) this.deps.log('sync step failed', { error: message });
    this.lastSideFailure = message;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.deps.leadership.release();
  }
}
