/**
 * The shape of each catalog file, checked with zod when the BFF starts. Everything that can be checked inside
 * one file is here (types, enums, ISO durations, regexes that compile); what spans files (runbooks named by
 * rules, owners among the teams, action ids) is checked in `cross-check.ts`.
 *
 * Objects are strict: a misspelt key is an error rather than a setting that silently does nothing.
 */
import * as z from 'zod/mini';
import { actionInputSchema, caseCategorySchema, severitySchema } from '../../contracts/cases.js';
import { roleSchema } from '../../contracts/session.js';
import safeRegex from 'safe-regex2';
import { parseIsoDuration, parseRetryPolicy } from './duration.js';

export const sideEffectClasses = ['none', 'read', 'notification', 'document', 'inventory', 'money', 'contract'] as const;
export const sideEffectClassSchema = z.enum(sideEffectClasses);

const text = z.string().check(z.trim(), z.minLength(1));
/** Ids of teams, runbooks, rules: lower-case words joined by `-` or `_`. */
const slug = z.string().check(z.regex(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, 'expected lower-case words joined by - (e.g. billing-ops)'));
const variableName = z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a process variable name (letters, digits, _)'));
const isoDuration = z.string().check(z.refine((v) => parseIsoDuration(v) !== null, 'expected an ISO-8601 duration like PT5M, PT1H or P1D'));
const retryPolicy = z.string().check(z.refine((v) => parseRetryPolicy(v) !== null, 'expected an ISO-8601 repeat like R3/PT5S'));
/**
 * A pattern that runs on engine text, which is untrusted: it must compile and must not backtrack
 * catastrophically (nested quantifiers like `(a+)+` can take minutes on a crafted error message).
 */
const regexSource = z.string().check(
  z.superRefine((value, ctx) => {
    try {
      new RegExp(value);
    } catch (error) {
      ctx.issues.push({ code: 'custom', input: value, message: `not a valid regular expression: ${(error as Error).message}` });
      return;
    }
    if (!safeRegex(value)) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: 'this pattern can backtrack catastrophically (nested or repeated quantifiers such as (a+)+ or (.*a){12}); rewrite it without them',
      });
    }
  }),
);
/** An HTTP path of a domain service; `{name}` placeholders are filled from process variables. */
const servicePath = z.string().check(z.regex(/^\/[^\s]*$/, 'expected a path starting with /, e.g. /reservations/{reservationRequestId}'));

export const ruleSchema = z.strictObject({
  id: slug,
  /** Why the rule says what it says; shown with the classification. */
  description: z.optional(text),
  processDefinitionKey: z.optional(text),
  versions: z.optional(
    z
      .strictObject({ min: z.optional(z.number().check(z.int(), z.minimum(1))), max: z.optional(z.number().check(z.int(), z.minimum(1))) })
      .check(z.refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, 'min must not exceed max')),
  ),
  activityId: z.optional(text),
  topic: z.optional(text),
  incidentType: z.optional(z.enum(['failedJob', 'failedExternalTask'])),
  messagePattern: z.optional(regexSource),
  detailsPattern: z.optional(regexSource),
  sideEffect: z.optional(z.array(sideEffectClassSchema).check(z.minLength(1))),
  category: caseCategorySchema,
  severity: severitySchema,
  runbook: slug,
});
export type RuleFile = z.infer<typeof ruleSchema>;

/** Same fields as the contract's `runbookSchema`, every list non-empty. */
const steps = z.array(text).check(z.minLength(1));
export const runbookFileSchema = z.strictObject({
  id: slug,
  title: text,
  symptoms: steps,
  impact: steps,
  doNot: steps,
  diagnosis: steps,
  safeRecovery: steps,
  verification: steps,
});
export type RunbookFile = z.infer<typeof runbookFileSchema>;

const serviceName = slug;
export const reconciliationSchema = z.strictObject({
  /** The domain service that knows whether the effect exists (a name the BFF is configured with). */
  service: serviceName,
  statusCheck: z.strictObject({
    path: servicePath,
    /** Dotted path in the answer whose truthy value means "the effect exists", e.g. `exists` or `chargeCount`. */
    foundPath: text,
    /** Dotted path of the external reference in the answer, e.g. `reservation.reservationId`. */
    referencePath: text,
  }),
  /** Records the confirmed outcome at the owning service, then correlates `message` with the reference. */
  confirm: z.strictObject({
    service: serviceName,
    path: servicePath,
    message: text,
    referenceVariable: variableName,
    /** `process`: the case's own instance; `rootProcess`: the top of its call chain (the caller waits for it). */
    messageTarget: z.optional(z.enum(['process', 'rootProcess'])),
  }),
  /** Records that the effect does not exist, so the step may run again. Absent: no such recovery here. */
  markFailed: z.optional(z.strictObject({ service: serviceName, path: servicePath })),
});
export type ReconciliationFile = z.infer<typeof reconciliationSchema>;

export const topicSchema = z.strictObject({
  description: text,
  owner: slug,
  activityIds: z.array(text).check(z.minLength(1)),
  inputVariables: z.array(variableName),
  outputVariables: z.array(variableName),
  failureSemantics: z.strictObject({ technicalFailure: text, businessFailure: text, unknownOutcome: text }),
  /** What makes a repeat harmless at the other side (e.g. `reservationRequestId`); null for a read. */
  idempotencyKey: z.nullable(text),
  maxLockDuration: isoDuration,
  retryPolicy,
  sideEffect: sideEffectClassSchema,
  reconciliation: z.optional(reconciliationSchema),
});
export type TopicFile = z.infer<typeof topicSchema>;

export const activityKinds = ['job', 'callActivity', 'userTask', 'receiveTask', 'timer'] as const;
export const activitySchema = z.strictObject({
  kind: z.enum(activityKinds),
  description: text,
  owner: slug,
  sideEffect: sideEffectClassSchema,
  /** Variables the step (or its reconciliation) reads. */
  inputVariables: z.optional(z.array(variableName)),
  calledProcess: z.optional(text),
  reconciliation: z.optional(reconciliationSchema),
});
export type ActivityFile = z.infer<typeof activitySchema>;

export const budgetSchema = z.strictObject({
  /** How long a token may wait here before the instance counts as stuck. */
  budget: isoDuration,
  category: caseCategorySchema,
  severity: severitySchema,
  runbook: slug,
});

export const actionSchema = z.strictObject({
  label: text,
  description: text,
  roles: z.array(roleSchema).check(z.minLength(1)),
  categories: z.array(caseCategorySchema).check(z.minLength(1)),
  /** What a status check must have found before the action may run. */
  requiredEvidence: z.enum(['none', 'FOUND', 'NOT_FOUND']),
  /** True when it changes nothing outside the workbench (read-only or bookkeeping). */
  safe: z.boolean(),
  /** The form the SPA shows; names and required-ness must match the action's request schema. */
  inputs: z.array(z.strictObject({ name: text, label: text, kind: actionInputSchema.def.shape.kind, required: z.boolean() })),
  domainEffect: text,
  engineEffect: text,
});
export type ActionFile = z.infer<typeof actionSchema>;

const count = (min: number) => z.number().check(z.int(), z.gte(min));
const stepRef = z.strictObject({ process: text, activity: text });

/**
 * Alert rules (playbook §14.1): thresholds and baselines the sync leader checks the read model against. Each
 * rule names its severity and the safe first action an operator takes before anything else.
 */
export const alertsSchema = z.strictObject({
  /** How often the sync leader evaluates the rules (they read rollups only, so this may be short). */
  evaluateEvery: isoDuration,
  /** How often a firing alert is posted to Alertmanager again (it forgets alerts that are not re-sent). */
  resendEvery: isoDuration,
  /** A deployment of the process this long before an alert was first detected is named in the alert. */
  deploymentCorrelation: isoDuration,
  /** Active orders held beyond their stage budget (STUCK cases) at one step. */
  orderBacklog: z.strictObject({ minOrders: count(1), severity: severitySchema, firstAction: text }),
  /**
   * Open incident cases at one step above the number the operation lives with. `baseline` for every step,
   * `steps` for the ones whose usual level differs; the alert fires above the baseline and resolves once the
   * count is back at or below it.
   */
  incidentSpike: z.strictObject({
    baseline: count(0),
    steps: z.optional(z.array(z.strictObject({ process: text, activity: text, baseline: count(0) }))),
    severity: severitySchema,
    firstAction: text,
  }),
  /**
   * Approval deadlines missed: an unsafe-retry request that expired unanswered within `window` while its case
   * is still open, and tokens held beyond their budget at the business approval steps listed in `steps`
   * (those count here, not as backlog).
   */
  approvalSla: z.strictObject({ window: isoDuration, minBreaches: count(1), steps: z.array(stepRef), severity: severitySchema, firstAction: text }),
  /** Jobs (not external tasks) failed for good at one step in this many instances or more: a code or configuration defect. */
  repeatedFailedJob: z.strictObject({ minFailures: count(2), severity: severitySchema, firstAction: text }),
  /** A history cleanup job that failed with at most this many retries left (it failed repeatedly). */
  historyCleanup: z.strictObject({ retriesLeftAtMost: count(0), severity: severitySchema, firstAction: text }),
  /**
   * Worker locks that ran out (playbook §6.3) per topic within `window`, above `baseline` (or a topic's own in
   * `topics`, for topics whose workers are known to be slow or whose effect makes any repeat dangerous). Fires
   * above the baseline, resolves once the window holds no more than it.
   */
  lockExpirationSpike: z.strictObject({
    window: isoDuration,
    baseline: count(0),
    topics: z.optional(z.array(z.strictObject({ topic: text, baseline: count(0) }))),
    severity: severitySchema,
    firstAction: text,
    /** The runbook the alert links to (it names no case, so no case's runbook stands in). */
    runbook: text,
  }),
  /**
   * A process version that is the newest of its key or still has running instances, whose steps send work to
   * a topic with no worker contract in the catalog, or whose work has waited longer than `workerSeenWithin`
   * with no worker seen in that time (playbook §4.2, §14.1). One alert per process version.
   */
  deploymentMismatch: z.strictObject({ workerSeenWithin: isoDuration, severity: severitySchema, firstAction: text, runbook: text }),
});
export type AlertsFile = z.infer<typeof alertsSchema>;

/** A file in the shared folder. Each section may appear in one shared file only. */
export const sharedFileSchema = z.strictObject({
  catalogVersion: z.optional(z.string().check(z.regex(/^\d{4}\.\d+\.\d+$/, 'expected a version like 2026.11.1'))),
  /** `triage: true` on exactly one team: it owns cases at steps the catalog does not describe (unclassified ones). */
  teams: z.optional(z.array(z.strictObject({ id: slug, name: text, triage: z.optional(z.boolean()) })).check(z.minLength(1))),
  slaBySeverity: z.optional(z.strictObject({ CRITICAL: isoDuration, HIGH: isoDuration, MEDIUM: isoDuration, LOW: isoDuration })),
  sensitiveVariables: z.optional(z.array(variableName)),
  actions: z.optional(z.record(z.string(), actionSchema)),
  rules: z.optional(z.array(ruleSchema)),
  runbooks: z.optional(z.array(runbookFileSchema)),
  /** Optional: without it no alert rule runs. */
  alerts: z.optional(alertsSchema),
});
export type SharedFile = z.infer<typeof sharedFileSchema>;

/** A file in `<process>/ops/`. The process is the folder's name unless the file says otherwise. */
export const processFileSchema = z.strictObject({
  processDefinitionKey: z.optional(text),
  topics: z.optional(z.record(z.string(), topicSchema)),
  activities: z.optional(z.record(z.string(), activitySchema)),
  budgets: z.optional(z.record(z.string(), budgetSchema)),
  rules: z.optional(z.array(ruleSchema)),
  runbooks: z.optional(z.array(runbookFileSchema)),
});
export type ProcessFile = z.infer<typeof processFileSchema>;
