// One evaluation of the alert rules by the sync leader: read the rollups, turn them into candidates (rules.ts),
// then fire, refresh, re-fire or resolve the stored alerts, each change in one transaction with its history,
// its audit event and the deliveries it owes. Delivery itself runs apart (delivery.ts) and never holds the sync.
import type { AlertChannel, AlertPayload } from '../../contracts/alerts.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import type { AlertReads, StepCountRow, VersionReportRow } from '../store/alert-reads.js';
import type { AlertRow, AlertsRepo } from '../store/alerts-repo.js';
import { appendAudit } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import {
  approvalCandidates,
  backlogCandidates,
  buildPayload,
  deploymentMismatchCandidates,
  EXAMPLE_KEYS,
  historyCleanupCandidates,
  lockExpirationCandidates,
  mainRunbookId,
  repeatedFailedJobCandidates,
  spikeCandidates,
  type AlertCandidate,
  type HistoryCleanupJob,
  type TopicStep,
} from './rules.js';

export interface AlertPassDeps {
  db: Db;
  engineId: string;
  catalog: Catalog;
  clock: Clock;
  reads: AlertReads;
  repo: AlertsRepo;
  /** The engine's history cleanup jobs (engine adapter; the sync's rate-limited client). */
  historyCleanupJobs: () => Promise<HistoryCleanupJob[]>;
  /** The configured receivers; none configured: alerts are still recorded and shown. */
  channels: readonly { channel: AlertChannel; target: string }[];
  multiEngine: boolean;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

export interface AlertPassResult {
  fired: number;
  refired: number;
  resolved: number;
  firing: number;
}

/** Rule groups: a group whose read failed keeps its firing alerts as they are (never resolved on missing data). */
type Group = 'steps' | 'failedJobs' | 'approvals' | 'historyCleanup' | 'lockExpiries' | 'deployments';
const GROUP_OF: Record<AlertCandidate['rule'], Group> = {
  ORDER_BACKLOG: 'steps',
  INCIDENT_SPIKE: 'steps',
  APPROVAL_SLA_BREACH: 'approvals',
  REPEATED_FAILED_JOB: 'failedJobs',
  HISTORY_CLEANUP_FAILURE: 'historyCleanup',
  LOCK_EXPIRATION_SPIKE: 'lockExpiries',
  DEPLOYMENT_MISMATCH: 'deployments',
};

export async function evaluateCandidates(deps: AlertPassDeps): Promise<{ candidates: AlertCandidate[]; evaluated: Set<Group> }> {
  const settings = deps.catalog.alerts;
  if (!settings) return { candidates: [], evaluated: new Set() };
  const now = deps.clock.now();
  const evaluated = new Set<Group>();
  const candidates: AlertCandidate[] = [];
  const attempt = async (group: Group, work: () => Promise<AlertCandidate[]>) => {
    try {
      candidates.push(...(await work()));
      evaluated.add(group);
    } catch (error) {
      deps.log('alert rule read failed', { group, error: error instanceof Error ? error.message : String(error) });
    }
  };
  let steps: StepCountRow[] | null = null;
  await attempt('steps', async () => {
    steps = await deps.reads.stepCounts(deps.engineId);
    return [...backlogCandidates(settings, steps), ...spikeCandidates(settings, steps)];
  });
  await attempt('failedJobs', async () => repeatedFailedJobCandidates(settings, await deps.reads.failedJobCounts(deps.engineId)));
  await attempt('approvals', async () => {
    const rows = steps ?? (await deps.reads.stepCounts(deps.engineId));
    const breaches = await deps.reads.approvalBreaches(deps.engineId, new Date(now.getTime() - settings.approvalSla.windowMs), now);
    return approvalCandidates(settings, rows, breaches);
  });
  await attempt('historyCleanup', async () => historyCleanupCandidates(settings, await deps.historyCleanupJobs()));
  await attempt('deployments', async () => {
    const reports = await deps.reads.liveVersionReports(deps.engineId);
    const topics = [...new Set(reports.flatMap((r) => (r.topics ?? []).map((t) => t.topic)))];
    const [running, workers] = await Promise.all([
      deps.reads.runningAt(deps.engineId, [...new Set(reports.map((r) => r.definition_key))]),
      deps.reads.workerFacts(deps.engineId, topics),
    ]);
    return deploymentMismatchCandidates(settings, now, reports, running, workers, (topic) => deps.catalog.topic(topic) !== null);
  });
  await attempt('lockExpiries', async () => {
    const rows = await deps.reads.lockExpiriesByTopic(deps.engineId, new Date(now.getTime() - settings.lockExpirationSpike.windowMs));
    // Topics the catalog does not know: where their work happens from every reported version naming them (not
    // only live ones), so the alert's process and step labels stay the same after a rollback.
    const unknown = rows.map((r) => r.topic).filter((t) => deps.catalog.topic(t) === null);
    const known = await deps.reads.reportsNamingTopics(deps.engineId, unknown);
    return lockExpirationCandidates(settings, rows, (topic) => topicStep(deps.catalog, known, topic));
  });
  return { candidates, evaluated };
}

/** Where a topic's work happens: the catalog contract's process and step, else the newest reported version that uses it. */
function topicStep(catalog: Catalog, reports: readonly VersionReportRow[], topic: string): TopicStep | null {
  const contract = catalog.topic(topic);
  if (contract) return { processKey: contract.processDefinitionKey, versions: [], activityId: contract.activityIds[0] ?? null, activityName: null };
  const users = reports.filter((r) => r.topics?.some((t) => t.topic === topic)).sort((a, b) => b.version - a.version);
  const newest = users[0];
  if (!newest) return null;
  const activityId = newest.topics!.find((t) => t.topic === topic)!.activityIds[0] ?? null;
  return {
    processKey: newest.definition_key,
    versions: users.filter((r) => r.definition_key === newest.definition_key).map((r) => r.version).sort((a, b) => a - b),
    activityId,
    activityName: newest.steps?.find((x) => x.activityId === activityId)?.name ?? null,
  };
}

async function payloadOf(deps: AlertPassDeps, c: AlertCandidate, firstDetectedAt: Date): Promise<AlertPayload> {
  const settings = deps.catalog.alerts!;
  const examples =
    c.cases.kind === 'INCIDENT' || c.cases.kind === 'STUCK' || c.cases.kind === 'FAILED_JOB'
      ? await deps.reads.stepExamples(deps.engineId, c.processKey!, c.activityId!, c.cases.kind, Math.max(EXAMPLE_KEYS, 20))
      : c.cases.kind === 'VERSION'
        ? await deps.reads.versionExamples(deps.engineId, c.processKey!, c.versions[0]!, EXAMPLE_KEYS)
        : [];
  const runbookId = c.runbookId ?? (c.cases.kind === 'APPROVALS' ? mainRunbookId(c.cases.rows) : mainRunbookId(examples));
  // A mismatch names the deployment of its own version, however long ago; the others one shortly before.
  const deployedAt = c.facts?.kind === 'mismatch' ? c.facts.deployedAt : null;
  const deployment = !c.processKey
    ? null
    : deployedAt
      ? await deps.reads.latestDeployment(deps.engineId, c.processKey, new Date(deployedAt.getTime() - 1), deployedAt)
      : await deps.reads.latestDeployment(deps.engineId, c.processKey, new Date(firstDetectedAt.getTime() - settings.deploymentCorrelationMs), firstDetectedAt);
  const processName = c.processKey ? await deps.reads.processName(c.processKey) : null;
  return buildPayload(c, {
    examples,
    runbook: runbookId ? deps.catalog.runbook(runbookId) : null,
    deployment,
    firstDetectedAt,
    processName,
    engineId: deps.engineId,
    multiEngine: deps.multiEngine,
  });
}

const auditEntry = (at: Date, action: 'ALERT_FIRED' | 'ALERT_RESOLVED', outcome: string, alert: { id: string; rule: string; scope: string; episodes: number }, payload: AlertPayload) => ({
  at,
  actor: 'system',
  roles: [],
  team: null,
  caseId: null,
  businessKey: payload.exampleBusinessKeys[0] ?? null,
  action,
  commandId: null,
  idempotencyKey: null,
  outcome,
  detail: {
    alertId: alert.id,
    rule: alert.rule,
    scope: alert.scope,
    episode: alert.episodes,
    title: payload.title,
    measure: payload.measure.text,
    exampleBusinessKeys: payload.exampleBusinessKeys,
  },
});

/** Evaluates every rule once and brings the stored alerts in line. Called by the sync leader only. */
export async function runAlertPass(deps: AlertPassDeps): Promise<AlertPassResult> {
  const result: AlertPassResult = { fired: 0, refired: 0, resolved: 0, firing: 0 };
  if (!deps.catalog.alerts) return result;
  const { candidates, evaluated } = await evaluateCandidates(deps);
  const now = deps.clock.now();
  const wanted = new Set(candidates.map((c) => `${c.rule}\u0000${c.scope}`));

  for (const c of candidates) {
    const existing = await deps.repo.byKey(deps.db, deps.engineId, c.rule, c.scope);
    const firstDetectedAt = existing?.status === 'FIRING' ? existing.first_detected_at : now;
    const payload = await payloadOf(deps, c, firstDetectedAt);
    await deps.db.transaction(async (tx) => {
      const row = await deps.repo.byKey(tx, deps.engineId, c.rule, c.scope);
      if (row?.status === 'FIRING') {
        await deps.repo.refresh(tx, row.id, payload, now);
        return;
      }
      if (row) {
        await deps.repo.refire(tx, row.id, payload, now);
        await deps.repo.addEvent(tx, { alert_id: row.id, at: now, kind: 'REFIRED', text: `${payload.title} (${payload.measure.text}); fired again, episode ${row.episodes + 1}.` });
        await deps.repo.queueDeliveries(tx, row.id, deps.channels, 'FIRING', now);
        await appendAudit(tx, auditEntry(now, 'ALERT_FIRED', 'REFIRED', { ...row, episodes: row.episodes + 1 }, payload));
        result.refired++;
        return;
      }
      const id = await deps.repo.insert(tx, { engineId: deps.engineId, rule: c.rule, scope: c.scope, payload, now });
      await deps.repo.addEvent(tx, { alert_id: id, at: now, kind: 'FIRED', text: `${payload.title} (${payload.measure.text}).` });
      await deps.repo.queueDeliveries(tx, id, deps.channels, 'FIRING', now);
      await appendAudit(tx, auditEntry(now, 'ALERT_FIRED', 'FIRED', { id, rule: c.rule, scope: c.scope, episodes: 1 }, payload));
      result.fired++;
    });
  }

  // Resolve only what a complete read of its rule no longer finds: the cases behind the counts resolve only
  // once the sync has verified in the engine that the failure is gone, so a missing count is a verified one.
  const firing = await deps.repo.firing(deps.engineId);
  for (const alert of firing) {
    if (wanted.has(`${alert.rule}\u0000${alert.scope}`) || !evaluated.has(GROUP_OF[alert.rule])) continue;
    await deps.db.transaction(async (tx) => {
      const row: AlertRow | null = await deps.repo.byKey(tx, deps.engineId, alert.rule, alert.scope);
      if (row?.status !== 'FIRING') return;
      await deps.repo.resolve(tx, row.id, now);
      await deps.repo.addEvent(tx, { alert_id: row.id, at: now, kind: 'RESOLVED', text: `Condition gone: ${row.payload.title} no longer holds.` });
      await deps.repo.queueDeliveries(tx, row.id, deps.channels, 'RESOLVED', now);
      await appendAudit(tx, auditEntry(now, 'ALERT_RESOLVED', 'RESOLVED', row, row.payload));
      result.resolved++;
    });
  }
  result.firing = firing.length - result.resolved;
  return result;
}
