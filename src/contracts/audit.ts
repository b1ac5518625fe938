import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';

export const auditEventSchema = z.object({
  seq: z.number(),
  at: isoTimestamp,
  actor: z.string(),
  roles: z.array(z.string()),
  team: z.nullable(z.string()),
  caseId: z.nullable(z.string()),
  businessKey: z.nullable(z.string()),
  action: z.string(),
  commandId: z.nullable(z.string()),
  idempotencyKey: z.nullable(z.string()),
  outcome: z.string(),
  /** Inputs, preconditions checked, engine and domain calls with results; sensitive fields masked. */
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditListSchema = z.object({ items: z.array(auditEventSchema), total: z.number() });

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  headHash: z.nullable(z.string()),
  problems: z.array(
    z.object({
      seq: z.number(),
      kind: z.enum(['EDITED', 'DELETED', 'REORDERED', 'BROKEN_LINK']),
      message: z.string(),
    }),
  ),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
