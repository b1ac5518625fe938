import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';

/**
 * A freeze stops automatic and operator retries at one activity during a failure storm. For jobs the BFF
 * suspends the activity's job definition; external tasks ignore that, so for them it suspends the instances
 * waiting there (bounded, recorded, and re-activated exactly when the freeze ends).
 */
export const freezeSchema = z.object({
  id: z.string(),
  engineId: z.string(),
  processDefinitionKey: z.string(),
  activityId: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: isoTimestamp,
  endsAt: isoTimestamp,
  endedAt: z.nullable(isoTimestamp),
  endedBy: z.nullable(z.string()),
  state: z.enum(['ACTIVE', 'ENDED']),
  /** Job definitions suspended by this freeze. */
  suspendedJobDefinitions: z.number(),
  /** Process instances suspended by this freeze (external-task activities). */
  suspendedInstances: z.number(),
});
export type Freeze = z.infer<typeof freezeSchema>;

export const freezeListSchema = z.object({ items: z.array(freezeSchema) });

export const createFreezeRequestSchema = z.strictObject({
  /** The engine whose activity to freeze (an id of `GET /api/engines`); absent: the primary (first) engine. */
  engineId: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/))),
  processDefinitionKey: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  activityId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  /** 5 minutes to 7 days. */
  durationMinutes: z.number().check(z.int(), z.minimum(5), z.maximum(7 * 24 * 60)),
});
export type CreateFreezeRequest = z.infer<typeof createFreezeRequestSchema>;

export const endFreezeRequestSchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
});
