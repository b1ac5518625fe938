import type { Clock } from '../clock.js';
import { expireOverdue } from '../approvals/approvals-service.js';
import type { CommandDeps } from '../commands/context.js';
import { drainPendingCommands } from '../commands/run-command.js';
import { reconcileOrders, type DomainReconcileDeps } from './domain-reconcile.js';
import { syncStuckInstances, type StuckSyncDeps } from './stuck-sync.js';
import { syncIncidents, type IncidentSyncDeps, type IncidentSyncResult } from './incident-sync.js';
import { mirrorProcesses, type ProcessMirrorDeps } from './process-mirror.js';
import type { Leadership } from '../store/leadership.js';
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
}

export interface SyncLoopDeps {
  incidents: IncidentSyncDeps;
  processes: ProcessMirrorDeps;
  commands: CommandDeps;
  stuck: StuckSyncDeps;
  reconcile: DomainReconcileDeps;
  /** Applies active freezes to new arrivals and ends the ones that are due (freeze service). */
  freezes?: { runPass(): Promise<unknown> };
  /** Dashboard samples (waiting external tasks, deployments): every `everyPasses`-th pass or after `everyMs`. */
  samplers?: { workers: WorkerSamplerDeps; deployments: DeploymentMirrorDeps; everyPasses: number; everyMs: number };
  leadership: Leadership;
  clock: Clock;
  intervalMs: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

/**
 * Polls the engine on a fixed interval. Only the leader (an advisory lock on PostgreSQL) syncs, so several
 * BFF replicas can run side by side. A failed pass is logged and the next one starts from scratch.
 */
export class SyncLoop {
  readonly status: SyncStatus = { lastSuccessAt: null, liveSince: null, lastError: null, lastResult: null, passes: 0 };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: SyncLoopDeps) {}

  start(): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      await this.runOnce();
      if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs);
    };
    void tick();
  }

  /** One pass; concurrent callers share the pass in flight. Exposed so tests and the CLI can sync on demand. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const startedAt = this.deps.clock.now();
    try {
      if (!(await this.deps.leadership.tryAcquire())) return;
      await mirrorProcesses(this.deps.processes);
      const result = await syncIncidents(this.deps.incidents);
      await drainPendingCommands(this.deps.commands);
      await expireOverdue(this.deps.commands);
      await this.deps.freezes?.runPass();
      await syncStuckInstances(this.deps.stuck);
      // The domain reconcile depends on other services: its failure must not stop the engine sync.
      await reconcileOrders(this.deps.reconcile).catch((error: unknown) => this.noteSideFailure('reconcile', error));
      await this.runSamplers();
      this.status.lastResult = result;
      this.status.lastSuccessAt = this.deps.clock.now();
      this.status.liveSince ??= startedAt;
      this.status.lastError = null;
      if (result.casesCreated || result.casesResolved || result.casesUpdated) this.deps.log('sync pass changed cases', { ...result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.status.lastError) this.deps.log('sync pass failed', { error: message });
      this.status.lastError = message;
    } finally {
      this.status.passes++;
    }
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
