import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';

/**
 * Actions an operator takes instead of a plain retry: the recovery was done by hand. The dashboard's
 * "manual recoveries" counts these; its link opens the queue filtered to the same actions.
 */
export const MANUAL_RECOVERY_ACTIONS = ['CONFIRM_EXTERNAL_OUTCOME', 'MARK_FAILED_AND_RETRY', 'START_MISSING_WORKFLOW', 'RESOLVE'] as const;

/** A point of a time series: one bucket (an hour or a day) and a value per series name. */
export const seriesPointSchema = z.object({ at: isoTimestamp, values: z.record(z.string(), z.number()) });

/** A deployment, marked on time series so a spike after a release stands out. */
export const deploymentMarkSchema = z.object({
  at: isoTimestamp,
  /** The engine it was deployed to (several engines: the SPA names it by its label). */
  engineId: z.string(),
  name: z.string(),
  definitions: z.array(z.string()),
  /**
   * The process definitions it deployed with their versions, each with its cases (any status) counted up to
   * 10,000 and the queue filter of exactly those cases (`/cases?…`). Absent while the sync has not yet read the
   * versions of a deployment mirrored before they were recorded.
   */
  versions: z.optional(
    z.array(
      z.object({
        processKey: z.string(),
        processName: z.nullable(z.string()),
        version: z.number(),
        cases: z.number(),
        /** True when there are more than `cases` (show "10,000+"). */
        casesCapped: z.boolean(),
        filter: z.string(),
      }),
    ),
  ),
});

/**
 * `GET /api/dashboard?range=24h|7d|30d` (default 7d). Read model only: no engine call. Every item carries the
 * queue filter a click should open (`filter`: a query string for `/cases?…`).
 */
export const dashboardSchema = z.object({
  range: z.enum(['24h', '7d', '30d']),
  generatedAt: isoTimestamp,
  technical: z.object({
    /** Open cases per category at the end of each bucket. */
    openByCategory: z.array(seriesPointSchema),
    /** `transient`: how many of `count` are technical transient failures, the only ones a bulk retry takes. */
    incidentsByActivity: z.array(
      z.object({ processKey: z.string(), processVersion: z.nullable(z.number()), activityId: z.string(), activityName: z.nullable(z.string()), count: z.number(), transient: z.number(), filter: z.string() }),
    ),
    /** Recovery commands per action in the range, with their outcomes. */
    commands: z.array(z.object({ action: z.string(), done: z.number(), pending: z.number(), failed: z.number() })),
    /** Incident → case, for incidents raised while the sync was live (the BFF's start-up backlog excluded); over the latest 10,000 cases of the range. */
    syncLag: z.object({ medianMs: z.nullable(z.number()), p95Ms: z.nullable(z.number()), lastSuccessAt: z.nullable(isoTimestamp) }),
    /** External tasks waiting per topic and the age of the oldest: a worker that is down shows here. */
    /** Per engine and topic: the same topic on two engines is two rows. */
    /**
     * Besides the backlog: when a worker was last seen on the topic (a task it held, or a result it sent; null:
     * not in the last 15 minutes nor since), tasks failing but still retrying, tasks whose lock ran out with no
     * answer now, and lock expirations seen in the range (playbook §6.3: monitored apart from failures).
     */
    workers: z.array(z.object({
      engineId: z.string(), topic: z.string(), waiting: z.number(), oldestWaitingSince: z.nullable(isoTimestamp), sampledAt: isoTimestamp,
      workerSeenAt: z.nullable(isoTimestamp), retrying: z.number(), lockExpiredNow: z.number(), lockExpirationsInRange: z.number(),
    })),
    /**
     * Steps failing but still retrying before they become incidents (playbook §5.3): external tasks whose worker
     * reported a failure with retries left, and jobs that failed with retries left, per process version and step.
     * `filter`: the queue at that step, any status (the cases it already made, if any).
     */
    retryingSteps: z.array(z.object({
      engineId: z.string(),
      kind: z.enum(['externalTask', 'job']),
      processKey: z.string(),
      processVersion: z.nullable(z.number()),
      activityId: z.string(),
      activityName: z.nullable(z.string()),
      topic: z.nullable(z.string()),
      count: z.number(),
      minRetriesLeft: z.number(),
      nextTryAt: z.nullable(isoTimestamp),
      lastError: z.nullable(z.string()),
      sampledAt: isoTimestamp,
      filter: z.string(),
    })),
    deployments: z.array(deploymentMarkSchema),
  }),
  business: z.object({
    /** Orders started in the range and how many of them had a fallout case. */
    falloutRate: z.object({ orders: z.number(), withCase: z.number(), rate: z.nullable(z.number()) }),
    stuckByStage: z.array(z.object({ activityId: z.string(), activityName: z.nullable(z.string()), count: z.number(), filter: z.string() })),
    approvalSlaBreaches: z.number(),
    unknownOutcomeOpen: z.number(),
    retryToSuccess: z.object({ retries: z.number(), resolvedAfterRetry: z.number(), ratio: z.nullable(z.number()) }),
    manualRecoveries: z.number(),
    /**
     * Open cases whose instance was changed in the engine behind the workbench's back: incidents cleared
     * outside it with the step still waiting, instances cancelled while their order is active (or not yet
     * compared with the order service). Their queue links: `status=CLEARED_OUTSIDE`, `status=CANCELLED_IN_ENGINE`.
     */
    changedInEngine: z.object({ clearedOutside: z.number(), cancelledInEngine: z.number() }),
    /** Cases opened per bucket, for the fallout trend. */
    openedPerBucket: z.array(seriesPointSchema),
  }),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/**
 * `GET /api/dashboard` query: `range` (default 7d) and, with several engines, `engineId` for one engine's figures
 * (an id of `GET /api/engines`); absent: every engine's figures added up.
 */
export const dashboardQuerySchema = z.strictObject({
  range: z.optional(z.enum(['24h', '7d', '30d'])),
  engineId: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,40}$/))),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;
