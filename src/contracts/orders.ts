import * as z from 'zod/mini';
import { caseSummarySchema, timelineEntrySchema } from './cases.js';
import { isoTimestamp } from './common.js';
import { processSummarySchema } from './search.js';

/**
 * The read-only order view support lands on: `GET /api/orders/:orderId`. The order service's own state beside
 * the workflow's stage in business words, with a visible disagreement when they contradict each other.
 */
export const orderViewSchema = z.object({
  orderId: z.string(),
  businessKey: z.string(),
  /**
   * From the order service; null when it could not be reached (`domainError` says why). `customerId` is null
   * whenever the ops catalog lists it as sensitive (the reference catalog does).
   */
  domain: z.nullable(z.object({ status: z.string(), updatedAt: z.nullable(isoTimestamp), customerId: z.nullable(z.string()) })),
  domainError: z.nullable(z.string()),
  /** The workflow stage in business words, e.g. "Waiting for the inventory's confirmation". */
  stage: z.nullable(z.object({ activityId: z.string(), label: z.string(), since: z.nullable(isoTimestamp) })),
  /** Set when the order service and the workflow disagree, e.g. CANCELLED but the workflow still runs. */
  disagreement: z.nullable(z.string()),
  processes: z.array(processSummarySchema),
  openCases: z.array(caseSummarySchema),
  timeline: z.array(timelineEntrySchema),
});
export type OrderView = z.infer<typeof orderViewSchema>;
