// Process instance migration plans (playbook §17): a platform owner plans moving running orders from one
// version of a process to another; the BFF validates the plan with the engine, freezes the list of instances
// it will touch (the dry run), a second person approves, then a canary instance goes first and the rest follow
// in capped, paced batches, each checked afterwards. Everything lands in the audit chain.
import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';

const activityId = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const migrationPlanStates = [
  /** Validated and dry-run; waits for a second platform owner or a supervisor. */
  'AWAITING_APPROVAL',
  'REJECTED',
  /** Approved; the requester (or another platform owner) may start it. */
  'APPROVED',
  /** The canary or a batch is being migrated, or the next batch waits for its turn (rate). */
  'RUNNING',
  /** The canary or a batch failed its post-checks: nothing more is migrated until someone aborts. */
  'HALTED',
  'COMPLETED',
  /** Stopped by a person; instances not yet migrated are left untouched. */
  'ABORTED',
] as const;
export type MigrationPlanState = (typeof migrationPlanStates)[number];

export const migrationInstanceStates = [
  /** On the frozen list, not migrated yet. */
  'PENDING',
  'MIGRATED',
  /** The engine refused it or a post-check failed; the details say which. */
  'FAILED',
  /** Left untouched: the plan was aborted or halted, or the instance changed since the dry run (finished, moved on, got a case). */
  'SKIPPED',
] as const;
export type MigrationInstanceState = (typeof migrationInstanceStates)[number];

/** Why an instance at a source activity is not on the frozen list (§17.2 "exclude" and "validation"). */
export const migrationExclusionReasons = ['OPEN_CASE', 'NOT_IN_SCOPE', 'MISSING_VARIABLE', 'DOMAIN_STATE', 'DOMAIN_UNAVAILABLE'] as const;

export const migrationActivityMappingSchema = z.strictObject({ from: activityId, to: activityId });

export const createMigrationPlanRequestSchema = z.strictObject({
  /** An id of `GET /api/engines`; absent: the primary engine. */
  engineId: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/))),
  processDefinitionKey: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  sourceVersion: z.number().check(z.int(), z.minimum(1)),
  targetVersion: z.number().check(z.int(), z.minimum(1)),
  /** Why the orders must move (shown to the approver and kept in the audit). */
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  /** Source activities whose waiting instances the plan moves (§17.2 "scope"). */
  scopeActivities: z.array(activityId).check(z.minLength(1), z.maxLength(50)),
  /** Explicit mappings; activities not named map to the same id in the target (the engine's generated plan). */
  activityMapping: z.optional(z.array(migrationActivityMappingSchema).check(z.maxLength(100))),
  /** Process variables every instance must have (§17.2 "validation"). */
  requiredVariables: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))).check(z.maxLength(20))),
  /** Order states (from the owning order service) an instance's order must be in; empty or absent: not checked. */
  allowedOrderStates: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))).check(z.maxLength(20))),
  /** Instances per batch after the canary: 1-500. */
  batchSize: z.number().check(z.int(), z.minimum(1), z.maximum(500)),
  /** Seconds between batches: 0-3600. */
  batchIntervalSeconds: z.number().check(z.int(), z.minimum(0), z.maximum(3600)),
});
export type CreateMigrationPlanRequest = z.infer<typeof createMigrationPlanRequestSchema>;

export const migrationDecisionRequestSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
});
export type MigrationDecisionRequest = z.infer<typeof migrationDecisionRequestSchema>;

export const migrationInstanceSchema = z.object({
  processInstanceId: z.string(),
  businessKey: z.nullable(z.string()),
  /** Where the token waited when the list was frozen. */
  activityId: z.string(),
  state: z.enum(migrationInstanceStates),
  /** 0 is the canary; 1.. the batches. */
  batch: z.number(),
  migratedAt: z.nullable(isoTimestamp),
  /** Failed post-checks or the engine's refusal, in words. */
  problems: z.array(z.string()),
});
export type MigrationInstance = z.infer<typeof migrationInstanceSchema>;

export const migrationExclusionSchema = z.object({
  processInstanceId: z.string(),
  businessKey: z.nullable(z.string()),
  activityId: z.string(),
  reason: z.enum(migrationExclusionReasons),
  /** In words, e.g. "open fallout case FC-…" or "order state COMPLETED is not allowed". */
  detail: z.string(),
  /** The open case, for OPEN_CASE. */
  caseId: z.nullable(z.string()),
});
export type MigrationExclusion = z.infer<typeof migrationExclusionSchema>;

/** The engine's validation of the mapping: one line per instruction or plan-level failure. */
export const migrationValidationSchema = z.object({
  valid: z.boolean(),
  failures: z.array(z.object({ activityId: z.nullable(z.string()), message: z.string() })),
});

export const migrationPlanEventSchema = z.object({
  at: isoTimestamp,
  actor: z.string(),
  /** CREATED, APPROVED, REJECTED, STARTED, CANARY_PASSED, BATCH_DONE, HALTED, COMPLETED, ABORTED */
  type: z.string(),
  detail: z.string(),
});

export const migrationPlanSchema = z.object({
  id: z.string(),
  engineId: z.string(),
  processDefinitionKey: z.string(),
  processName: z.nullable(z.string()),
  sourceVersion: z.number(),
  targetVersion: z.number(),
  sourceDefinitionId: z.string(),
  targetDefinitionId: z.string(),
  reason: z.string(),
  scopeActivities: z.array(z.string()),
  activityMapping: z.array(z.object({ from: z.string(), to: z.string() })),
  requiredVariables: z.array(z.string()),
  allowedOrderStates: z.array(z.string()),
  batchSize: z.number(),
  batchIntervalSeconds: z.number(),
  state: z.enum(migrationPlanStates),
  createdBy: z.string(),
  createdAt: isoTimestamp,
  decidedBy: z.nullable(z.string()),
  decidedAt: z.nullable(isoTimestamp),
  decisionReason: z.nullable(z.string()),
  validation: migrationValidationSchema,
  /** Counts over the frozen list. */
  totals: z.object({ planned: z.number(), migrated: z.number(), failed: z.number(), skipped: z.number(), pending: z.number(), excluded: z.number() }),
  /** The frozen list (dry run), canary first. */
  instances: z.array(migrationInstanceSchema),
  exclusions: z.array(migrationExclusionSchema),
  events: z.array(migrationPlanEventSchema),
  /** What the caller may do now (server-decided: role, four eyes, state). */
  allowedActions: z.array(z.enum(['APPROVE', 'REJECT', 'START', 'ABORT'])),
});
export type MigrationPlan = z.infer<typeof migrationPlanSchema>;

export const migrationPlanSummarySchema = z.object({
  id: z.string(),
  engineId: z.string(),
  processDefinitionKey: z.string(),
  sourceVersion: z.number(),
  targetVersion: z.number(),
  state: z.enum(migrationPlanStates),
  createdBy: z.string(),
  createdAt: isoTimestamp,
  totals: migrationPlanSchema.shape.totals,
});
export type MigrationPlanSummary = z.infer<typeof migrationPlanSummarySchema>;

export const migrationPlanListSchema = z.object({ items: z.array(migrationPlanSummarySchema) });
