import * as z from 'zod/mini';
import { caseSummarySchema, evidenceSchema } from './cases.js';
import { sideEffectClassSchema } from './catalog.js';
import { isoTimestamp } from './common.js';

/**
 * Four eyes on unsafe retries: ops request, a supervisor who is not the requester decides. An approval binds to
 * the exact command (action + body hash) and case version, and expires.
 */
export const approvalStatusSchema = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED']);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const approvalSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  action: z.literal('RETRY_STEP'),
  status: approvalStatusSchema,
  requestedBy: z.string(),
  reason: z.string(),
  evidence: z.string(),
  caseVersion: z.number(),
  requestedAt: isoTimestamp,
  expiresAt: isoTimestamp,
  decidedBy: z.nullable(z.string()),
  decidedAt: z.nullable(isoTimestamp),
  decisionReason: z.nullable(z.string()),
  /** The outcome of the approved command: DONE, ALREADY_DONE, PENDING or FAILED. */
  executionOutcome: z.nullable(z.string()),
  /** What the step does outside the engine, from its worker contract: money, contract, inventory, … */
  sideEffect: sideEffectClassSchema,
  /** The case's last status check before the request (what the owning service showed), or null if none was run. */
  statusCheck: z.nullable(evidenceSchema),
  case: caseSummarySchema,
});
export type Approval = z.infer<typeof approvalSchema>;

export const approvalListSchema = z.object({
  items: z.array(approvalSchema),
  pendingCount: z.number(),
  /** Pending approvals that expire within 10 minutes. */
  expiringSoonCount: z.number(),
});
export type ApprovalList = z.infer<typeof approvalListSchema>;

export const approvalDecisionRequestSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
});
