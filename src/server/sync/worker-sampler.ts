// Samples, per external-task topic of the catalog, how many tasks wait for a worker and since when the oldest
// waits: a worker that is down shows as a growing queue long before anything fails.
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { EngineSamplesRepo } from '../store/engine-samples-repo.js';

export interface WorkerSamplerDeps {
  engine: EngineAdapter;
  engineId: string;
  catalog: Catalog;
  samples: EngineSamplesRepo;
  clock: Clock;
}

export async function sampleWorkers(deps: WorkerSamplerDeps): Promise<{ topics: number }> {
  const now = deps.clock.now();
  const topics = deps.catalog.allTopics().map((t) => t.topic);
  for (const topic of topics) {
    const waiting = await deps.engine.countWaitingExternalTasks(topic);
    // The oldest only matters when something waits; spare the engine the second call otherwise.
    const oldestWaitingSince = waiting > 0 ? await deps.engine.oldestWaitingExternalTaskSince(topic) : null;
    await deps.samples.saveWorkerSample(deps.engineId, { topic, waiting, oldestWaitingSince }, now);
  }
  return { topics: topics.length };
}
