// Activity freezes: tech ops stop retries at one activity during a failure storm, for jobs and external tasks
// alike, with a reason and a stored end. The freeze row is what the workbench's policy reads (no retry at a
// frozen activity); the engine part (suspensions) follows at once when the engine answers, else in the pass.
import { randomUUID } from 'node:crypto';
import type { CreateFreezeRequest, Freeze } from '../../contracts/freezes.js';
import { ApiProblem } from '../api-problem.js';
import type { Clock } from '../clock.js';
import { EngineUnavailableError } from '../engine/errors.js';
import type { SuspensionEngine } from '../engine/suspension.js';
import { appendAudit } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import { checkFreezableActivity } from './activity-check.js';
import { applyFreeze, auditEntry } from './apply-freeze.js';
import { recordFreezeEnd } from './end-freeze.js';
import { DEFAULT_FREEZE_LIMITS, type FreezeActor, type FreezeDeps, type FreezeLimits } from './freeze-deps.js';
import { runFreezePass, type FreezePassResult } from './freeze-pass.js';
import { FreezesRepo, type FreezeCounts, type FreezeRow } from './freezes-repo.js';
import { releaseSuspensions } from './release-suspensions.js';

export interface FreezeServiceOptions {
  db: Db;
  engine: SuspensionEngine;
  engineId: string;
  clock: Clock;
  limits?: Partial<FreezeLimits>;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

/** How many freezes the list shows: every active one comes first. */
const LIST_LIMIT = 200;

export const FREEZE_ID_PATTERN = /^FRZ-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class FreezeService {
  private readonly deps: FreezeDeps;

  constructor(options: FreezeServiceOptions) {
    this.deps = {
      db: options.db,
      repo: new FreezesRepo(options.db),
      engine: options.engine,
      engineId: options.engineId,
      clock: options.clock,
      limits: { ...DEFAULT_FREEZE_LIMITS, ...options.limits },
      log: options.log ?? (() => undefined),
    };
  }

  async list(): Promise<Freeze[]> {
    return this.toFreezes(await this.deps.repo.list(LIST_LIMIT));
  }

  async get(freezeId: string): Promise<Freeze | null> {
    const row = await this.deps.repo.get(freezeId);
    return row ? (await this.toFreezes([row]))[0]! : null;
  }

  /** The active freeze at an activity, if any: the policy refuses retries there. Reads the database only. */
  async activeFreezeFor(engineId: string, processDefinitionKey: string, activityId: string): Promise<Freeze | null> {
    const row = await this.deps.repo.activeFor(engineId, processDefinitionKey, activityId);
    return row ? (await this.toFreezes([row]))[0]! : null;
  }

  /** Every active freeze of an engine (for marking many cases at once). Reads the database only. */
  async frozenActivities(engineId: string): Promise<Freeze[]> {
    return this.toFreezes(await this.deps.repo.active(engineId));
  }

  /**
   * Stores the freeze (201 even when the engine is down: the row already stops retries in the workbench), then
   * suspends what it can at once; the pass applies the rest. 409 FREEZE_EXISTS when one is active there.
   */
  async create(actor: FreezeActor, request: Omit<CreateFreezeRequest, 'engineId'>): Promise<Freeze> {
    const { deps } = this;
    const target = { engineId: deps.engineId, processDefinitionKey: request.processDefinitionKey, activityId: request.activityId };
    const existing = await deps.repo.activeFor(target.engineId, target.processDefinitionKey, target.activityId);
    if (existing) throw freezeExists(existing);
    const check = await checkFreezableActivity(deps.engine, deps.repo, target);

    const now = deps.clock.now();
    const row = await deps.db.transaction(async (tx) => {
      const inserted = await deps.repo.insert(tx, {
        id: `FRZ-${randomUUID()}`,
        engine_id: target.engineId,
        definition_key: target.processDefinitionKey,
        activity_id: target.activityId,
        reason: request.reason,
        created_by: actor.id,
        created_at: now,
        ends_at: new Date(now.getTime() + request.durationMinutes * 60_000),
      });
      if (!inserted) return null;
      await appendAudit(tx, auditEntry(deps, actor, inserted, 'FREEZE_CREATE', 'CREATED', null, {
        reason: request.reason,
        durationMinutes: request.durationMinutes,
        endsAt: inserted.ends_at.toISOString(),
        activityCheck: check,
      }));
      return inserted;
    });
    // Someone froze the same activity between the check above and the insert.
    if (!row) throw freezeExists(await deps.repo.activeFor(target.engineId, target.processDefinitionKey, target.activityId));

    await this.applyNow(row, actor);
    return (await this.get(row.id))!;
  }

  /** Ends a freeze now and re-activates what it suspended (or leaves that to the pass if the engine is down). */
  async end(actor: FreezeActor, freezeId: string, reason: string): Promise<Freeze> {
    const { deps } = this;
    const row = await deps.repo.get(freezeId);
    if (!row || row.engine_id !== deps.engineId) throw new ApiProblem(404, 'FREEZE_NOT_FOUND', `There is no freeze ${freezeId}.`);
    const ended = row.ended_at ? null : await recordFreezeEnd(deps, freezeId, actor, { scheduled: false, reason });
    if (!ended) {
      const current = (await deps.repo.get(freezeId))!;
      throw new ApiProblem(409, 'FREEZE_ALREADY_ENDED', `Freeze ${freezeId} already ended at ${current.ended_at?.toISOString()} (by ${current.ended_by}).`, {
        endedAt: current.ended_at?.toISOString() ?? null,
        endedBy: current.ended_by,
      });
    }
    try {
      await releaseSuspensions(deps, actor, { freezeId, limit: deps.limits.releasesPerPass });
    } catch (error) {
      if (!(error instanceof EngineUnavailableError)) throw error;
      deps.log('freeze ended; re-activation waits for the engine', { freezeId });
    }
    return (await this.get(freezeId))!;
  }

  /** The periodic pass; call it from the sync loop (leader only). */
  runPass(): Promise<FreezePassResult> {
    return runFreezePass(this.deps);
  }

  private async applyNow(row: FreezeRow, actor: FreezeActor): Promise<void> {
    const { deps } = this;
    try {
      const applied = await applyFreeze(deps, row, actor);
      // Refusals are audited here, where a person asked; the pass only logs them, so a target the engine keeps
      // refusing does not add an audit event every interval.
      if (applied.errors.length) {
        await deps.db.transaction((tx) =>
          appendAudit(tx, auditEntry(deps, actor, row, 'FREEZE_APPLY', 'PARTLY_FAILED', null, { errors: applied.errors.slice(0, 20) })),
        );
      }
    } catch (error) {
      const pending = error instanceof EngineUnavailableError;
      // The freeze stands either way; the pass retries the engine part.
      await deps.db.transaction((tx) =>
        appendAudit(tx, auditEntry(deps, actor, row, 'FREEZE_APPLY', pending ? 'PENDING' : 'FAILED', null, { error: (error as Error).message })),
      );
      deps.log('freeze stored; its engine part waits for the next pass', { freezeId: row.id, error: (error as Error).message });
    }
  }

  private async toFreezes(rows: FreezeRow[]): Promise<Freeze[]> {
    const counts = await this.deps.repo.counts(rows.map((r) => r.id));
    return rows.map((row) => toFreeze(row, counts.get(row.id) ?? { jobDefinitions: 0, instances: 0 }));
  }
}

export function toFreeze(row: FreezeRow, counts: FreezeCounts): Freeze {
  return {
    id: row.id,
    engineId: row.engine_id,
    processDefinitionKey: row.definition_key,
    activityId: row.activity_id,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    endedBy: row.ended_by,
    state: row.ended_at ? 'ENDED' : 'ACTIVE',
    suspendedJobDefinitions: counts.jobDefinitions,
    suspendedInstances: counts.instances,
  };
}

function freezeExists(existing: FreezeRow | null): ApiProblem {
  return new ApiProblem(
    409,
    'FREEZE_EXISTS',
    existing
      ? `${existing.activity_id} of ${existing.definition_key} is already frozen until ${existing.ends_at.toISOString()} (${existing.id}, by ${existing.created_by}).`
      : 'That activity is already frozen.',
    existing ? { freezeId: existing.id, endsAt: existing.ends_at.toISOString() } : undefined,
  );
}
