import * as z from 'zod/mini';
import { actionIdSchema, caseCategorySchema, runbookSchema, severitySchema } from './cases.js';
import { roleSchema } from './session.js';

/**
 * The ops catalog as the workbench shows it: `GET /api/catalog`. Read-only; regular expressions travel as
 * their source text.
 */
export const sideEffectClassSchema = z.string();

export const reconciliationSchema = z.object({
  service: z.string(),
  statusCheck: z.object({ path: z.string(), foundPath: z.string(), referencePath: z.string() }),
  confirm: z.object({
    service: z.string(),
    path: z.string(),
    message: z.string(),
    referenceVariable: z.string(),
    messageTarget: z.enum(['process', 'rootProcess']),
  }),
  markFailed: z.nullable(z.object({ service: z.string(), path: z.string() })),
});

/** The published contract of one external-task topic. */
export const topicContractSchema = z.object({
  topic: z.string(),
  processDefinitionKey: z.string(),
  description: z.string(),
  /** Team id. */
  owner: z.string(),
  activityIds: z.array(z.string()),
  inputVariables: z.array(z.string()),
  outputVariables: z.array(z.string()),
  failureSemantics: z.object({ technicalFailure: z.string(), businessFailure: z.string(), unknownOutcome: z.string() }),
  idempotencyKey: z.nullable(z.string()),
  maxLockDuration: z.string(),
  maxLockDurationMs: z.number(),
  retryPolicy: z.string(),
  retry: z.object({ attempts: z.number(), intervalMs: z.number() }),
  sideEffect: sideEffectClassSchema,
  reconciliation: z.nullable(reconciliationSchema),
});

export const stageBudgetSchema = z.object({
  processDefinitionKey: z.string(),
  activityId: z.string(),
  budget: z.string(),
  budgetMs: z.number(),
  category: caseCategorySchema,
  severity: severitySchema,
  runbookId: z.string(),
});

export const actionDefinitionSchema = z.object({
  id: actionIdSchema,
  label: z.string(),
  description: z.string(),
  roles: z.array(roleSchema),
  categories: z.array(caseCategorySchema),
  requiredEvidence: z.enum(['none', 'FOUND', 'NOT_FOUND']),
  /** True when running it changes nothing outside the workbench. */
  safe: z.boolean(),
  domainEffect: z.string(),
  engineEffect: z.string(),
});

export const classificationRuleSchema = z.object({
  id: z.string(),
  /** Null: any process (a shared default rule). */
  processDefinitionKey: z.nullable(z.string()),
  activityId: z.nullable(z.string()),
  topic: z.nullable(z.string()),
  incidentType: z.nullable(z.string()),
  /** The rule's regular expression as source text, or null when it matches any message. */
  messagePattern: z.nullable(z.string()),
  category: caseCategorySchema,
  severity: severitySchema,
  runbookId: z.string(),
});

export const catalogViewSchema = z.object({
  version: z.string(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  topics: z.array(topicContractSchema),
  stageBudgets: z.array(stageBudgetSchema),
  runbooks: z.array(runbookSchema),
  actions: z.array(actionDefinitionSchema),
  /** In evaluation order: the first rule that matches classifies a failure. */
  rules: z.array(classificationRuleSchema),
});
export type CatalogView = z.infer<typeof catalogViewSchema>;
