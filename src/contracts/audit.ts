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
      // REWRITTEN: the chain verifies on its own but no longer matches a signed checkpoint kept outside the
      // database; CHECKPOINT_INVALID: the checkpoint file itself was edited.
      kind: z.enum(['EDITED', 'DELETED', 'REORDERED', 'BROKEN_LINK', 'REWRITTEN', 'CHECKPOINT_INVALID']),
      message: z.string(),
    }),
  ),
  /** The signed checkpoints the chain was compared with; null when none are configured. */
  anchor: z.nullable(
    z.object({
      keyId: z.string(),
      checkpoints: z.number(),
      /** The newest checkpoint the chain still matches (below any it does not). */
      lastGood: z.nullable(z.object({ chainIndex: z.number(), at: z.string() })),
      invalidSignatures: z.number(),
      unreadableLines: z.number(),
    }),
  ),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
