import * as z from 'zod/mini';

/**
 * `GET /api/events` (Server-Sent Events): what changed in the read model, so an open page refetches what it
 * shows. Events carry kinds and case ids only, never case data: the page reads that through the normal
 * endpoints, which check the caller's roles as always.
 */

/** What a change is about: cases (and everything on a case page), approval requests, freezes. */
export const liveKinds = ['case', 'approval', 'freeze'] as const;
export const liveKindSchema = z.enum(liveKinds);
export type LiveKind = z.infer<typeof liveKindSchema>;

/**
 * `event: change`. `caseIds`: the cases whose page changed; null when any case may have changed (a batch of
 * many, a freeze, or changes this server may have missed while it could not hear the database).
 */
export const liveChangeSchema = z.object({
  kinds: z.array(liveKindSchema),
  caseIds: z.nullable(z.array(z.string())),
});
export type LiveChange = z.infer<typeof liveChangeSchema>;

/**
 * `event: status`, sent on connect and whenever it changes. DOWN: this server cannot hear the database's
 * changes right now (an outage): pages poll until it is UP again.
 */
export const liveStatusSchema = z.object({ feed: z.enum(['UP', 'DOWN']) });
export type LiveStatus = z.infer<typeof liveStatusSchema>;

/** Event names on the stream. `session-ended` is sent once before the server closes a stream whose session ended. */
export const liveEvents = { change: 'change', status: 'status', sessionEnded: 'session-ended' } as const;
