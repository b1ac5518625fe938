// Builds the dashboard (contract `src/contracts/dashboard.ts`) from the read model only: no engine call.
import type { Dashboard } from '../../contracts/dashboard.js';
import { caseCategories } from '../../contracts/cases.js';
import type { Db } from '../store/db.js';
import { DashboardRepo, type Buckets } from '../store/dashboard-repo.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { iso, isoOrNull } from '../store/rows.js';
import { COUNT_CAP } from '../store/queue-repo.js';
import { casesPerVersion, type VersionCases } from '../store/version-cases-repo.js';
import { ReleaseRepo } from '../store/release-repo.js';
import type { DeploymentRow } from '../store/engine-samples-repo.js';

export type DashboardRange = Dashboard['range'];
export const DASHBOARD_RANGES: readonly DashboardRange[] = ['24h', '7d', '30d'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 24 hourly buckets for 24h, otherwise one per UTC day; the last bucket holds `now`. */
export function bucketsFor(range: DashboardRange, now: Date): Buckets {
  if (range === '24h') {
    const lastStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    return { from: new Date(lastStart.getTime() - 23 * HOUR), lastStart, step: '1 hour' };
  }
  const days = range === '7d' ? 7 : 30;
  const lastStart = new Date(Math.floor(now.getTime() / DAY) * DAY);
  return { from: new Date(lastStart.getTime() - (days - 1) * DAY), lastStart, step: '1 day' };
}

const queryString = (params: Record<string, string | number | null>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string | number] => e[1] !== null).map(([k, v]) => [k, String(v)])).toString();

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** `engineId` null: every engine the read model knows (the cases are counted across engines too). */
export async function buildDashboard(
  deps: {
    db: Db;
    engineId: string | null;
    lastSyncSuccessAt: Date | null;
    syncLiveSince?: Date | null;
    /** Several engines configured: each deployment's links to its cases name its engine too. */
    severalEngines?: boolean;
  },
  range: DashboardRange,
  now: Date,
): Promise<Dashboard> {
  const repo = new DashboardRepo(deps.db, deps.engineId);
  const samples = new EngineSamplesRepo(deps.db);
  const b = bucketsFor(range, now);

  const openRows = await repo.openByCategory(b, now);
  const openByCategory = new Map<string, Record<string, number>>();
  for (const row of openRows) {
    const at = iso(row.at);
    const values = openByCategory.get(at) ?? Object.fromEntries(caseCategories.map((c) => [c, 0]));
    if (row.category) values[row.category] = row.count;
    openByCategory.set(at, values);
  }

  const release = new ReleaseRepo(deps.db);
  const [incidents, commands, lag, workers, deployments, fallout, stuck, breaches, unknownOpen, retries, manual, opened, changed, retrying, expiries] = await Promise.all([
    repo.incidentsByActivity(50),
    repo.commands(b.from),
    repo.syncLag(b.from, deps.syncLiveSince ?? null),
    samples.workerSamples(deps.engineId),
    samples.deploymentsBetween(deps.engineId, b.from, now),
    repo.falloutRate(b.from),
    repo.stuckByStage(50),
    repo.approvalSlaBreaches(b.from, now),
    repo.unknownOutcomeOpen(),
    repo.retryToSuccess(b.from),
    repo.manualRecoveries(b.from),
    repo.openedPerBucket(b),
    repo.changedInEngine(),
    release.retryingSteps(deps.engineId),
    release.lockExpiriesSince(deps.engineId, b.from),
  ]);

  const versionCases = await casesPerVersion(deps.db, deployments.flatMap((d) => (d.definitions ?? []).map((def) => ({ ...def, engineId: d.engine_id }))));

  return {
    range,
    generatedAt: now.toISOString(),
    technical: {
      openByCategory: [...openByCategory].map(([at, values]) => ({ at, values })),
      incidentsByActivity: incidents.map((r) => ({
        processKey: r.definition_key,
        processVersion: r.definition_version,
        activityId: r.activity_id,
        activityName: r.activity_name,
        count: r.count,
        transient: r.transient,
        filter: queryString({ processKey: r.definition_key, processVersion: r.definition_version, activityId: r.activity_id, source: 'INCIDENT', status: 'incident', engineId: deps.engineId }),
      })),
      commands,
      syncLag: { ...lag, lastSuccessAt: isoOrNull(deps.lastSyncSuccessAt) },
      workers: workers.map((w) => ({
        engineId: w.engine_id, topic: w.topic, waiting: w.waiting, oldestWaitingSince: isoOrNull(w.oldest_waiting_since), sampledAt: iso(w.sampled_at),
        workerSeenAt: isoOrNull(w.worker_seen_at), retrying: w.retrying, lockExpiredNow: w.lock_expired,
        lockExpirationsInRange: expiries.find((e) => e.engine_id === w.engine_id && e.topic === w.topic)?.count ?? 0,
      })),
      retryingSteps: retrying.map((r) => ({
        engineId: r.engine_id, kind: r.kind, processKey: r.definition_key, processVersion: r.definition_version, activityId: r.activity_id, activityName: r.activity_name,
        topic: r.topic, count: r.count, minRetriesLeft: r.min_retries_left, nextTryAt: isoOrNull(r.next_try_at), lastError: r.last_error, sampledAt: iso(r.sampled_at),
        filter: queryString({ processKey: r.definition_key, processVersion: r.definition_version, activityId: r.activity_id, status: 'all', engineId: deps.severalEngines ? r.engine_id : null }),
      })),
      deployments: deployments.map((d) => deploymentMark(d, versionCases, deps.severalEngines ?? false)),
    },
    business: {
      falloutRate: { ...fallout, rate: ratio(fallout.withCase, fallout.orders) },
      stuckByStage: stuck.map((r) => ({
        activityId: r.activity_id,
        activityName: r.activity_name,
        count: r.count,
        filter: queryString({ view: 'stuck', activityId: r.activity_id, status: 'open', engineId: deps.engineId }),
      })),
      approvalSlaBreaches: breaches,
      unknownOutcomeOpen: unknownOpen,
      retryToSuccess: { ...retries, ratio: ratio(retries.resolvedAfterRetry, retries.retries) },
      manualRecoveries: manual,
      changedInEngine: changed,
      openedPerBucket: opened.map((r) => ({ at: iso(r.at), values: { opened: r.count } })),
    },
  };
}

/**
 * A deployment, naming the engine it went to, with each definition version it deployed and the queue filter of
 * exactly that version's cases in that engine (version 3 in one engine is another model than in the next).
 */
function deploymentMark(d: DeploymentRow, counts: VersionCases[], severalEngines: boolean): Dashboard['technical']['deployments'][number] {
  const mark = { at: iso(d.deployed_at), engineId: d.engine_id, name: d.name ?? d.id, definitions: d.definition_keys };
  if (d.definitions === null) return mark;
  return {
    ...mark,
    versions: d.definitions.map((def) => {
      const cases = counts.find((c) => c.key === def.key && c.version === def.version && c.engine_id === d.engine_id)?.cases ?? 0;
      return {
        processKey: def.key,
        processName: def.name,
        version: def.version,
        cases: Math.min(cases, COUNT_CAP),
        casesCapped: cases > COUNT_CAP,
        filter: queryString({ processKey: def.key, processVersion: def.version, status: 'all', engineId: severalEngines ? d.engine_id : null }),
      };
    }),
  };
}
