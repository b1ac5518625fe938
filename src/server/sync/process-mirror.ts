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
  /** Most running activity instances read per pass for token positions. */
  tokenCap: number;
}

// Watermarks lag a little behind the newest timestamp seen: the engine's `...After` filters are strict, and
// several instances can share one millisecond across a page boundary. Upserts make the overlap harmless.
const OVERLAP_MS = 2000;

/**
 * Mirrors process instances (business key, state, definition version, token positions) into the read model,
 * so search and lists never query the engine.
 */
export async function mirrorProcesses(deps: ProcessMirrorDeps): Promise<{ upserted: number; running: number }> {
  const { engine, engineId, processes, syncState, clock } = deps;
  const now = clock.now();
  let upserted = 0;
  for (const field of ['startedAfter', 'finishedAfter'] as const) {
    const mark = await syncState.get(engineId, `process.${field}`);
    const instances = await readSince(engine, field, mark ? new Date(new Date(mark).getTime() - OVERLAP_MS).toISOString() : undefined, deps.pageCap);
    await processes.upsert(engineId, instances.map(toMirrored), now);
    upserted += instances.length;
    const newest = instances.map((i) => (field === 'startedAfter' ? i.startTime : i.endTime)).filter((t): t is string => !!t).sort().at(-1);
    if (newest && (!mark || newest > mark)) await syncState.set(engineId, `process.${field}`, newest, now);
  }

  const positions = new Map<string, string[]>();
  for (let first = 0; first < deps.tokenCap; first += MAX_PAGE_SIZE) {
    const page = await engine.listUnfinishedActivityInstances({ firstResult: first, maxResults: MAX_PAGE_SIZE });
    for (const activity of page) {
      if (activity.activityType === 'processDefinition' || activity.activityType.endsWith('subProcess')) continue;
      positions.set(activity.processInstanceId, [...(positions.get(activity.processInstanceId) ?? []), activity.activityId]);
    }
    if (page.length < MAX_PAGE_SIZE) break;
  }
  await processes.setCurrentActivities(engineId, positions);
  return { upserted, running: positions.size };
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
