import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';

/** The playbook's taxonomy. Business-modelled errors are BPMN paths and never become cases. */
export const caseCategories = [
  'TECHNICAL_TRANSIENT',
  'TECHNICAL_PERSISTENT',
  'BUSINESS_UNMODELED',
  'DATA_CORRUPTION',
  'UNKNOWN_OUTCOME',
  'OPERATIONAL_UNSAFE',
] as const;
export const caseCategorySchema = z.enum(caseCategories);
export type CaseCategory = z.infer<typeof caseCategorySchema>;

/**
 * Where a case stands. OPEN … ESCALATED: an open incident (or finding) being worked. CLEARED_OUTSIDE: the
 * incident was cleared outside the workbench (retries set or the incident resolved in Cockpit, engine REST or a
 * script) while the token still waits at the step: no longer an open incident, not resolved either.
 * CANCELLED_IN_ENGINE: the process instance was cancelled in the engine while the case was open, and the order
 * service still has the order active (or has not been asked yet): a domain/workflow mismatch to sort out.
 * These six are the working set (the queue's "open"). RESOLVED: the engine showed the step completed or the
 * process moved on (or an operator resolved it). CLOSED: ended without moving on and nothing is left to do (a
 * cancelled instance whose order is closed too, or an instance that no longer exists at all).
 */
export const caseStatuses = ['OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE', 'RESOLVED', 'CLOSED'] as const;
export const caseStatusSchema = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const severitySchema = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type Severity = z.infer<typeof severitySchema>;

/**
 * Where a case came from: an engine incident, an instance waiting past its stage budget, the reconcile with a
 * domain service (state contradicting the workflow, or no workflow at all), or an operator.
 */
export const caseSourceSchema = z.enum(['INCIDENT', 'STUCK', 'RECONCILE', 'MANUAL']);

/** The business entity a business key points at, e.g. `order:ORD-100928` → ORDER / ORD-100928. */
export const domainEntitySchema = z.object({
  type: z.enum(['ORDER', 'QUOTE', 'CHANGE_ORDER', 'FALLOUT']),
  id: z.string(),
  revision: z.optional(z.number()),
});
export type DomainEntity = z.infer<typeof domainEntitySchema>;

export const caseSummarySchema = z.object({
  id: z.string(),
  status: caseStatusSchema,
  category: caseCategorySchema,
  unclassified: z.boolean(),
  severity: severitySchema,
  source: caseSourceSchema,
  engineId: z.string(),
  businessKey: z.nullable(z.string()),
  entity: z.nullable(domainEntitySchema),
  /** Null only for a workflow that never started (the order exists, no process does). */
  processInstanceId: z.nullable(z.string()),
  processDefinitionKey: z.string(),
  processDefinitionVersion: z.nullable(z.number()),
  /** Null only for a workflow that never started. */
  activityId: z.nullable(z.string()),
  activityName: z.nullable(z.string()),
  incidentType: z.nullable(z.string()),
  topic: z.nullable(z.string()),
  /** The engine's failure text (or the reconcile's finding). Untrusted: render as text only. */
  errorMessage: z.nullable(z.string()),
  /** The catalog rule that classified it, e.g. `reserve-timeout-after-send`. */
  classificationRule: z.nullable(z.string()),
  runbookId: z.nullable(z.string()),
  /** Team that owns the failing step (from the worker contract), or the team it was escalated to. */
  team: z.nullable(z.string()),
  assignee: z.nullable(z.string()),
  /** When the case breaches its SLA (by severity, counted from first seen). */
  slaDueAt: isoTimestamp,
  /** True while a freeze covers the case's activity: no retry without approval. */
  frozen: z.boolean(),
  firstSeenAt: isoTimestamp,
  lastSeenAt: isoTimestamp,
  resolvedAt: z.nullable(isoTimestamp),
  /** How often a recurrence reopened it after a verified resolution. */
  reopenedCount: z.number(),
  /** When the engine ended the case's process instance by cancellation (engine time); null otherwise. */
  cancelledInEngineAt: z.nullable(isoTimestamp),
  /**
   * Set while the domain service contradicts the workflow: e.g. the order is still active although its process
   * instance was cancelled in the engine. Plain text naming both sides.
   */
  domainMismatch: z.nullable(z.string()),
  version: z.number(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseListSchema = z.object({
  items: z.array(caseSummarySchema),
  total: z.number(),
});
export type CaseList = z.infer<typeof caseListSchema>;

export const caseIncidentSchema = z.object({
  id: z.string(),
  type: z.string(),
  activityId: z.string(),
  processInstanceId: z.string(),
  processDefinitionKey: z.nullable(z.string()),
  message: z.nullable(z.string()),
  createdAt: isoTimestamp,
  /** True for the incident where the failure happened; false for the parents the engine raises up a call chain. */
  isRootCause: z.boolean(),
  /** False once the engine no longer reports the incident (retried, or the process moved on). */
  open: z.boolean(),
});
export type CaseIncident = z.infer<typeof caseIncidentSchema>;

/** What the diagram needs: the model and the ids to mark. */
export const caseDiagramSchema = z.object({
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  bpmnXml: z.string(),
  /**
   * Activities with open incidents in this instance (including call activities up a chain), with the category
   * of the active case there (for a call activity: the case in the called instance); null when no case is known.
   */
  incidentActivities: z.array(z.object({ activityId: z.string(), count: z.number(), category: z.nullable(caseCategorySchema) })),
  /** Activities where a token waits or works right now. */
  activeActivityIds: z.array(z.string()),
  /** Activities finished along the path taken, in order of occurrence. */
  completedActivityIds: z.array(z.string()),
  /** Sequence flows taken, where the engine records them (transitions between completed activities). */
  takenFlowIds: z.array(z.string()),
});
export type CaseDiagram = z.infer<typeof caseDiagramSchema>;

export const processStateSchema = z.enum(['ACTIVE', 'SUSPENDED', 'COMPLETED', 'EXTERNALLY_TERMINATED', 'INTERNALLY_TERMINATED', 'UNKNOWN']);

export const activityStepSchema = z.object({
  activityId: z.string(),
  activityName: z.nullable(z.string()),
  activityType: z.string(),
  startedAt: isoTimestamp,
  endedAt: z.nullable(isoTimestamp),
  canceled: z.boolean(),
});
export type ActivityStep = z.infer<typeof activityStepSchema>;

/** Every recovery action a case can offer. There is deliberately no "set variable", "move token" or "delete incident". */
export const actionIds = [
  'CHECK_EXTERNAL_STATUS',
  'RETRY_STEP',
  'CONFIRM_EXTERNAL_OUTCOME',
  'MARK_FAILED_AND_RETRY',
  'START_MISSING_WORKFLOW',
  'ESCALATE',
  'REQUEST_UNSAFE_RETRY',
  'ASSIGN',
  'ANNOTATE',
  'RESOLVE',
] as const;
export const actionIdSchema = z.enum(actionIds);
export type ActionId = z.infer<typeof actionIdSchema>;

/** Input fields an action asks for; the SPA renders a form from these. */
export const actionInputSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'longtext', 'team', 'user']),
  required: z.boolean(),
  /** A value the BFF suggests, e.g. the reservation id the status check found. */
  suggested: z.optional(z.string()),
});

export const offeredActionSchema = z.object({
  action: actionIdSchema,
  label: z.string(),
  /** What running it will do, shown in the confirmation. */
  effect: z.string(),
  inputs: z.array(actionInputSchema),
  /** True for read-only or bookkeeping actions that change nothing outside the workbench. */
  safe: z.boolean(),
});
export const withheldActionSchema = z.object({
  action: actionIdSchema,
  label: z.string(),
  reason: z.string(),
});

export const runbookSchema = z.object({
  id: z.string(),
  title: z.string(),
  symptoms: z.array(z.string()),
  impact: z.array(z.string()),
  doNot: z.array(z.string()),
  diagnosis: z.array(z.string()),
  safeRecovery: z.array(z.string()),
  verification: z.array(z.string()),
});
export type Runbook = z.infer<typeof runbookSchema>;

/** A diagnosis step of the case's runbook that someone checked (steps are numbered from 0). */
export const diagnosisCheckSchema = z.object({ step: z.number(), checkedBy: z.string(), checkedAt: isoTimestamp });
export type DiagnosisCheck = z.infer<typeof diagnosisCheckSchema>;

/** `POST /api/cases/:caseId/diagnosis`: check or uncheck one diagnosis step. */
export const diagnosisCheckRequestSchema = z.strictObject({
  step: z.number().check(z.int(), z.nonnegative(), z.maximum(99)),
  checked: z.boolean(),
});
export type DiagnosisCheckRequest = z.infer<typeof diagnosisCheckRequestSchema>;
export const diagnosisChecklistSchema = z.object({ checks: z.array(diagnosisCheckSchema) });

/** What a domain service said when asked about the step's external effect. */
export const evidenceSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** e.g. `inventory`, `billing`, `orders`. */
  service: z.string(),
  /** FOUND: the effect exists; NOT_FOUND: it does not; UNKNOWN: the service could not tell. */
  finding: z.enum(['FOUND', 'NOT_FOUND', 'UNKNOWN']),
  /** The external reference found, e.g. a reservation or billing reference. */
  reference: z.nullable(z.string()),
  summary: z.string(),
  recordedAt: isoTimestamp,
  recordedBy: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** An operation someone ran on the engine directly (not through the workbench), as its user operation log records it. */
export const outsideChangeSchema = z.object({
  at: isoTimestamp,
  /** The engine user who ran it; null when the engine did not record one. */
  userId: z.nullable(z.string()),
  /** The engine's operation type, e.g. `SetExternalTaskRetries`, `Delete`, `SetVariable`. */
  operation: z.string(),
  /** In words, e.g. "let the failed step try again (attempts left 0 → 1)". */
  text: z.string(),
});
export type OutsideChange = z.infer<typeof outsideChangeSchema>;

export const timelineEntrySchema = z.object({
  at: isoTimestamp,
  actor: z.string(),
  action: z.string(),
  outcome: z.string(),
  /** Human summary; may quote engine or operator text, so render as text. */
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** For a case on an order: the order service's state beside the workflow's stage (same logic as the order view). */
export const caseOrderStandingSchema = z.object({
  domainStatus: z.nullable(z.string()),
  /** Why the order service could not be asked; null when it answered. */
  domainError: z.nullable(z.string()),
  stage: z.nullable(z.string()),
  /** Set when the order service and the workflow contradict each other. */
  disagreement: z.nullable(z.string()),
});
export type CaseOrderStanding = z.infer<typeof caseOrderStandingSchema>;

/** A whitelisted process variable (the failing step's contract inputs). Value is untrusted text; sensitive ones read `***`. */
export const caseVariableSchema = z.object({
  name: z.string(),
  type: z.string(),
  value: z.string(),
  masked: z.boolean(),
});
export type CaseVariable = z.infer<typeof caseVariableSchema>;

/**
 * One step's contract in the ops catalog (a worker topic, or another step that reads variables) with the
 * variables it declares and their values in the case's instance. A sensitive value never leaves the BFF: it
 * arrives as `***` with `masked` true. `value` null: the instance does not hold the variable (not set yet).
 */
export const contractVariableGroupSchema = z.object({
  /** The step in the model's words, e.g. "Reserve inventory". */
  step: z.string(),
  activityIds: z.array(z.string()),
  /** The external-task topic; null for a step that is not an external task. */
  topic: z.nullable(z.string()),
  /** True for the case's own (failing or waiting) step. */
  caseStep: z.boolean(),
  variables: z.array(
    z.object({
      name: z.string(),
      direction: z.enum(['input', 'output']),
      type: z.nullable(z.string()),
      value: z.nullable(z.string()),
      masked: z.boolean(),
    }),
  ),
});
export type ContractVariableGroup = z.infer<typeof contractVariableGroupSchema>;

export const caseStageBudgetSchema = z.object({
  /** ISO 8601 duration from the catalog, e.g. `PT30M`. */
  budget: z.string(),
  waitingSince: z.nullable(isoTimestamp),
  overrun: z.boolean(),
});
export type CaseStageBudget = z.infer<typeof caseStageBudgetSchema>;

export const calledProcessSchema = z.object({
  activityId: z.string(),
  processInstanceId: z.string(),
  /** An active case in the called instance, if any. */
  caseId: z.nullable(z.string()),
});
export type CalledProcess = z.infer<typeof calledProcessSchema>;

/** A workflow-moving command as the case page follows it (see `caseDetailSchema.commandProgress`). */
export const commandProgressSchema = z.object({
  id: z.string(),
  action: actionIdSchema,
  /** RUNNING now; PENDING in the outbox (engine or service unreachable); DONE: carried out; FAILED: refused or broken. */
  state: z.enum(['RUNNING', 'PENDING', 'DONE', 'FAILED']),
  requestedBy: z.string(),
  requestedAt: isoTimestamp,
  /** When it was carried out or failed; null while unfinished. */
  finishedAt: z.nullable(isoTimestamp),
  /** Why it failed (FAILED only). Untrusted engine or service text: render as text. */
  failure: z.nullable(z.string()),
});
export type CommandProgress = z.infer<typeof commandProgressSchema>;

/**
 * One thing the process instance waits on right now, read live from the engine: an external task for a
 * worker, a timer, a job (waiting for the job executor, or failed and retrying), a message, a signal or a
 * condition. Fields that do not apply to the kind are null.
 */
export const waitItemSchema = z.object({
  kind: z.enum(['EXTERNAL_TASK', 'TIMER', 'JOB', 'FAILED_JOB', 'MESSAGE', 'SIGNAL', 'CONDITION']),
  activityId: z.nullable(z.string()),
  /** The diagram's name of the activity, when it has one. */
  activityName: z.nullable(z.string()),
  /** EXTERNAL_TASK: its topic. MESSAGE, SIGNAL: the event's name. */
  name: z.nullable(z.string()),
  /** EXTERNAL_TASK: the worker that fetched it last, if any. */
  workerId: z.nullable(z.string()),
  /** EXTERNAL_TASK: until when that worker holds it (after a failure: when it may be fetched again). */
  lockExpiresAt: z.nullable(isoTimestamp),
  /** Retries left before it becomes an incident; null when it never failed. */
  retriesLeft: z.nullable(z.number()),
  /** TIMER: when it fires. FAILED_JOB, JOB: when the job runs next. */
  dueAt: z.nullable(isoTimestamp),
  /** MESSAGE: what the message must carry to reach this instance (its business key), when known. */
  correlationKey: z.nullable(z.string()),
  suspended: z.boolean(),
  /** The last failure's message. Untrusted engine text: render as text, and only in technical details. */
  lastError: z.nullable(z.string()),
  /** Since when it waits, when the engine says. */
  since: z.nullable(isoTimestamp),
});
export type WaitItem = z.infer<typeof waitItemSchema>;

export const caseDetailSchema = z.object({
  case: caseSummarySchema,
  incidents: z.array(caseIncidentSchema),
  process: z.object({
    id: z.string(),
    businessKey: z.nullable(z.string()),
    definitionId: z.string(),
    definitionKey: z.string(),
    definitionName: z.nullable(z.string()),
    definitionVersion: z.nullable(z.number()),
    state: processStateSchema,
    startedAt: z.nullable(isoTimestamp),
  }),
  /** Live engine data; null with `liveError` set when the engine could not be read. */
  diagram: z.nullable(caseDiagramSchema),
  path: z.array(activityStepSchema),
  liveError: z.nullable(z.string()),
  /**
   * Where the live part stands: LIVE (read now), SLOW (the engine did not answer within the page's budget),
   * UNAVAILABLE (the engine could not be read), NONE (no process instance to read).
   */
  liveStatus: z.enum(['LIVE', 'SLOW', 'UNAVAILABLE', 'NONE']),
  actions: z.object({
    offered: z.array(offeredActionSchema),
    withheld: z.array(withheldActionSchema),
  }),
  runbook: z.nullable(runbookSchema),
  /** The runbook's diagnosis steps checked so far on this case. */
  diagnosisChecks: z.array(diagnosisCheckSchema),
  /** Results of status checks with domain services, newest first. */
  evidence: z.array(evidenceSchema),
  /** What happened to the case: commands, notes, decisions, domain events (e.g. a rejected duplicate callback). */
  timeline: z.array(timelineEntrySchema),
  /** Other cases of the same order, or of the same activity's failure storm. */
  linked: z.array(z.object({ reason: z.enum(['SAME_ENTITY', 'SAME_ACTIVITY_STORM']), case: caseSummarySchema })),
  pendingApproval: z.nullable(z.object({ id: z.string(), requestedBy: z.string(), expiresAt: isoTimestamp })),
  /**
   * A recovery command accepted but not finished: RUNNING right now, or PENDING in the outbox because the
   * engine or a domain service could not be reached (it is completed once they answer).
   */
  pendingCommand: z.nullable(
    z.object({ id: z.string(), action: z.string(), state: z.enum(['RUNNING', 'PENDING']), requestedBy: z.string(), requestedAt: isoTimestamp, attempts: z.number() }),
  ),
  /**
   * The newest command on the case that moves its workflow on (retry, confirmation, mark failed and retry,
   * start of a missing workflow): its effect shows only once the sync sees the workflow move past the step,
   * so the page follows it until the case resolves or the command fails. Null when there was none.
   */
  commandProgress: z.nullable(commandProgressSchema),
  /** Null unless the case's entity is an ORDER. */
  order: z.nullable(caseOrderStandingSchema),
  /** Live; empty when the engine could not be read or the step's contract names no inputs. */
  variables: z.array(caseVariableSchema),
  /**
   * Every variable the ops catalog's contracts declare for the case's process (all its topics and steps),
   * grouped per step, the case's step first; live (history for an ended instance). Absent when the engine could
   * not be read or the case has no instance.
   */
  contractVariables: z.optional(z.array(contractVariableGroupSchema)),
  /** Null when the catalog has no budget for the case's step. */
  stageBudget: z.nullable(caseStageBudgetSchema),
  /** What the instance waits on (live); the case's own step first. Empty when ended or not read. */
  waitingFor: z.array(waitItemSchema),
  /** Call activities of this instance and the instances they started (live). */
  calledProcesses: z.array(calledProcessSchema),
  /** Set when the case's instance was started by a call activity of another instance (live). */
  parentProcessInstanceId: z.nullable(z.string()),
  /**
   * The newest change made to the case's process instance outside the workbench (Cockpit, engine REST, a
   * script), from the engine's user operation log; null when none is known.
   */
  lastOutsideChange: z.nullable(outsideChangeSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;
