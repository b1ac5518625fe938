import * as z from 'zod/mini';
import { caseCategorySchema, caseStatusSchema, caseSummarySchema, severitySchema } from './cases.js';

/**
 * The case queue: `GET /api/queue` with filters in the query string (so a link can be shared), answered from
 * the read model only. Every filter is optional; lists are comma-separated.
 *
 *   view       mine | team | approvals | unclassified | stuck | all (default all): a saved view per role
 *   status     open (default: the working set, every case that needs someone, including an incident cleared
 *              outside the workbench with its step still waiting and an instance cancelled in the engine while
 *              its order is active) | incident (open and still failing: not cleared or cancelled in the engine)
 *              | all | comma list of statuses
 *   category, severity, source, processKey, processVersion, activityId, assignee (`me` | user id | `none`),
 *   team, engineId
 *   minAgeMinutes, maxAgeMinutes   age since first seen
 *   topic      external-task topic of the failing step
 *   slaBreached  true: active cases past their SLA due time
 *   command    cases with a recovery command of these actions (RETRY_STEP, …)
 *   commandOutcome  done | pending | failed: … whose command ended so (alone: any action)
 *   approval   pending | approved | rejected | expired | breached: cases with an unsafe-retry request so
 *   eventWithinMinutes  the command or approval request happened within the last N minutes
 *   q          free text on business key, case id, error message (contains, case-insensitive)
 *   sort       lastSeen | firstSeen | severity | slaDue | age  (default lastSeen), order asc | desc (default desc)
 *   limit      1-200 (default 100)
 *   cursor     the `nextCursor` of the previous page (keyset paging: the same sort and filters); opaque; a cursor
 *              that is not one, or was made for another sort, is 400 INVALID_CURSOR. `offset` is not supported.
 *
 * `total` counts the matches up to 10,000; beyond it `totalCapped` is true ("10,000+"). Facet counts count
 * active cases only (the working set, as Operate and Temporal do), except the status facet, which counts every
 * status up to 10,000 (`capped` on a value means "10,000 or more").
 */
export const queueViewSchema = z.enum(['all', 'mine', 'team', 'approvals', 'unclassified', 'stuck']);
export type QueueView = z.infer<typeof queueViewSchema>;

export const queueSortSchema = z.enum(['lastSeen', 'firstSeen', 'severity', 'slaDue', 'age']);

/** Counts per value of a filter, under all the *other* filters: what the user would get by picking it. */
export const facetSchema = z.array(z.object({ value: z.string(), label: z.string(), count: z.number(), capped: z.optional(z.boolean()) }));

export const queueResponseSchema = z.object({
  items: z.array(caseSummarySchema),
  /** Matches, counted up to 10,000. */
  total: z.number(),
  /** True when there are more than `total` matches (show "10,000+"). */
  totalCapped: z.boolean(),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.nullable(z.string()),
  facets: z.object({
    status: facetSchema,
    category: facetSchema,
    severity: facetSchema,
    source: facetSchema,
    processKey: facetSchema,
    activityId: facetSchema,
    team: facetSchema,
    assignee: facetSchema,
    engineId: facetSchema,
  }),
  /** Case counts of each saved view for the caller (navigation badges). */
  views: z.record(queueViewSchema, z.number()),
});
export type QueueResponse = z.infer<typeof queueResponseSchema>;

export { caseCategorySchema, caseStatusSchema, severitySchema };

/** The queue's filters: every query parameter that narrows the list (besides view, sort and order). */
export const queueFilterNames = [
  'status',
  'category',
  'severity',
  'source',
  'processKey',
  'processVersion',
  'activityId',
  'assignee',
  'team',
  'engineId',
  'minAgeMinutes',
  'maxAgeMinutes',
  'slaBreached',
  'topic',
  'command',
  'commandOutcome',
  'approval',
  'eventWithinMinutes',
  'q',
] as const;

/** Every parameter of the queue's query string that names what the list shows (not `limit` or `cursor`). */
export const queueQueryParamNames = ['view', ...queueFilterNames, 'sort', 'order'] as const;
