// Shared request/response contracts. This folder imports only zod/mini so the browser bundle stays small;
// the server validates with the same schemas through the functional API (z.parse / z.safeParse).
import * as z from 'zod/mini';

/** ISO-8601 timestamp as the BFF emits it (always UTC, `Z`). */
export const isoTimestamp = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/));

/** Every 4xx/5xx answer of the BFF: a machine-readable code and a message a person can act on. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
