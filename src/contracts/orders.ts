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
  /**
   * Several engines, when more than one knows the order (each engine's own order service asked): the order as
   * each engine has it, named by the engine's label, the primary first. The fields above are the first one's.
   */
  engines: z.optional(
    z.array(
      z.object({
        engineId: z.string(),
        label: z.string(),
        domain: z.nullable(z.object({ status: z.string(), updatedAt: z.nullable(isoTimestamp), customerId: z.nullable(z.string()) })),
        domainError: z.nullable(z.string()),
        stage: z.nullable(z.object({ activityId: z.string(), label: z.string(), since: z.nullable(isoTimestamp) })),
        disagreement: z.nullable(z.string()),
      }),
    ),
  ),
  processes: z.array(processSummarySchema),
  openCases: z.array(caseSummarySchema),
  timeline: z.array(timelineEntrySchema),
});
export type OrderView = z.infer<typeof orderViewSchema>;

/** How a run (one process instance) stands, as history reports it. */
export const orderRunStateSchema = z.enum(['RUNNING', 'SUSPENDED', 'COMPLETED', 'CANCELLED', 'TERMINATED']);
export type OrderRunState = z.infer<typeof orderRunStateSchema>;

/** One step a run passed through, in the model's words (gateways left out). */
export const orderRunStepSchema = z.object({
  activityId: z.string(),
  label: z.string(),
  startedAt: isoTimestamp,
  endedAt: z.nullable(isoTimestamp),
  /** Interrupted (by a boundary event or a cancellation) rather than completed. */
  interrupted: z.boolean(),
});

/**
 * A business rejection the model caught (a BPMN error on a boundary event): the code and message the worker
 * threw, read from the run's variables `errorCode`/`errorMessage`, which the models map on their error events.
 */
export const orderRunErrorSchema = z.object({
  code: z.nullable(z.string()),
  message: z.nullable(z.string()),
  /** The boundary event that caught it, e.g. "Inventory rejected". */
  caughtBy: z.string(),
  /** The step it interrupted, e.g. "Check availability"; null when the model does not say. */
  step: z.nullable(z.string()),
  at: isoTimestamp,
});

export const orderRunSchema = z.object({
  /** The process's name in the model, e.g. "Order orchestration". */
  processName: z.string(),
  version: z.nullable(z.number()),
  startedAt: z.nullable(isoTimestamp),
  endedAt: z.nullable(isoTimestamp),
  state: orderRunStateSchema,
  /** The state in words, e.g. "Ended at “Order rejected”". */
  stateLabel: z.string(),
  path: z.array(orderRunStepSchema),
  /** True when the path was cut at the cap (a looping run). */
  pathTruncated: z.boolean(),
  businessError: z.nullable(orderRunErrorSchema),
  /** Set when another run of this order started this one (a call activity, e.g. billing). */
  calledByProcessInstanceId: z.nullable(z.string()),
  /** Several engines: the engine the run is in (absent with one engine). */
  engineId: z.optional(z.string()),
  /** Technical details: engine ids, for the technical details section only. */
  technical: z.object({ processInstanceId: z.string(), processDefinitionId: z.string(), processDefinitionKey: z.string(), engineState: z.nullable(z.string()) }),
});
export type OrderRun = z.infer<typeof orderRunSchema>;

/**
 * `GET /api/orders/:orderId/history`: every run of the order's business key from the engine's history API,
 * finished ones included, newest first. At most `cap` runs are read; `total` says how many the engine has.
 */
export const orderHistorySchema = z.object({
  orderId: z.string(),
  businessKey: z.string(),
  runs: z.array(orderRunSchema),
  total: z.number(),
  cap: z.number(),
});
export type OrderHistory = z.infer<typeof orderHistorySchema>;
