/**
 * Merges the parsed catalog files into one draft that remembers where each entry came from, so the checks
 * across files (cross-check.ts) can name the file and the path of a problem. Also turns the draft into the
 * `CatalogData` a `Catalog` is built from.
 */
import type { ActionId, Severity } from '../../contracts/cases.js';
import type { CatalogProblem } from './catalog-error.js';
import type { ActivityContract, AlertSettings, CatalogData, ClassificationRule, Reconciliation, TopicContract } from './catalog.js';
import { parseIsoDuration, parseRetryPolicy } from './duration.js';
import type { ActionFile, ActivityFile, AlertsFile, ProcessFile, ReconciliationFile, RuleFile, RunbookFile, SharedFile, TopicFile } from './schema.js';

export type ParsedFile =
  | { kind: 'shared'; file: string; content: SharedFile }
  | { kind: 'process'; file: string; folder: string; content: ProcessFile };

/** An entry with the file and the path inside it where it was written. */
export interface Located<T> {
  value: T;
  file: string;
  path: string;
}

export interface Draft {
  sharedDir: string;
  version: Located<string> | null;
  teams: Located<{ id: string; name: string; triage?: boolean }[]> | null;
  slaBySeverity: Located<Record<Severity, string>> | null;
  sensitiveVariables: Located<string[]> | null;
  actions: Located<Record<string, ActionFile>> | null;
  alerts: Located<AlertsFile> | null;
  topics: Located<TopicFile & { topic: string; processKey: string }>[];
  activities: Located<ActivityFile & { activityId: string; processKey: string }>[];
  budgets: Located<{ activityId: string; processKey: string; budget: string; category: ClassificationRule['category']; severity: Severity; runbook: string }>[];
  /** In evaluation order: every process rule, then the shared rules. */
  rules: Located<RuleFile & { scopedTo: string | null }>[];
  runbooks: Located<RunbookFile>[];
}

type SharedSection = 'catalogVersion' | 'teams' | 'slaBySeverity' | 'sensitiveVariables' | 'actions' | 'alerts';

export function assemble(files: ParsedFile[], sharedDir: string): { draft: Draft; problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const draft: Draft = {
    sharedDir,
    version: null,
    teams: null,
    slaBySeverity: null,
    sensitiveVariables: null,
    actions: null,
    alerts: null,
    topics: [],
    activities: [],
    budgets: [],
    rules: [],
    runbooks: [],
  };
  const sharedRules: Draft['rules'] = [];
  const sectionOwner = new Map<SharedSection, string>();
  const takeSection = <T>(section: SharedSection, file: string, value: T | undefined): Located<T> | null => {
    if (value === undefined) return null;
    const first = sectionOwner.get(section);
    if (first) {
      problems.push({ file, path: section, message: `already defined in ${first}; each shared section lives in one file` });
      return null;
    }
    sectionOwner.set(section, file);
    return { value, file, path: section };
  };

  for (const parsed of files) {
    const { file, content } = parsed;
    for (const [index, runbook] of (content.runbooks ?? []).entries()) draft.runbooks.push({ value: runbook, file, path: `runbooks[${index}]` });
    if (parsed.kind === 'shared') {
      const c = parsed.content;
      draft.version = takeSection('catalogVersion', file, c.catalogVersion) ?? draft.version;
      draft.teams = takeSection('teams', file, c.teams) ?? draft.teams;
      draft.slaBySeverity = takeSection('slaBySeverity', file, c.slaBySeverity) ?? draft.slaBySeverity;
      draft.sensitiveVariables = takeSection('sensitiveVariables', file, c.sensitiveVariables) ?? draft.sensitiveVariables;
      draft.actions = takeSection('actions', file, c.actions) ?? draft.actions;
      draft.alerts = takeSection('alerts', file, c.alerts) ?? draft.alerts;
      for (const [index, rule] of (c.rules ?? []).entries()) sharedRules.push({ value: { ...rule, scopedTo: null }, file, path: `rules[${index}]` });
      continue;
    }
    const c = parsed.content;
    const processKey = c.processDefinitionKey ?? parsed.folder;
    for (const [topic, contract] of Object.entries(c.topics ?? {})) {
      draft.topics.push({ value: { ...contract, topic, processKey }, file, path: `topics.${topic}` });
    }
    for (const [activityId, activity] of Object.entries(c.activities ?? {})) {
      draft.activities.push({ value: { ...activity, activityId, processKey }, file, path: `activities.${activityId}` });
    }
    for (const [activityId, budget] of Object.entries(c.budgets ?? {})) {
      draft.budgets.push({ value: { ...budget, activityId, processKey }, file, path: `budgets.${activityId}` });
    }
    for (const [index, rule] of (c.rules ?? []).entries()) {
      draft.rules.push({ value: { ...rule, scopedTo: processKey }, file, path: `rules[${index}]` });
    }
  }
  draft.rules.push(...sharedRules);

  const sections: SharedSection[] = ['catalogVersion', 'teams', 'slaBySeverity', 'sensitiveVariables', 'actions'];
  for (const section of sections) {
    if (!sectionOwner.has(section)) problems.push({ file: sharedDir, path: section, message: `no shared catalog file defines ${section}` });
  }
  return { draft, problems };
}

const reconciliation = (r: ReconciliationFile | undefined): Reconciliation | null =>
  r
    ? {
        service: r.service,
        statusCheck: { ...r.statusCheck },
        confirm: { ...r.confirm, messageTarget: r.confirm.messageTarget ?? 'process' },
        markFailed: r.markFailed ? { ...r.markFailed } : null,
      }
    : null;

/** Builds the catalog's data from a draft the cross-checks found consistent. */
export function toCatalogData(draft: Draft): CatalogData {
  const topics: TopicContract[] = draft.topics.map(({ value: t, file }) => ({
    topic: t.topic,
    processDefinitionKey: t.processKey,
    description: t.description,
    owner: t.owner,
    activityIds: t.activityIds,
    inputVariables: t.inputVariables,
    outputVariables: t.outputVariables,
    failureSemantics: t.failureSemantics,
    idempotencyKey: t.idempotencyKey,
    maxLockDuration: t.maxLockDuration,
    maxLockDurationMs: parseIsoDuration(t.maxLockDuration)!,
    retryPolicy: t.retryPolicy,
    retry: parseRetryPolicy(t.retryPolicy)!,
    sideEffect: t.sideEffect,
    reconciliation: reconciliation(t.reconciliation),
    source: file,
  }));
  const activities: ActivityContract[] = [
    ...topics.flatMap((t) =>
      t.activityIds.map((activityId) => ({
        processDefinitionKey: t.processDefinitionKey,
        activityId,
        kind: 'externalTask' as const,
        description: t.description,
        owner: t.owner,
        sideEffect: t.sideEffect,
        topic: t.topic,
        inputVariables: t.inputVariables,
        calledProcess: null,
        reconciliation: t.reconciliation,
      })),
    ),
    ...draft.activities.map(({ value: a }) => ({
      processDefinitionKey: a.processKey,
      activityId: a.activityId,
      kind: a.kind,
      description: a.description,
      owner: a.owner,
      sideEffect: a.sideEffect,
      topic: null,
      inputVariables: a.inputVariables ?? [],
      calledProcess: a.calledProcess ?? null,
      reconciliation: reconciliation(a.reconciliation),
    })),
  ];
  const sla = draft.slaBySeverity!.value;
  return {
    version: draft.version!.value,
    teams: draft.teams!.value,
    slaBySeverityMs: {
      CRITICAL: parseIsoDuration(sla.CRITICAL)!,
      HIGH: parseIsoDuration(sla.HIGH)!,
      MEDIUM: parseIsoDuration(sla.MEDIUM)!,
      LOW: parseIsoDuration(sla.LOW)!,
    },
    sensitiveVariables: draft.sensitiveVariables!.value,
    topics,
    activities,
    budgets: draft.budgets.map(({ value: b }) => ({
      processDefinitionKey: b.processKey,
      activityId: b.activityId,
      budget: b.budget,
      budgetMs: parseIsoDuration(b.budget)!,
      category: b.category,
      severity: b.severity,
      runbookId: b.runbook,
    })),
    rules: draft.rules.map(({ value: r, file }) => ({
      id: r.id,
      description: r.description ?? null,
      source: file,
      processDefinitionKey: r.scopedTo ?? r.processDefinitionKey ?? null,
      versions: r.versions ? { min: r.versions.min ?? null, max: r.versions.max ?? null } : null,
      activityId: r.activityId ?? null,
      topic: r.topic ?? null,
      incidentType: r.incidentType ?? null,
      messagePattern: r.messagePattern === undefined ? null : new RegExp(r.messagePattern),
      detailsPattern: r.detailsPattern === undefined ? null : new RegExp(r.detailsPattern),
      sideEffect: r.sideEffect ?? null,
      category: r.category,
      severity: r.severity,
      runbookId: r.runbook,
    })),
    runbooks: draft.runbooks.map(({ value }) => value),
    actions: Object.entries(draft.actions!.value).map(([id, a]) => ({ id: id as ActionId, ...a })),
    alerts: draft.alerts ? alertSettings(draft.alerts.value) : null,
  };
}

function alertSettings(a: AlertsFile): AlertSettings {
  const ms = (d: string) => parseIsoDuration(d)!;
  return {
    evaluateEveryMs: ms(a.evaluateEvery),
    resendEveryMs: ms(a.resendEvery),
    deploymentCorrelationMs: ms(a.deploymentCorrelation),
    orderBacklog: { ...a.orderBacklog },
    incidentSpike: { baseline: a.incidentSpike.baseline, steps: (a.incidentSpike.steps ?? []).map((s) => ({ ...s })), severity: a.incidentSpike.severity, firstAction: a.incidentSpike.firstAction },
    approvalSla: { windowMs: ms(a.approvalSla.window), minBreaches: a.approvalSla.minBreaches, steps: a.approvalSla.steps.map((s) => ({ ...s })), severity: a.approvalSla.severity, firstAction: a.approvalSla.firstAction },
    repeatedFailedJob: { ...a.repeatedFailedJob },
    historyCleanup: { ...a.historyCleanup },
    lockExpirationSpike: {
      windowMs: ms(a.lockExpirationSpike.window),
      baseline: a.lockExpirationSpike.baseline,
      topics: (a.lockExpirationSpike.topics ?? []).map((t) => ({ ...t })),
      severity: a.lockExpirationSpike.severity,
      firstAction: a.lockExpirationSpike.firstAction,
      runbook: a.lockExpirationSpike.runbook,
    },
    deploymentMismatch: {
      workerSeenWithinMs: ms(a.deploymentMismatch.workerSeenWithin),
      severity: a.deploymentMismatch.severity,
      firstAction: a.deploymentMismatch.firstAction,
      runbook: a.deploymentMismatch.runbook,
    },
  };
}
