// Alerts (playbook §14): what the sync leader found in the read model that should wake someone, in business
// words. One schema for the BFF's answers, the SPA and the mocks; the delivery to Alertmanager and to the
// signed webhook carries the same payload.
import * as z from 'zod/mini';
import { caseCategorySchema, severitySchema } from './cases.js';
import { isoTimestamp } from './common.js';

/**
 * The alert classes of §14.1. `DEPLOYMENT_MISMATCH` reads the compatibility report of each live process version,
 * `LOCK_EXPIRATION_SPIKE` the lock expiries the worker sampler records per topic (src/server/alerts/rules.ts).
 */
export const alertRuleIds = [
  'ORDER_BACKLOG',
  'INCIDENT_SPIKE',
  'APPROVAL_SLA_BREACH',
  'REPEATED_FAILED_JOB',
  'HISTORY_CLEANUP_FAILURE',
  'LOCK_EXPIRATION_SPIKE',
  'DEPLOYMENT_MISMATCH',
] as const;
export const alertRuleSchema = z.enum(alertRuleIds);
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertStatusSchema = z.enum(['FIRING', 'RESOLVED']);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/** §14.2: never a bare count. */
export const alertPayloadSchema = z.object({
  /** One line in business words, e.g. "5 orders failing at Check availability". */
  title: z.string(),
  severity: severitySchema,
  impact: z.object({
    ordersAffected: z.number(),
    quoteApprovalsDelayed: z.number(),
    /** The impact in a sentence (what the count means for the business). */
    text: z.string(),
  }),
  /** What was measured against what the catalog allows (e.g. 5 open failures where 3 are usual). */
  measure: z.object({ observed: z.number(), threshold: z.number(), text: z.string() }),
  process: z.nullable(z.object({ key: z.string(), name: z.nullable(z.string()), versions: z.array(z.number()) })),
  activity: z.nullable(z.object({ id: z.string(), name: z.nullable(z.string()) })),
  category: z.nullable(caseCategorySchema),
  /** At most five, newest first. */
  exampleBusinessKeys: z.array(z.string()),
  firstDetectedAt: isoTimestamp,
  /** The latest deployment of the process shortly before the alert was first detected, if any. */
  recentDeployment: z.nullable(z.object({ name: z.string(), deployedAt: isoTimestamp, versions: z.array(z.number()), text: z.string() })),
  safeFirstAction: z.string(),
  runbook: z.nullable(z.object({ id: z.string(), title: z.string(), url: z.string() })),
  /** The queue filtered to exactly the cases behind the alert (`/cases?…`); null when no case stands behind it. */
  casesUrl: z.nullable(z.string()),
  /** Rule-specific engine facts (only shown inside technical details). */
  technical: z.record(z.string(), z.string()),
});
export type AlertPayload = z.infer<typeof alertPayloadSchema>;

export const alertChannelSchema = z.enum(['alertmanager', 'webhook']);
export type AlertChannel = z.infer<typeof alertChannelSchema>;

/** Who or what was told: one row per channel, its latest attempt. */
export const alertNotificationSchema = z.object({
  channel: alertChannelSchema,
  /** The receiver's host (never credentials). */
  target: z.string(),
  /** What was last sent: the firing alert or its resolution. */
  sent: alertStatusSchema,
  state: z.enum(['DELIVERED', 'RETRYING']),
  attempts: z.number(),
  lastAttemptAt: z.nullable(isoTimestamp),
  deliveredAt: z.nullable(isoTimestamp),
  lastError: z.nullable(z.string()),
});
export type AlertNotification = z.infer<typeof alertNotificationSchema>;

export const alertHistoryEntrySchema = z.object({ at: isoTimestamp, kind: z.enum(['FIRED', 'RESOLVED', 'REFIRED']), text: z.string() });

export const alertSchema = z.object({
  id: z.string(),
  engineId: z.string(),
  rule: alertRuleSchema,
  /** What the alert is about within its rule (dedup key), e.g. `order-orchestration/checkAvailability`. */
  scope: z.string(),
  status: alertStatusSchema,
  /** How often it fired (1 the first time; a re-fire after a resolution adds one). */
  episodes: z.number(),
  firstDetectedAt: isoTimestamp,
  lastEvaluatedAt: isoTimestamp,
  resolvedAt: z.nullable(isoTimestamp),
  payload: alertPayloadSchema,
  notifications: z.array(alertNotificationSchema),
  history: z.array(alertHistoryEntrySchema),
});
export type Alert = z.infer<typeof alertSchema>;

/** `GET /api/alerts`: the firing alerts, and the ones resolved in the last 7 days (at most 50). */
export const alertListSchema = z.object({ active: z.array(alertSchema), recent: z.array(alertSchema) });
export type AlertList = z.infer<typeof alertListSchema>;
