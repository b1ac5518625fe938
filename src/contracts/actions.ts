import * as z from 'zod/mini';
import { actionIdSchema, caseSummarySchema, evidenceSchema, type ActionId } from './cases.js';

/**
 * Every mutating request carries `Idempotency-Key` (a client-generated unique string) and the case version
 * in `If-Match`. The response says what happened; `PENDING` (HTTP 202) means the intent is recorded and the
 * BFF will finish it exactly once when the engine or domain service answers again.
 */
const comment = z.optional(z.string().check(z.maxLength(2000)));
const requiredText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Request bodies per action. Unknown fields are rejected so a typo cannot silently drop an input. */
export const actionRequestSchemas = {
  CHECK_EXTERNAL_STATUS: z.strictObject({ comment }),
  RETRY_STEP: z.strictObject({ comment }),
  /** `reference`: the external reference the operator confirms, e.g. RSV-000004; must match the status check. */
  CONFIRM_EXTERNAL_OUTCOME: z.strictObject({ reference: requiredText(200), comment }),
  MARK_FAILED_AND_RETRY: z.strictObject({ comment }),
  START_MISSING_WORKFLOW: z.strictObject({ comment }),
  ESCALATE: z.strictObject({ team: z.optional(requiredText(100)), reason: requiredText(2000) }),
  REQUEST_UNSAFE_RETRY: z.strictObject({ reason: requiredText(2000), evidence: requiredText(4000) }),
  /** `assignee`: a user id; the caller's own id claims the case. */
  ASSIGN: z.strictObject({ assignee: requiredText(100) }),
  ANNOTATE: z.strictObject({ note: requiredText(4000) }),
  RESOLVE: z.strictObject({ note: requiredText(4000) }),
} as const satisfies Record<ActionId, z.ZodMiniType>;
export type ActionRequest<A extends ActionId> = z.infer<(typeof actionRequestSchemas)[A]>;

/** URL segment per action: POST /api/cases/:caseId/actions/:slug */
export const actionSlugs: Record<ActionId, string> = {
  CHECK_EXTERNAL_STATUS: 'check-external-status',
  RETRY_STEP: 'retry-step',
  CONFIRM_EXTERNAL_OUTCOME: 'confirm-external-outcome',
  MARK_FAILED_AND_RETRY: 'mark-failed-and-retry',
  START_MISSING_WORKFLOW: 'start-missing-workflow',
  ESCALATE: 'escalate',
  REQUEST_UNSAFE_RETRY: 'request-unsafe-retry',
  ASSIGN: 'assign',
  ANNOTATE: 'annotate',
  RESOLVE: 'resolve',
};
export function actionForSlug(slug: string): ActionId | null {
  const found = Object.entries(actionSlugs).find(([, s]) => s === slug);
  return found ? (found[0] as ActionId) : null;
}


export const commandOutcomeSchema = z.enum(['DONE', 'ALREADY_DONE', 'PENDING', 'AWAITING_APPROVAL']);
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;

export const commandResultSchema = z.object({
  commandId: z.string(),
  action: actionIdSchema,
  outcome: commandOutcomeSchema,
  message: z.string(),
  case: caseSummarySchema,
  /** Set by CHECK_EXTERNAL_STATUS: what the domain service said. */
  evidence: z.optional(evidenceSchema),
  /** Set by REQUEST_UNSAFE_RETRY: the approval request waiting for a supervisor. */
  approvalId: z.optional(z.string()),
});
export type CommandResult = z.infer<typeof commandResultSchema>;

/** Bulk retry of transient cases at one activity. A dry run lists the exact scope and changes nothing. */
export const bulkRetryRequestSchema = z.strictObject({
  processDefinitionKey: requiredText(200),
  activityId: requiredText(200),
  dryRun: z.boolean(),
  /** At most this many cases (1-100, default 25); the rest stay for another run. */
  cap: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  /** The case ids the dry run showed; a real run only touches these (and refuses if the scope grew). */
  caseIds: z.optional(z.array(z.string()).check(z.maxLength(100))),
  comment,
});
export type BulkRetryRequest = z.infer<typeof bulkRetryRequestSchema>;

export const bulkRetryResponseSchema = z.object({
  dryRun: z.boolean(),
  processDefinitionKey: z.string(),
  activityId: z.string(),
  /** Cases in scope (transient, open, not frozen, retry offered), capped. */
  scope: z.array(z.object({ caseId: z.string(), businessKey: z.nullable(z.string()), version: z.number() })),
  /** How many more matched beyond the cap. */
  beyondCap: z.number(),
  /** Cases at the activity left out, with the reason (e.g. not transient). */
  excluded: z.array(z.object({ caseId: z.string(), reason: z.string() })),
  results: z.array(z.object({ caseId: z.string(), outcome: z.enum(['DONE', 'ALREADY_DONE', 'PENDING', 'FAILED', 'SKIPPED']), message: z.string() })),
});
export type BulkRetryResponse = z.infer<typeof bulkRetryResponseSchema>;

export const IDEMPOTENCY_HEADER = 'idempotency-key';
