import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';

/**
 * The compatibility report of one process definition version against the version before it and the ops
 * catalog (playbook §4.2), recorded once by the sync when it first sees the version. Engine terms (topic,
 * activity ids) are data here; the SPA shows them only inside `data-technical`.
 */
export const releaseTopicSchema = z.object({
  topic: z.string(),
  activityIds: z.array(z.string()),
  /** A worker contract for this topic exists in the ops catalog. */
  contract: z.boolean(),
  /** Team owning the contract, when there is one. */
  owner: z.nullable(z.string()),
  /** When a worker was last seen on the topic at the time of the report (a task it held, or a result it sent). */
  workerSeenAt: z.nullable(isoTimestamp),
});

/** How to treat the orders still running on older versions (playbook §4.3), as a code and in words. */
export const drainAdviceSchema = z.enum(['DRAIN', 'DRAIN_KEEP_OLD_WORKERS', 'CONSIDER_MIGRATION', 'FIRST_VERSION']);

export const releaseReportSchema = z.object({
  topicsAdded: z.array(releaseTopicSchema),
  topicsRemoved: z.array(releaseTopicSchema),
  /** Every external-task topic of this version, with its contract and worker. */
  topics: z.array(releaseTopicSchema),
  /** Steps of the previous version this one no longer has, with the running instances (any older version) still there. */
  activitiesRemoved: z.array(z.object({ activityId: z.string(), name: z.nullable(z.string()), runningInstances: z.number() })),
  activitiesAdded: z.array(z.object({ activityId: z.string(), name: z.nullable(z.string()) })),
  /** Every step of this version with its name from the model, in model order (names the running counts). */
  steps: z.array(z.object({ activityId: z.string(), name: z.nullable(z.string()) })),
  /**
   * Variables a step's worker contract expects that the previous model mentioned and this one no longer does
   * (a heuristic from the BPMN: expressions, input/output mappings, call-activity mappings, result and error
   * variables, and the outputs of the contracts of its topics; variables set by whoever starts the process or
   * by code are invisible to it).
   */
  variablesNoLongerProvided: z.array(z.object({ activityId: z.string(), topic: z.nullable(z.string()), variable: z.string() })),
  /**
   * Variables this version reads in its expressions or passes to a called process that no earlier version's
   * model mentioned and nothing in this one sets (the same heuristic: a value set by whoever starts the
   * process is invisible to it). Playbook §18.3's "missing variable" after a release. Absent in reports
   * written before it was checked.
   */
  variablesNewlyRead: z.optional(z.array(z.string())),
  /** Decisions (DMN) the model calls whose outputs changed between their two latest versions. */
  decisionChanges: z.array(z.object({ decisionKey: z.string(), outputsAdded: z.array(z.string()), outputsRemoved: z.array(z.string()) })),
  advice: z.object({ action: drainAdviceSchema, reasons: z.array(z.string()) }),
  /** What must happen before new orders reach this version's steps, in words. */
  risks: z.array(z.string()),
});
export type ReleaseReport = z.infer<typeof releaseReportSchema>;
export type ReleaseTopic = z.infer<typeof releaseTopicSchema>;

export const deploymentVersionSchema = z.object({
  engineId: z.string(),
  processKey: z.string(),
  processName: z.nullable(z.string()),
  version: z.number(),
  deployedAt: isoTimestamp,
  previousVersion: z.nullable(z.number()),
  /**
   * Null while the sync has not yet written the report (it writes a few per pass). The orders at removed steps
   * and the advice are said with the running counts of now; the rest is as at release time.
   */
  report: z.nullable(releaseReportSchema),
  /** Running instances of this version now, per step, from the read model. */
  runningByActivity: z.array(z.object({ activityId: z.string(), count: z.number() })),
  running: z.number(),
  /** Query string of the queue filtered to exactly this version's cases, any status (`/cases?…`). */
  casesFilter: z.string(),
});
export type DeploymentVersion = z.infer<typeof deploymentVersionSchema>;

/** Latest worker evidence per topic (for the report's topics as they are now, not as they were at deploy time). */
export const topicWorkerSchema = z.object({
  engineId: z.string(),
  topic: z.string(),
  workerSeenAt: z.nullable(isoTimestamp),
  waiting: z.number(),
  sampledAt: isoTimestamp,
});

/** `GET /api/deployments`: versions per process key, newest first, at most 10 per key. */
export const deploymentsResponseSchema = z.object({
  generatedAt: isoTimestamp,
  processes: z.array(z.object({ processKey: z.string(), processName: z.nullable(z.string()), versions: z.array(deploymentVersionSchema) })),
  workers: z.array(topicWorkerSchema),
});
export type DeploymentsResponse = z.infer<typeof deploymentsResponseSchema>;
