// Writes the compatibility report of each process definition version the deployment mirror recorded, once per
// version: the versions without a report come from one statement over the mirror, a few per pass, oldest
// first; each costs two BPMN reads (cached per definition) and two read-model statements. Nothing re-reads
// versions already reported.
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { ReleaseReport } from '../../contracts/deployments.js';
import type { ReleaseRepo } from '../store/release-repo.js';
import { readProcessModel, type ProcessModel } from '../release/bpmn-model.js';
import { compareVersions, type ContractFacts } from '../release/compatibility.js';
import { decisionOutputs } from '../release/dmn-outputs.js';

export interface ReleaseReportDeps {
  engine: EngineAdapter;
  engineId: string;
  catalog: Catalog;
  release: ReleaseRepo;
  clock: Clock;
}

const PER_PASS = 5;

export function contractFacts(catalog: Catalog, processKey: string): ContractFacts {
  return {
    topic: (topic) => {
      const t = catalog.topic(topic);
      return t ? { owner: t.owner, inputVariables: t.inputVariables, outputVariables: t.outputVariables } : null;
    },
    steps: catalog.activitiesOf(processKey).map((a) => ({ activityId: a.activityId, topic: a.topic, inputVariables: a.inputVariables })),
  };
}

export async function writeReleaseReports(deps: ReleaseReportDeps): Promise<{ written: number }> {
  const pending = await deps.release.unreported(deps.engineId, PER_PASS);
  let written = 0;
  for (const d of pending) {
    const current = await readProcessModel(await deps.engine.getProcessDefinitionXml(d.id), d.key);
    const previousRef = d.version > 1 ? await deps.engine.processDefinitionByKeyAndVersion(d.key, d.version - 1) : null;
    const previous: ProcessModel | null = previousRef ? await readProcessModel(await deps.engine.getProcessDefinitionXml(previousRef.id), d.key) : null;
    const [running, workerSeenAt] = await Promise.all([deps.release.olderRunning(deps.engineId, d.key, d.version), deps.release.workerSeen(deps.engineId)]);
    const report = compareVersions({
      previous,
      current,
      contracts: contractFacts(deps.catalog, d.key),
      workerSeenAt,
      runningAt: running.byActivity,
      olderRunning: running.total,
      decisionChanges: await decisionChanges(deps.engine, current),
    });
    await deps.release.saveReport(
      deps.engineId,
      {
        definitionId: d.id, key: d.key, name: d.name, version: d.version, previousDefinitionId: previousRef?.id ?? null, previousVersion: previousRef?.version ?? null,
        deployedAt: d.deployed_at, topics: report.topics.map((t) => t.topic), report,
      },
      deps.clock.now(),
    );
    written++;
  }
  return { written };
}

/** For each decision the model calls: outputs added or removed between the decision's two latest versions. */
async function decisionChanges(engine: EngineAdapter, model: ProcessModel): Promise<ReleaseReport['decisionChanges']> {
  const keys = [...new Set([...model.activities.values()].map((a) => a.decisionRef).filter((k): k is string => !!k && !/[$#]\{/.test(k)))];
  const changes: ReleaseReport['decisionChanges'] = [];
  for (const key of keys) {
    const [latest, before] = await engine.latestDecisionVersions(key);
    if (!latest || !before) continue;
    const now = decisionOutputs(latest.xml, key);
    const then = decisionOutputs(before.xml, key);
    const outputsAdded = [...now].filter((o) => !then.has(o)).sort();
    const outputsRemoved = [...then].filter((o) => !now.has(o)).sort();
    if (outputsAdded.length + outputsRemoved.length > 0) changes.push({ decisionKey: key, outputsAdded, outputsRemoved });
  }
  return changes;
}
