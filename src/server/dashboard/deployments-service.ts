// Builds the deployments page (contract `src/contracts/deployments.ts`) from the read model only: the reports
// the sync wrote, running instances per version and step from the process mirror, and the worker sampler's
// latest evidence per topic. No engine call.
import * as z from 'zod/mini';
import { releaseReportSchema, type DeploymentsResponse, type ReleaseReport } from '../../contracts/deployments.js';
import { advise } from '../release/compatibility.js';
import type { Db } from '../store/db.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { ReleaseRepo } from '../store/release-repo.js';
import { iso, isoOrNull } from '../store/rows.js';

/** Versions shown per process key, newest first. */
export const VERSIONS_PER_KEY = 10;

const queryString = (params: Record<string, string | number | null>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== null).map(([k, v]) => [k, String(v)])).toString();

export async function buildDeployments(deps: { db: Db; engineId: string | null }, now: Date): Promise<DeploymentsResponse> {
  const release = new ReleaseRepo(deps.db);
  const reports = await release.latestReports(deps.engineId, VERSIONS_PER_KEY);
  const keys = [...new Set(reports.map((r) => r.definition_key))];
  const [byActivity, byVersion, workers] = await Promise.all([
    release.runningByVersionAndActivity(deps.engineId, keys),
    release.runningByVersion(deps.engineId, keys),
    new EngineSamplesRepo(deps.db).workerSamples(deps.engineId),
  ]);
  const processes = new Map<string, DeploymentsResponse['processes'][number]>();
  for (const r of reports) {
    const entry = processes.get(r.definition_key) ?? { processKey: r.definition_key, processName: r.definition_name, versions: [] };
    const same = (x: { engine_id: string; definition_key: string; definition_version: number }) =>
      x.engine_id === r.engine_id && x.definition_key === r.definition_key && x.definition_version === r.version;
    const parsed = z.safeParse(releaseReportSchema, r.report);
    const report = parsed.success ? withRunningNow(parsed.data, r, byActivity, byVersion) : null;
    entry.versions.push({
      engineId: r.engine_id,
      processKey: r.definition_key,
      processName: r.definition_name,
      version: r.version,
      deployedAt: iso(r.deployed_at),
      previousVersion: r.previous_version,
      report,
      runningByActivity: byActivity
        .filter((x) => same(x) && x.activity_id !== null)
        .map((x) => ({ activityId: x.activity_id!, count: x.count }))
        .sort((a, b) => b.count - a.count || a.activityId.localeCompare(b.activityId)),
      running: byVersion.find(same)?.count ?? 0,
      casesFilter: queryString({ processKey: r.definition_key, processVersion: r.version, status: 'all', engineId: deps.engineId }),
    });
    processes.set(r.definition_key, entry);
  }
  return {
    generatedAt: now.toISOString(),
    processes: [...processes.values()],
    workers: workers.map((w) => ({ engineId: w.engine_id, topic: w.topic, workerSeenAt: isoOrNull(w.worker_seen_at), waiting: w.waiting, sampledAt: iso(w.sampled_at) })),
  };
}

type Running = { engine_id: string; definition_key: string; definition_version: number; count: number };

/**
 * The report as written at release time, with the orders still at removed steps and the advice said again with
 * the running counts of now (the read model's), since orders drain after the report was written and the token
 * positions of the newest instances may not have been mirrored yet when it was.
 */
function withRunningNow(
  report: ReleaseReport,
  r: { engine_id: string; definition_key: string; version: number; previous_version: number | null },
  byActivity: (Running & { activity_id: string | null })[],
  byVersion: Running[],
): ReleaseReport {
  const older = (x: Running) => x.engine_id === r.engine_id && x.definition_key === r.definition_key && x.definition_version < r.version;
  const activitiesRemoved = report.activitiesRemoved
    .map((a) => ({ ...a, runningInstances: byActivity.filter((x) => older(x) && x.activity_id === a.activityId).reduce((n, x) => n + x.count, 0) }))
    .sort((a, b) => b.runningInstances - a.runningInstances || a.activityId.localeCompare(b.activityId));
  const olderRunning = byVersion.filter(older).reduce((n, x) => n + x.count, 0);
  return { ...report, activitiesRemoved, advice: advise({ first: r.previous_version === null, topicsRemoved: report.topicsRemoved, activitiesRemoved, olderRunning }) };
}
