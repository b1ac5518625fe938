// Migration plans of one engine (playbook §17): the planner's entry points for the routes, and the executor's
// pass for the sync leader. The plans table is shared by every engine; each service migrates on its own.
import type { CreateMigrationPlanRequest, MigrationPlan, MigrationPlanSummary } from '../../contracts/migrations.js';
import type { Clock } from '../clock.js';
import type { DomainServices } from '../domain/domain-services.js';
import type { MigrationEngine } from '../engine/migration.js';
import type { Db } from '../store/db.js';
import { createPlan } from './create-plan.js';
import { abortPlan, approvePlan, planNotFound, rejectPlan, startPlan } from './decisions.js';
import { runMigrationPass, type MigrationPassResult } from './executor.js';
import { DEFAULT_MIGRATION_LIMITS, type MigrationActor, type MigrationDeps, type MigrationLimits } from './migration-deps.js';
import { orderStatesFrom } from './order-state.js';
import type { Caller } from './permissions.js';
import { PlansRepo } from './plans-repo.js';
import { toPlan, toSummary } from './present.js';

export interface MigrationServiceOptions {
  db: Db;
  engine: MigrationEngine;
  domain: Pick<DomainServices, 'has' | 'get'>;
  engineId: string;
  clock: Clock;
  limits?: Partial<MigrationLimits>;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

/** How many plans the list shows, newest first. */
const LIST_LIMIT = 200;

export class MigrationService {
  private readonly deps: MigrationDeps;

  constructor(options: MigrationServiceOptions) {
    this.deps = {
      db: options.db,
      repo: new PlansRepo(options.db),
      engine: options.engine,
      orders: () => orderStatesFrom(options.domain),
      engineId: options.engineId,
      clock: options.clock,
      limits: { ...DEFAULT_MIGRATION_LIMITS, ...options.limits },
      log: options.log ?? (() => undefined),
    };
  }

  get engineId(): string {
    return this.deps.engineId;
  }

  async list(): Promise<MigrationPlanSummary[]> {
    const rows = await this.deps.repo.list(LIST_LIMIT);
    const counts = await this.deps.repo.counts(rows.map((r) => r.id));
    return rows.map((r) => toSummary(r, counts.get(r.id)));
  }

  async get(planId: string, caller: Caller): Promise<MigrationPlan | null> {
    const { repo } = this.deps;
    const row = await repo.get(planId);
    if (!row) return null;
    const [instances, exclusions, events, counts] = await Promise.all([repo.instances(planId), repo.exclusions(planId), repo.events(planId), repo.counts([planId])]);
    return toPlan(row, { instances, exclusions, events, counts: counts.get(planId) }, caller);
  }

  async create(actor: MigrationActor, request: Omit<CreateMigrationPlanRequest, 'engineId'>): Promise<MigrationPlan> {
    const id = await createPlan(this.deps, actor, request);
    return (await this.get(id, actor))!;
  }

  approve(planId: string, actor: MigrationActor, reason: string) {
    return this.decided(planId, actor, approvePlan(this.deps, planId, actor, reason));
  }

  reject(planId: string, actor: MigrationActor, reason: string) {
    return this.decided(planId, actor, rejectPlan(this.deps, planId, actor, reason));
  }

  start(planId: string, actor: MigrationActor, reason: string) {
    return this.decided(planId, actor, startPlan(this.deps, planId, actor, reason));
  }

  abort(planId: string, actor: MigrationActor, reason: string) {
    return this.decided(planId, actor, abortPlan(this.deps, planId, actor, reason));
  }

  /** The executor's pass; call it from the sync loop (leader only). */
  runPass(): Promise<MigrationPassResult> {
    return runMigrationPass(this.deps);
  }

  private async decided(planId: string, actor: MigrationActor, decision: Promise<void>): Promise<MigrationPlan> {
    await decision;
    const plan = await this.get(planId, actor);
    if (!plan) throw planNotFound(planId);
    return plan;
  }
}
