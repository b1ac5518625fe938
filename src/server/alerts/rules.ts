// The alert rules of playbook §14.1 as pure functions: read-model rows and the catalog's thresholds in,
// alert candidates out; then a candidate plus its examples, runbook and deployment becomes the §14.2 payload.
// No I/O here (alert-pass.ts reads and writes).
import type { AlertPayload, AlertRule } from '../../contracts/alerts.js';
import type { CaseCategory, Runbook, Severity } from '../../contracts/cases.js';
import type { AlertSettings } from '../catalog/catalog.js';
import type { ApprovalBreachRow, DeploymentRow, LockExpiryCountRow, RunningAtRow, StepCountRow, StepExampleRow, VersionReportRow, WorkerFactRow } from '../store/alert-reads.js';

export const EXAMPLE_KEYS = 5;

export interface AlertCandidate {
  rule: AlertRule;
  /** The dedup key within the rule. */
  scope: string;
  severity: Severity;
  processKey: string | null;
  versions: number[];
  activityId: string | null;
  activityName: string | null;
  category: CaseCategory | null;
  observed: number;
  threshold: number;
  firstAction: string;
  /** Which cases stand behind it, for examples and the queue link (VERSION: the version's running instances). */
  cases: { kind: 'INCIDENT' | 'STUCK' | 'FAILED_JOB' } | { kind: 'APPROVALS'; rows: ApprovalBreachRow[] } | { kind: 'VERSION' } | { kind: 'NONE' };
  technical: Record<string, string>;
  /** Orders or quotes affected when that is not `observed` (e.g. a count of timeouts, or of steps). */
  affected?: number;
  /** The runbook when no case names one (the rule's own, from the catalog). */
  runbookId?: string;
  /** Rule-specific facts the wording needs. */
  facts?: MismatchFacts | LockFacts;
}

export interface MismatchFacts {
  kind: 'mismatch';
  newest: boolean;
  running: number;
  /** Running instances waiting at the steps without a compatible worker. */
  atSteps: number;
  stepNames: string[];
  deployedAt: Date;
}

export interface LockFacts {
  kind: 'lock';
  topic: string;
  windowMs: number;
}

export interface HistoryCleanupJob {
  id: string;
  retries: number;
  exceptionMessage: string | null;
  dueDate: string | null;
}

const stepScope = (processKey: string, activityId: string) => `${processKey}/${activityId}`;

interface StepGroup {
  processKey: string;
  activityId: string;
  activityName: string | null;
  versions: Set<number>;
  byCategory: Map<string, number>;
  n: number;
}

type CountRow = Omit<StepCountRow, 'source' | 'activity_name'> & { activity_name?: string | null };

function groupBySteps(rows: readonly CountRow[]): StepGroup[] {
  const groups = new Map<string, StepGroup>();
  for (const row of rows) {
    const key = stepScope(row.definition_key, row.activity_id);
    const g = groups.get(key) ?? { processKey: row.definition_key, activityId: row.activity_id, activityName: null, versions: new Set(), byCategory: new Map(), n: 0 };
    g.activityName ??= row.activity_name ?? null;
    if (row.definition_version !== null) g.versions.add(row.definition_version);
    g.byCategory.set(row.category, (g.byCategory.get(row.category) ?? 0) + row.n);
    g.n += row.n;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => (a.processKey + a.activityId).localeCompare(b.processKey + b.activityId));
}

/** The category most of the step's cases have (ties: alphabetical, so the answer is stable). */
function mainCategory(g: StepGroup): CaseCategory {
  return [...g.byCategory.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0] as CaseCategory;
}

const isStep = (steps: readonly { process: string; activity: string }[], processKey: string, activityId: string) =>
  steps.some((s) => s.process === processKey && s.activity === activityId);

function fromGroup(rule: AlertRule, g: StepGroup, severity: Severity, threshold: number, firstAction: string, kind: 'INCIDENT' | 'STUCK' | 'FAILED_JOB'): AlertCandidate {
  return {
    rule,
    scope: stepScope(g.processKey, g.activityId),
    severity,
    processKey: g.processKey,
    versions: [...g.versions].sort((a, b) => a - b),
    activityId: g.activityId,
    activityName: g.activityName,
    category: mainCategory(g),
    observed: g.n,
    threshold,
    firstAction,
    cases: { kind },
    technical: { processDefinitionKey: g.processKey, activityId: g.activityId },
  };
}

/** §14.1 Order orchestration backlog: orders held beyond their stage budget at one step (approval steps excluded). */
export function backlogCandidates(s: AlertSettings, rows: readonly StepCountRow[]): AlertCandidate[] {
  return groupBySteps(rows.filter((r) => r.source === 'STUCK' && !isStep(s.approvalSla.steps, r.definition_key, r.activity_id)))
    .filter((g) => g.n >= s.orderBacklog.minOrders)
    .map((g) => fromGroup('ORDER_BACKLOG', g, s.orderBacklog.severity, s.orderBacklog.minOrders, s.orderBacklog.firstAction, 'STUCK'));
}

/** The usual number of open failures at a step: its own baseline, else the default. */
export function baselineOf(s: AlertSettings, processKey: string, activityId: string): number {
  return s.incidentSpike.steps.find((x) => x.process === processKey && x.activity === activityId)?.baseline ?? s.incidentSpike.baseline;
}

/** §14.1 Incident spike: more open incident cases at one step than its baseline. */
export function spikeCandidates(s: AlertSettings, rows: readonly StepCountRow[]): AlertCandidate[] {
  return groupBySteps(rows.filter((r) => r.source === 'INCIDENT'))
    .filter((g) => g.n > baselineOf(s, g.processKey, g.activityId))
    .map((g) => fromGroup('INCIDENT_SPIKE', g, s.incidentSpike.severity, baselineOf(s, g.processKey, g.activityId), s.incidentSpike.firstAction, 'INCIDENT'));
}

/** §14.1 Failed job repeated at the same activity: the same step's job failed for good in several instances. */
export function repeatedFailedJobCandidates(s: AlertSettings, rows: readonly Omit<StepCountRow, 'source' | 'activity_name'>[]): AlertCandidate[] {
  return groupBySteps(rows)
    .filter((g) => g.n >= s.repeatedFailedJob.minFailures)
    .map((g) => fromGroup('REPEATED_FAILED_JOB', g, s.repeatedFailedJob.severity, s.repeatedFailedJob.minFailures, s.repeatedFailedJob.firstAction, 'FAILED_JOB'));
}

/**
 * §14.1 Approval SLA breach: tokens held beyond budget at the catalog's approval steps (one alert per step),
 * and unsafe-retry requests that expired unanswered while their case is still open (one alert).
 */
export function approvalCandidates(s: AlertSettings, rows: readonly StepCountRow[], breaches: readonly ApprovalBreachRow[]): AlertCandidate[] {
  const a = s.approvalSla;
  const steps = groupBySteps(rows.filter((r) => r.source === 'STUCK' && isStep(a.steps, r.definition_key, r.activity_id)))
    .filter((g) => g.n >= a.minBreaches)
    .map((g) => fromGroup('APPROVAL_SLA_BREACH', g, a.severity, a.minBreaches, a.firstAction, 'STUCK'));
  if (breaches.length < a.minBreaches) return steps;
  const processes = [...new Set(breaches.map((b) => b.definition_key))].sort();
  const requests: AlertCandidate = {
    rule: 'APPROVAL_SLA_BREACH',
    scope: 'unsafe-retry-approvals',
    severity: a.severity,
    processKey: processes.length === 1 ? processes[0]! : null,
    versions: [...new Set(breaches.map((b) => b.definition_version).filter((v): v is number => v !== null))].sort((x, y) => x - y),
    activityId: null,
    activityName: null,
    category: (breaches[0]!.category as CaseCategory) ?? null,
    observed: breaches.length,
    threshold: a.minBreaches,
    firstAction: a.firstAction,
    cases: { kind: 'APPROVALS', rows: [...breaches] },
    technical: { approvalRequestIds: breaches.slice(0, EXAMPLE_KEYS).map((b) => b.approval_id).join(', ') },
  };
  return [...steps, requests];
}

/** §14.1 History cleanup failure: a cleanup job that failed and has at most `retriesLeftAtMost` retries left. */
export function historyCleanupCandidates(s: AlertSettings, jobs: readonly HistoryCleanupJob[]): AlertCandidate[] {
  const failed = jobs.filter((j) => j.exceptionMessage !== null && j.retries <= s.historyCleanup.retriesLeftAtMost);
  if (!failed.length) return [];
  const first = failed[0]!;
  return [
    {
      rule: 'HISTORY_CLEANUP_FAILURE',
      scope: 'history-cleanup',
      severity: s.historyCleanup.severity,
      processKey: null,
      versions: [],
      activityId: null,
      activityName: null,
      category: null,
      observed: failed.length,
      threshold: 1,
      firstAction: s.historyCleanup.firstAction,
      cases: { kind: 'NONE' },
      technical: { jobId: first.id, retriesLeft: String(first.retries), exceptionMessage: (first.exceptionMessage ?? '').slice(0, 500) },
    },
  ];
}

/** The usual number of lock expirations of a topic within the window: its own baseline, else the default. */
export function lockBaselineOf(s: AlertSettings, topic: string): number {
  return s.lockExpirationSpike.topics.find((t) => t.topic === topic)?.baseline ?? s.lockExpirationSpike.baseline;
}

/** Where a topic's work happens: the catalog's contract first, else the newest reported version using it. */
export interface TopicStep {
  processKey: string;
  versions: number[];
  activityId: string | null;
  activityName: string | null;
}

/** §14.1 External task lock expiration spike: more locks ran out on one topic within the window than its baseline. */
export function lockExpirationCandidates(s: AlertSettings, rows: readonly LockExpiryCountRow[], stepOf: (topic: string) => TopicStep | null): AlertCandidate[] {
  const l = s.lockExpirationSpike;
  return rows
    .filter((r) => r.n > lockBaselineOf(s, r.topic))
    .sort((a, b) => a.topic.localeCompare(b.topic))
    .map((r) => {
      const step = stepOf(r.topic);
      return {
        rule: 'LOCK_EXPIRATION_SPIKE' as const,
        scope: r.topic,
        severity: l.severity,
        processKey: step?.processKey ?? null,
        versions: step?.versions ?? [],
        activityId: step?.activityId ?? null,
        activityName: step?.activityName ?? null,
        // A lost lock leaves the call's outcome unknown until reconciled (§6.3).
        category: 'UNKNOWN_OUTCOME' as const,
        observed: r.n,
        threshold: lockBaselineOf(s, r.topic),
        firstAction: l.firstAction,
        cases: { kind: 'NONE' as const },
        technical: { topic: r.topic, lockExpirations: String(r.n), tasks: String(r.tasks), lastLockExpiredAt: r.last_at.toISOString() },
        affected: r.tasks,
        runbookId: l.runbook,
        facts: { kind: 'lock' as const, topic: r.topic, windowMs: l.windowMs },
      };
    });
}

export type MismatchReason = 'NO_CONTRACT' | 'NO_ACTIVE_WORKER';

/**
 * Why a topic has no compatible worker, or null when it has one: no contract in the catalog, or work waiting
 * longer than `workerSeenWithin` with no worker seen in that time. A topic with nothing waiting is not
 * judged on its worker (a quiet topic leaves no trace of the workers polling it).
 */
export function mismatchReason(s: AlertSettings, now: Date, hasContract: boolean, worker: WorkerFactRow | undefined): MismatchReason | null {
  if (!hasContract) return 'NO_CONTRACT';
  if (!worker || worker.waiting === 0 || !worker.oldest_waiting_since) return null;
  const since = now.getTime() - s.deploymentMismatch.workerSeenWithinMs;
  const waitingLong = worker.oldest_waiting_since.getTime() < since;
  const seenRecently = worker.worker_seen_at !== null && worker.worker_seen_at.getTime() >= since;
  return waitingLong && !seenRecently ? 'NO_ACTIVE_WORKER' : null;
}

/**
 * §14.1 Process deployment mismatch: a version that is the newest of its key or still runs instances, one of
 * whose topics has no compatible worker (see mismatchReason). One alert per process version.
 */
export function deploymentMismatchCandidates(
  s: AlertSettings,
  now: Date,
  reports: readonly VersionReportRow[],
  running: readonly RunningAtRow[],
  workers: readonly WorkerFactRow[],
  hasContract: (topic: string) => boolean,
): AlertCandidate[] {
  const m = s.deploymentMismatch;
  const newest = new Map<string, number>();
  for (const r of reports) newest.set(r.definition_key, Math.max(newest.get(r.definition_key) ?? 0, r.version));
  const workerOf = new Map(workers.map((w) => [w.topic, w]));
  const runningOf = (key: string, version: number, activityId: string | null) =>
    running.find((r) => r.definition_key === key && r.definition_version === version && r.activity_id === activityId)?.count ?? 0;
  const out: AlertCandidate[] = [];
  for (const r of [...reports].sort((a, b) => a.definition_key.localeCompare(b.definition_key) || a.version - b.version)) {
    const isNewest = newest.get(r.definition_key) === r.version;
    const total = runningOf(r.definition_key, r.version, null);
    if (!isNewest && total === 0) continue;
    const problems = (r.topics ?? [])
      .map((t) => ({ ...t, reason: mismatchReason(s, now, hasContract(t.topic), workerOf.get(t.topic)) }))
      .filter((t): t is typeof t & { reason: MismatchReason } => t.reason !== null)
      .sort((a, b) => a.topic.localeCompare(b.topic));
    if (problems.length === 0) continue;
    const activityIds = [...new Set(problems.flatMap((p) => p.activityIds))].sort();
    const nameOf = (id: string) => r.steps?.find((x) => x.activityId === id)?.name ?? null;
    const first = activityIds[0] ?? null;
    out.push({
      rule: 'DEPLOYMENT_MISMATCH',
      scope: `${r.definition_key}/v${r.version}`,
      severity: m.severity,
      processKey: r.definition_key,
      versions: [r.version],
      activityId: first,
      activityName: first ? nameOf(first) : null,
      category: null,
      observed: activityIds.length,
      threshold: 1,
      firstAction: m.firstAction,
      cases: { kind: 'VERSION' },
      technical: {
        processDefinitionKey: r.definition_key,
        version: String(r.version),
        topics: problems.map((p) => `${p.topic}: ${p.reason === 'NO_CONTRACT' ? 'no worker contract' : 'work waiting, no worker seen'} (${p.activityIds.join(', ')})`).join('; '),
      },
      affected: total,
      runbookId: m.runbook,
      facts: {
        kind: 'mismatch',
        newest: isNewest,
        running: total,
        atSteps: activityIds.reduce((sum, id) => sum + runningOf(r.definition_key, r.version, id), 0),
        stepNames: activityIds.map((id) => nameOf(id) ?? id),
        deployedAt: r.deployed_at,
      },
    });
  }
  return out;
}

export interface PayloadContext {
  examples: StepExampleRow[];
  runbook: Runbook | null;
  deployment: DeploymentRow | null;
  firstDetectedAt: Date;
  processName: string | null;
  engineId: string;
  /** Several engines: the queue link names the engine. */
  multiEngine: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A window in words: "15 min", "2 h", "45 s". */
export function durationWords(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** What the affected instances are, in business words: orders, quotes, or (else) workflows. */
function entityKind(c: AlertCandidate, examples: readonly { entity_type: string | null; business_key: string | null }[]): 'order' | 'quote' | 'other' {
  const type = examples.find((e) => e.entity_type)?.entity_type ?? examples.find((e) => e.business_key)?.business_key?.split(':')[0] ?? null;
  if (type === 'order' || type === 'quote') return type;
  if (c.processKey === 'quote-approval') return 'quote';
  return c.processKey === null ? 'other' : 'order';
}

function words(c: AlertCandidate, kind: 'order' | 'quote' | 'other'): { title: string; impact: string; measure: string } {
  const step = c.activityName ?? c.activityId ?? '';
  const noun = (n: number) => (kind === 'quote' ? plural(n, 'quote approval', 'quote approvals') : kind === 'order' ? plural(n, 'order', 'orders') : plural(n, 'workflow', 'workflows'));
  switch (c.rule) {
    case 'ORDER_BACKLOG':
      return {
        title: `${noun(c.observed)} held at ${step} beyond the stage budget`,
        impact: `${noun(c.observed)} not moving: customers wait and nothing tells them why.`,
        measure: `${c.observed} held beyond budget (alert from ${c.threshold})`,
      };
    case 'INCIDENT_SPIKE':
      return {
        title: `${noun(c.observed)} failing at ${step}`,
        impact: `${noun(c.observed)} stopped at ${step} until the failure is recovered.`,
        measure: `${c.observed} open failures at this step where up to ${c.threshold} are usual`,
      };
    case 'REPEATED_FAILED_JOB':
      return {
        title: `${step} fails the same way in ${noun(c.observed)}`,
        impact: `${noun(c.observed)} stopped by what looks like a defect in the model or its configuration; retrying will fail again.`,
        measure: `${c.observed} failed at this step (alert from ${c.threshold})`,
      };
    case 'APPROVAL_SLA_BREACH':
      return c.cases.kind === 'APPROVALS'
        ? {
            title: `${plural(c.observed, 'unsafe-retry approval', 'unsafe-retry approvals')} expired unanswered`,
            impact: `${plural(c.observed, 'order waits', 'orders wait')} for a supervisor's decision past the deadline.`,
            measure: `${c.observed} past the approval deadline (alert from ${c.threshold})`,
          }
        : {
            title: `${noun(c.observed)} past the approval deadline at ${step}`,
            impact: `${noun(c.observed)} delayed: the customer waits for a price decision.`,
            measure: `${c.observed} past the deadline (alert from ${c.threshold})`,
          };
    case 'DEPLOYMENT_MISMATCH': {
      const f = c.facts as MismatchFacts;
      const steps = f.stepNames.map((n) => `“${n}”`).join(', ');
      const version = `version ${c.versions.join(', ')}`;
      return {
        title: `${c.processKey} ${version}: ${steps} ${f.stepNames.length === 1 ? 'has' : 'have'} no compatible worker`,
        impact: f.newest && f.running === 0
          ? `Every new ${kind === 'quote' ? 'quote' : 'order'} starts on ${version} and will stop at ${steps}; none runs on it yet.`
          : f.newest
          ? `Every new ${kind === 'quote' ? 'quote' : 'order'} starts on ${version}: ${noun(f.running)} run on it, ${f.atSteps} already waiting at ${steps}, and each one that reaches it stops there.`
          : `${noun(f.running)} still run on ${version}: ${f.atSteps} waiting at ${steps}, and each one that reaches it stops there.`,
        measure: `${plural(c.observed, 'step', 'steps')} without a compatible worker (alert from ${c.threshold})`,
      };
    }
    case 'LOCK_EXPIRATION_SPIKE': {
      const f = c.facts as LockFacts;
      const window = durationWords(f.windowMs);
      const affected = c.affected ?? c.observed;
      return {
        title: `Workers of ${f.topic} timed out ${plural(c.observed, 'time', 'times')} in ${window}${step ? ` at ${step}` : ''}`,
        impact: `${noun(affected)} had a call whose worker lost its lock: the outcome is unknown until reconciled, and the engine hands the work out again.`,
        measure: `${c.observed} lock expirations in the last ${window} where up to ${c.threshold} are usual`,
      };
    }
    case 'HISTORY_CLEANUP_FAILURE':
      return {
        title: 'The engine history cleanup keeps failing',
        impact: 'No order is stopped yet; history tables grow and the engine slows down for every order if it goes on.',
        measure: `${plural(c.observed, 'cleanup job', 'cleanup jobs')} failed repeatedly`,
      };
    default:
      return { title: c.rule, impact: '', measure: `${c.observed} (threshold ${c.threshold})` };
  }
}

/** The queue filtered to the cases behind the alert. */
function casesUrl(c: AlertCandidate, ctx: PayloadContext): string | null {
  const q = new URLSearchParams();
  if (ctx.multiEngine) q.set('engineId', ctx.engineId);
  switch (c.cases.kind) {
    case 'NONE':
      return null;
    case 'VERSION':
      q.set('processKey', c.processKey!);
      q.set('processVersion', String(c.versions[0]));
      q.set('status', 'all');
      return `/cases?${q.toString()}`;
    case 'APPROVALS':
      q.set('approval', 'breached');
      return `/cases?${q.toString()}`;
    default:
      q.set('processKey', c.processKey!);
      q.set('activityId', c.activityId!);
      q.set('source', c.cases.kind === 'STUCK' ? 'STUCK' : 'INCIDENT');
      return `/cases?${q.toString()}`;
  }
}

function deploymentWords(c: AlertCandidate, d: DeploymentRow | null): AlertPayload['recentDeployment'] {
  if (!d || !c.processKey) return null;
  const versions = (d.definitions ?? []).filter((x) => x.key === c.processKey).map((x) => x.version).sort((a, b) => a - b);
  const affected = versions.filter((v) => c.versions.includes(v));
  const name = d.name ?? 'unnamed deployment';
  if (c.rule === 'DEPLOYMENT_MISMATCH') {
    return { name, deployedAt: d.deployed_at.toISOString(), versions, text: `Deployment "${name}" released version ${c.versions.join(', ')} on ${d.deployed_at.toISOString()}: the release to complete with its worker, or to roll back.` };
  }
  if (c.versions.length === 0) return { name, deployedAt: d.deployed_at.toISOString(), versions, text: `Deployment "${name}" changed this process shortly before (version ${versions.join(', ')}).` };
  const text = affected.length
    ? `Deployment "${name}" released version ${affected.join(', ')}, which the affected cases run: suspect the release first.`
    : `Deployment "${name}" changed this process shortly before; the affected cases run ${c.versions.length ? `version ${c.versions.join(', ')}` : 'another version'}.`;
  return { name, deployedAt: d.deployed_at.toISOString(), versions, text };
}

export function buildPayload(c: AlertCandidate, ctx: PayloadContext): AlertPayload {
  const examples = c.cases.kind === 'APPROVALS' ? c.cases.rows : ctx.examples;
  const kind = entityKind(c, examples);
  const w = words(c, kind);
  const affected = c.rule === 'HISTORY_CLEANUP_FAILURE' ? 0 : (c.affected ?? c.observed);
  const firstDiagnosis = ctx.runbook?.diagnosis[0];
  return {
    title: w.title,
    severity: c.severity,
    impact: {
      ordersAffected: kind === 'order' ? affected : 0,
      quoteApprovalsDelayed: kind === 'quote' ? affected : 0,
      text: w.impact,
    },
    measure: { observed: c.observed, threshold: c.threshold, text: w.measure },
    process: c.processKey ? { key: c.processKey, name: ctx.processName, versions: c.versions } : null,
    activity: c.activityId ? { id: c.activityId, name: c.activityName } : null,
    category: c.category,
    exampleBusinessKeys: [...new Set(examples.map((e) => e.business_key).filter((k): k is string => !!k))].slice(0, EXAMPLE_KEYS),
    firstDetectedAt: ctx.firstDetectedAt.toISOString(),
    recentDeployment: deploymentWords(c, ctx.deployment),
    safeFirstAction: firstDiagnosis ? `${c.firstAction}. Runbook, first check: ${firstDiagnosis}` : c.firstAction,
    runbook: ctx.runbook ? { id: ctx.runbook.id, title: ctx.runbook.title, url: `/catalog#runbook-${ctx.runbook.id}` } : null,
    casesUrl: casesUrl(c, ctx),
    technical: c.technical,
  };
}

/** The runbook most of the example cases name (null when none names one). */
export function mainRunbookId(examples: readonly { runbook_id: string | null }[]): string | null {
  const counts = new Map<string, number>();
  for (const e of examples) if (e.runbook_id) counts.set(e.runbook_id, (counts.get(e.runbook_id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}
