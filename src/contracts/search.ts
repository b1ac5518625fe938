import * as z from 'zod/mini';
import { caseSummarySchema, domainEntitySchema, processStateSchema } from './cases.js';
import { isoTimestamp } from './common.js';

export const processSummarySchema = z.object({
  processInstanceId: z.string(),
  businessKey: z.nullable(z.string()),
  entity: z.nullable(domainEntitySchema),
  processDefinitionKey: z.string(),
  processDefinitionName: z.nullable(z.string()),
  processDefinitionVersion: z.nullable(z.number()),
  state: processStateSchema,
  /** Activities a token sits at right now, as far as the last sync saw. */
  currentActivityIds: z.array(z.string()),
  startedAt: z.nullable(isoTimestamp),
  endedAt: z.nullable(isoTimestamp),
  openCaseCount: z.number(),
  /** The engine the instance runs in (several engines; cases carry theirs as `engineId` too). */
  engineId: z.optional(z.string()),
});
export type ProcessSummary = z.infer<typeof processSummarySchema>;

export const searchResponseSchema = z.object({
  query: z.string(),
  /** How the BFF read the query, e.g. order ORD-100928; null when it searched free text. */
  interpretedAs: z.nullable(z.object({ kind: z.string(), value: z.string() })),
  cases: z.array(caseSummarySchema),
  running: z.array(processSummarySchema),
  ended: z.array(processSummarySchema),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;
