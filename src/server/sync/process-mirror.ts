import type { EngineAdapter } from '../engine/adapter.js';
import { MAX_PAGE_SIZE } from '../engine/adapter.js';
import type { EngineHistoricProcessInstance } from '../engine/schemas.js';
import { parseBusinessKey } from '../fallout/business-key.js';
import type { ProcessesRepo, MirroredInstance } from '../store/processes-repo.js';
import type { SyncStateRepo } from '../store/sync-state-repo.js';
import type { Clock } from '../clock.js';

export interface ProcessMirrorDeps {
  engine: EngineAdapter;
  engineId: string;
  processes: ProcessesRepo;
  syncState: SyncStateRepo;
  clock: Clock;
  /** Most instances read per watermark per pass, so one pass stays bounded during a flood of starts. */
  pageCap: number;
  /** Most running activity instances read per token-position round. */
  tokenCap: number;
  /** The token positions, read a few pages per pass (see TokenPositionScan). */
  tokens: TokenPositionScan;
}

// Watermarks lag a little behind the newest timestamp seen: the engine's `...After` filters are strict, and
// several instances can share one millisecond across a page boundary. Upserts make the overlap harmless.
const OVERLAP_MS = 2000;

/**
 * Mirrors process instances (business key, state, definition version, token positions) into the read model,
 * so search and lists never query the engine.
 */
export async function mirrorProcesses(deps: ProcessMirrorDeps, options: { complete?: boolean } = {}): Promise<{ upserted: number; running: number }> {
  const { engine, engineId, processes, syncState, clock } = deps;
  const now = clock.now();
  let upserted = 0;
  for (const field of ['startedAfter', 'finishedAfter'] as const) {
    const mark = await syncState.get(engineId, `process.${field}`);
    const instances = await readSince(engine, field, mark ? new Date(new Date(mark).getTime() - OVERLAP_MS).toISOString() : undefined, deps.pageCap);
    // Offset pages can return an instance twice when others start meanwhile; one statement must not upsert it twice.
    const unique = [...new Map(instances.map((i) => [i.id, i])).values()];
    await processes.upsert(engineId, unique.map(toMirrored), now);
    upserted += instances.length;
    const newest = instances.map((i) => (field === 'startedAfter' ? i.startTime : i.endTime)).filter((t): t is string => !!t).sort().at(-1);
    if (newest && (!mark || newest > mark)) await syncState.set(engineId, `process.${field}`, newest, now);
  }

  const running = await deps.tokens.step(deps, { complete: options.complete ?? true });
  return { upserted, running };
}

/**
 * Token positions of running instances come from the running activity instances, which grow with the number
 * of running instances (an incident storm leaves tens of thousands waiting), not with what changed. So they
 * are read in rounds: a few pages per pass, a round at most every `minRoundMs`, and the positions written when
 * a round completes. `complete` (an explicit sync, as the tests and the CLI ask for) reads a whole round now.
 */
export class TokenPositionScan {
  private offset = 0;
  private positions = new Map<string, string[]>();
  private lastRoundEndedAt: number | null = null;
  private lastRunning = 0;

  constructor(private readonly options: { pagesPerPass: number; minRoundMs: number; nowMs?: () => number }) {}

  async step(deps: ProcessMirrorDeps, { complete }: { complete: boolean }): Promise<number> {
    const now = (this.options.nowMs ?? Date.now)();
    if (!complete && this.offset === 0 && this.lastRoundEndedAt !== null && now - this.lastRoundEndedAt < this.options.minRoundMs) return this.lastRunning;
    const pages = complete ? Math.ceil(deps.tokenCap / MAX_PAGE_SIZE) : this.options.pagesPerPass;
    for (let p = 0; p < pages; p++) {
      const page = await deps.engine.listUnfinishedActivityInstances({ firstResult: this.offset, maxResults: MAX_PAGE_SIZE });
      for (const activity of page) {
        if (activity.activityType === 'processDefinition' || activity.activityType.endsWith('subProcess')) continue;
        this.positions.set(activity.processInstanceId, [...(this.positions.get(activity.processInstanceId) ?? []), activity.activityId]);
      }
      this.offset += page.length;
      if (page.length < MAX_PAGE_SIZE || this.offset >= deps.tokenCap) {
        await deps.processes.setCurrentActivities(deps.engineId, this.positions);
        this.lastRunning = this.positions.size;
        this.positions = new Map();
        this.offset = 0;
        this.lastRoundEndedAt = (this.options.nowMs ?? Date.now)();
        break;
      }
    }
    return this.lastRunning;
  }
}

async function readSince(engine: EngineAdapter, field: 'startedAfter' | 'finishedAfter', since: string | undefined, cap: number) {
  const all: EngineHistoricProcessInstance[] = [];
  for (let first = 0; first < cap; first += MAX_PAGE_SIZE) {
    // With no watermark yet, `finishedAfter` the epoch means "every ended instance" (without it the filter is off).
    const filter = { [field]: since ?? (field === 'finishedAfter' ? '1970-01-01T00:00:00.000Z' : undefined) };
    const page = await engine.listHistoricProcessInstances(filter, { firstResult: first, maxResults: MAX_PAGE_SIZE });
    all.push(...page);
    if (page.length < MAX_PAGE_SIZE) break;
  }
  return all;
}

function toMirrored(instance: EngineHistoricProcessInstance): MirroredInstance {
  const entity = parseBusinessKey(instance.businessKey);
  return {
    id: instance.id,
    businessKey: instance.businessKey,
    entityType: entity?.type ?? null,
    entityId: entity?.id ?? null,
    definitionId: instance.processDefinitionId,
    definitionKey: instance.processDefinitionKey,
    definitionName: instance.processDefinitionName,
    definitionVersion: instance.processDefinitionVersion,
    state: instance.state ?? (instance.endTime ? 'COMPLETED' : 'ACTIVE'),
    superInstanceId: instance.superProcessInstanceId,
    rootInstanceId: instance.rootProcessInstanceId,
    startedAt: instance.startTime,
    endedAt: instance.endTime,
  };
}
