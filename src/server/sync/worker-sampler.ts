// Samples, per external-task topic (the catalog's, and those of reported process versions the catalog does not
// know), how many tasks wait for a worker and since when the oldest waits: a worker that is down shows as a
// growing queue long before anything fails. Besides, in a fixed number of bounded calls whatever the number of
// tasks: when a worker was last seen per topic, steps failing but still retrying (external tasks and jobs), and
// locks that ran out with no answer (playbook §5.3, §6.3).
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import type { ReleaseRepo } from '../store/release-repo.js';
import { summarizeJobs, summarizeTasks } from './early-warnings.js';
import { readProcessModel } from '../release/bpmn-model.js';

export interface WorkerSamplerDeps {
  engine: EngineAdapter;
  engineId: string;
  catalog: Catalog;
  samples: EngineSamplesRepo;
  clock: Clock;
  /** Without it only the backlog per catalog topic is sampled (as before migration 022). */
  release?: ReleaseRepo;
}

/** Most fetched tasks, retrying jobs and worker reports read per sample (one page each). */
export const EARLY_WARNING_PAGE = 500;
/** How far back a worker's reports count as "seen" when nothing newer is known. */
const WORKER_REPORT_WINDOW_MS = 15 * 60_000;

export async function sampleWorkers(deps: WorkerSamplerDeps): Promise<{ topics: number }> {
  const now = deps.clock.now();
  const topics = [...new Set([...deps.catalog.allTopics().map((t) => t.topic), ...((await deps.release?.reportedTopics(deps.engineId)) ?? [])])];

  let perTopic = new Map<string, { retrying: number; lockExpired: number; heldNow: boolean }>();
  const seen = new Map<string, string>();
  if (deps.release) {
    const [tasks, jobs, reports] = await Promise.all([
      deps.engine.fetchedExternalTasks(EARLY_WARNING_PAGE),
      deps.engine.retryingJobs(EARLY_WARNING_PAGE),
      deps.engine.workerReportsSince(new Date(now.getTime() - WORKER_REPORT_WINDOW_MS).toISOString(), EARLY_WARNING_PAGE).catch(() => []),
    ]);
    const summary = summarizeTasks(tasks, now);
    perTopic = summary.topics;
    for (const r of reports) if (!seen.has(r.topic) || r.at > seen.get(r.topic)!) seen.set(r.topic, r.at);
    for (const [topic, f] of summary.topics) if (f.heldNow) seen.set(topic, now.toISOString());
    const steps = [...summary.steps, ...summarizeJobs(jobs)];
    // Versions and step names from the (cached, immutable) definitions: one look-up per distinct definition, not per task.
    for (const id of new Set(steps.map((s) => s.definition_id))) {
      const definition = await deps.engine.getProcessDefinition(id).catch(() => null);
      const model = definition ? await deps.engine.getProcessDefinitionXml(id).then((xml) => readProcessModel(xml, definition.key)).catch(() => null) : null;
      for (const s of steps) {
        if (s.definition_id !== id) continue;
        s.definition_version = definition?.version ?? null;
        s.activity_name = model?.activities.get(s.activity_id)?.name ?? null;
      }
    }
    await deps.release.replaceRetryingSteps(deps.engineId, steps, now);
    await deps.release.recordLockExpiries(deps.engineId, summary.expiries, now);
    for (const topic of perTopic.keys()) if (!topics.includes(topic)) topics.push(topic);
  }

  for (const topic of topics) {
    const waiting = await deps.engine.countWaitingExternalTasks(topic);
    // The oldest only matters when something waits; spare the engine the second call otherwise.
    const oldestWaitingSince = waiting > 0 ? await deps.engine.oldestWaitingExternalTaskSince(topic) : null;
    const f = perTopic.get(topic);
    await deps.samples.saveWorkerSample(
      deps.engineId,
      { topic, waiting, oldestWaitingSince, workerSeenAt: seen.get(topic) ?? null, retrying: f?.retrying ?? 0, lockExpired: f?.lockExpired ?? 0 },
      now,
    );
  }
  return { topics: topics.length };
}
