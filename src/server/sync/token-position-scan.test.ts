import { describe, expect, it } from 'vitest';
import type { EngineHistoricActivityInstance } from '../engine/schemas.js';
import { TokenPositionScan, type ProcessMirrorDeps } from './process-mirror.js';

/** An engine with `total` running activities (one per instance) and a repository that records each write. */
function fakes(total: number) {
  const reads: number[] = [];
  const writes: Map<string, string[]>[] = [];
  const activities: EngineHistoricActivityInstance[] = Array.from({ length: total }, (_, i) => ({
    id: `ai-${i}`, activityId: 'checkAvailability', activityName: null, activityType: 'serviceTask', processInstanceId: `pi-${i}`,
    processDefinitionId: 'order:1', calledProcessInstanceId: null, startTime: '2026-03-01T10:00:00.000Z', endTime: null, canceled: false,
  }));
  const deps = {
    engineId: 'default',
    tokenCap: 100_000,
    engine: {
      listUnfinishedActivityInstances: async (page: { firstResult: number; maxResults: number }) => {
        reads.push(page.firstResult);
        return activities.slice(page.firstResult, page.firstResult + page.maxResults);
      },
    },
    processes: { setCurrentActivities: async (_engineId: string, positions: Map<string, string[]>) => void writes.push(new Map(positions)) },
  } as unknown as ProcessMirrorDeps;
  return { deps, reads, writes };
}

describe('TokenPositionScan', () => {
  it('reads a few pages per pass and writes the positions once the round is complete', async () => {
    const { deps, reads, writes } = fakes(1200);
    let now = 0;
    const scan = new TokenPositionScan({ pagesPerPass: 1, minRoundMs: 30_000, nowMs: () => now });
    await scan.step(deps, { complete: false });
    await scan.step(deps, { complete: false });
    expect(writes).toHaveLength(0);
    expect(await scan.step(deps, { complete: false })).toBe(1200);
    expect(reads).toEqual([0, 500, 1000]);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.get('pi-1199')).toEqual(['checkAvailability']);

    // The next round waits for its interval; an explicit full sync does not.
    now = 10_000;
    await scan.step(deps, { complete: false });
    expect(reads).toHaveLength(3);
    await scan.step(deps, { complete: true });
    expect(reads).toEqual([0, 500, 1000, 0, 500, 1000]);
    expect(writes).toHaveLength(2);
  });
});
