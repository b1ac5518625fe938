/**
 * The ops catalog once loaded and checked: worker contracts, step contracts, stage budgets, classification
 * rules, runbooks and action definitions, with the look-ups the BFF needs. Immutable; build it with
 * `loadCatalog` (load.ts), which refuses inconsistent files, rather than by hand.
 */
import type { ActionId, CaseCategory, Runbook, Severity } from '../../contracts/cases.js';
import type { Role } from '../../contracts/session.js';
import type { activityKinds, sideEffectClasses } from './schema.js';

/** What a step does to the world outside the engine; decides how dangerous a repeat is. */
export type SideEffectClass = (typeof sideEffectClasses)[number];

/** The most cautious class: used for any step the catalog does not describe. */
export const UNKNOWN_STEP_SIDE_EFFECT: SideEffectClass = 'contract';
/** Runbook the classifier names when no rule matches; the loader insists it exists. */
export const UNCLASSIFIED_RUNBOOK_ID = 'unclassified-failure';

export interface Team {
  id: string;
  name: string;
  /** Owns the cases at steps the catalog does not describe, so a team queue shows them. */
  triage?: boolean;
}

/** How the BFF can find out whether a step's external effect exists, and record the answer. */
export interface Reconciliation {
  /** Domain service asked for the status, e.g. `inventory`. */
  service: string;
  /** `path` has `{variable}` placeholders; `foundPath`/`referencePath` are dotted paths into the JSON answer. */
  statusCheck: { path: string; foundPath: string; referencePath: string };
  confirm: { service: string; path: string; message: string; referenceVariable: string; messageTarget: 'process' | 'rootProcess' };
  markFailed: { service: string; path: string } | null;
}

/** The published contract of one external-task topic. */
export interface TopicContract {
  topic: string;
  processDefinitionKey: string;
  description: string;
  /** Team id. */
  owner: string;
  activityIds: string[];
  inputVariables: string[];
  outputVariables: string[];
  failureSemantics: { technicalFailure: string; businessFailure: string; unknownOutcome: string };
  idempotencyKey: string | null;
  maxLockDuration: string;
  maxLockDurationMs: number;
  retryPolicy: string;
  retry: { attempts: number; intervalMs: number };
  sideEffect: SideEffectClass;
  reconciliation: Reconciliation | null;
  /** Catalog file it came from, relative to the working directory. */
  source: string;
}

export type ActivityKind = 'externalTask' | (typeof activityKinds)[number];

/** One step of a process that can fail or hold a token: an external task (from its topic) or another step. */
export interface ActivityContract {
  processDefinitionKey: string;
  activityId: string;
  kind: ActivityKind;
  description: string;
  owner: string;
  sideEffect: SideEffectClass;
  /** The external-task topic, null for any other kind of step. */
  topic: string | null;
  inputVariables: string[];
  calledProcess: string | null;
  reconciliation: Reconciliation | null;
}

export interface ActionInput {
  name: string;
  label: string;
  kind: 'text' | 'longtext' | 'team' | 'user';
  required: boolean;
}

export interface ActionDefinition {
  id: ActionId;
  label: string;
  description: string;
  roles: Role[];
  categories: CaseCategory[];
  requiredEvidence: 'none' | 'FOUND' | 'NOT_FOUND';
  /** True when running it changes nothing outside the workbench. */
  safe: boolean;
  inputs: ActionInput[];
  /** Plain language, shown to the operator before confirming. */
  domainEffect: string;
  engineEffect: string;
}

export interface ClassificationRule {
  id: string;
  description: string | null;
  source: string;
  /** Process rules always carry their folder's process; shared rules may leave it open (null = any). */
  processDefinitionKey: string | null;
  versions: { min: number | null; max: number | null } | null;
  activityId: string | null;
  topic: string | null;
  incidentType: 'failedJob' | 'failedExternalTask' | null;
  messagePattern: RegExp | null;
  detailsPattern: RegExp | null;
  sideEffect: SideEffectClass[] | null;
  category: CaseCategory;
  severity: Severity;
  runbookId: string;
}

export interface StageBudget {
  processDefinitionKey: string;
  activityId: string;
  budget: string;
  budgetMs: number;
  category: CaseCategory;
  severity: Severity;
  runbookId: string;
}

/** The alert rules' thresholds and baselines (shared `alerts` section), durations in milliseconds. */
export interface AlertSettings {
  evaluateEveryMs: number;
  resendEveryMs: number;
  deploymentCorrelationMs: number;
  orderBacklog: { minOrders: number; severity: Severity; firstAction: string };
  incidentSpike: { baseline: number; steps: { process: string; activity: string; baseline: number }[]; severity: Severity; firstAction: string };
  approvalSla: { windowMs: number; minBreaches: number; steps: { process: string; activity: string }[]; severity: Severity; firstAction: string };
  repeatedFailedJob: { minFailures: number; severity: Severity; firstAction: string };
  historyCleanup: { retriesLeftAtMost: number; severity: Severity; firstAction: string };
  lockExpirationSpike: { windowMs: number; baseline: number; topics: { topic: string; baseline: number }[]; severity: Severity; firstAction: string; runbook: string };
  deploymentMismatch: { workerSeenWithinMs: number; severity: Severity; firstAction: string; runbook: string };
}

export interface CatalogData {
  version: string;
  teams: Team[];
  slaBySeverityMs: Record<Severity, number>;
  sensitiveVariables: string[];
  topics: TopicContract[];
  activities: ActivityContract[];
  budgets: StageBudget[];
  /** In evaluation order: process rules first, then the shared defaults. */
  rules: ClassificationRule[];
  runbooks: Runbook[];
  actions: ActionDefinition[];
  /** Absent: no alert rule runs. */
  alerts?: AlertSettings | null;
}

const stepKey = (processKey: string, activityId: string) => `${processKey}\u0000${activityId}`;

export class Catalog {
  readonly version: string;
  readonly teams: readonly Team[];
  readonly sensitiveVariables: readonly string[];
  readonly rules: readonly ClassificationRule[];
  private readonly topics: Map<string, TopicContract>;
  private readonly activities: Map<string, ActivityContract>;
  private readonly budgets: readonly StageBudget[];
  private readonly runbooks: Map<string, Runbook>;
  private readonly actions: Map<ActionId, ActionDefinition>;
  private readonly slaMs: Record<Severity, number>;
  readonly alerts: AlertSettings | null;

  constructor(data: CatalogData) {
    this.alerts = data.alerts ?? null;
    this.version = data.version;
    this.teams = Object.freeze([...data.teams]);
    this.sensitiveVariables = Object.freeze([...data.sensitiveVariables]);
    this.rules = Object.freeze([...data.rules]);
    this.topics = new Map(data.topics.map((t) => [t.topic, t]));
    this.activities = new Map(data.activities.map((a) => [stepKey(a.processDefinitionKey, a.activityId), a]));
    this.budgets = Object.freeze([...data.budgets]);
    this.runbooks = new Map(data.runbooks.map((r) => [r.id, r]));
    this.actions = new Map(data.actions.map((a) => [a.id, a]));
    this.slaMs = { ...data.slaBySeverityMs };
  }

  topic(topic: string): TopicContract | null {
    return this.topics.get(topic) ?? null;
  }

  allTopics(): TopicContract[] {
    return [...this.topics.values()];
  }

  /** The steps the catalog describes for one process (external tasks included), in catalog order. */
  activitiesOf(processKey: string): ActivityContract[] {
    return [...this.activities.values()].filter((a) => a.processDefinitionKey === processKey);
  }

  activity(processKey: string, activityId: string): ActivityContract | null {
    return this.activities.get(stepKey(processKey, activityId)) ?? null;
  }

  /**
   * The side-effect class of a failing step. An external task is judged by its topic's contract; any other
   * step by its own entry. Whatever the catalog does not describe counts as `contract`, the most cautious
   * class, so nothing undocumented is ever retried as if it were harmless.
   */
  sideEffectOf(processKey: string, activityId: string, topic: string | null): SideEffectClass {
    if (topic !== null) return this.topics.get(topic)?.sideEffect ?? UNKNOWN_STEP_SIDE_EFFECT;
    return this.activity(processKey, activityId)?.sideEffect ?? UNKNOWN_STEP_SIDE_EFFECT;
  }

  /**
   * Team id owning the step; the triage team when the catalog does not describe the step, so an unclassified
   * case still lands in a team's queue instead of nobody's.
   */
  ownerOf(processKey: string, activityId: string, topic: string | null): string {
    const byTopic = topic === null ? undefined : this.topics.get(topic)?.owner;
    return byTopic ?? this.activity(processKey, activityId)?.owner ?? this.triageTeam;
  }

  /** The team marked `triage: true` (the loader insists on exactly one). */
  get triageTeam(): string {
    return (this.teams.find((t) => t.triage) ?? this.teams[0]!).id;
  }

  stageBudgets(): StageBudget[] {
    return [...this.budgets];
  }

  runbook(id: string): Runbook | null {
    return this.runbooks.get(id) ?? null;
  }

  allRunbooks(): Runbook[] {
    return [...this.runbooks.values()];
  }

  /** SLA for a case of this severity, in milliseconds, counted from when it was first seen. */
  slaFor(severity: Severity): number {
    return this.slaMs[severity];
  }

  /** Every action id has exactly one definition: the loader refuses a catalog where one is missing. */
  action(id: ActionId): ActionDefinition {
    const found = this.actions.get(id);
    if (!found) throw new Error(`the ops catalog has no definition for action ${id}`);
    return found;
  }

  /** Every action definition, in the catalog's order. */
  allActions(): ActionDefinition[] {
    return [...this.actions.values()];
  }

  team(id: string): Team | null {
    return this.teams.find((t) => t.id === id) ?? null;
  }
}
