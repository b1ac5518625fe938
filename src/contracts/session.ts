import * as z from 'zod/mini';
import { isoTimestamp } from './common.js';
import { engineInfoSchema } from './engines.js';

export const roles = ['support', 'fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner', 'auditor'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const sessionUserSchema = z.object({ id: z.string(), name: z.string(), roles: z.array(roleSchema), team: z.nullable(z.string()) });
export type SessionUser = z.infer<typeof sessionUserSchema>;

/**
 * The signed-in user. `csrfToken` must be sent back in the `X-CSRF-Token` header on every mutating request;
 * the session itself travels only in an HttpOnly cookie the page cannot read.
 */
export const sessionSchema = z.object({
  user: sessionUserSchema,
  csrfToken: z.string(),
  expiresAt: isoTimestamp,
});
export type Session = z.infer<typeof sessionSchema>;

export const loginRequestSchema = z.strictObject({
  username: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  password: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const CSRF_HEADER = 'x-csrf-token';

/** How this deployment lets people sign in; the sign-in page shows what is on. */
export const authMethodsSchema = z.object({
  /** The username and password form (the users file). */
  local: z.boolean(),
  /** Single sign-on through an OpenID Connect provider; null when none is configured. */
  oidc: z.nullable(
    z.object({
      /** For the button: "Sign in with <providerName>". */
      providerName: z.string(),
      /** A plain link (a full page navigation): the BFF redirects to the provider. Append `?next=<path>`. */
      loginPath: z.string(),
    }),
  ),
});
export type AuthMethods = z.infer<typeof authMethodsSchema>;

/**
 * Why a single sign-on attempt ended on the sign-in page: `/login?sso_error=<reason>`.
 * `no_role`: none of the user's groups is mapped to a workbench role. `local_user_conflict`: the IdP's user name
 * belongs to a local user. `login_expired`: the attempt was too old, or started in another browser or tab.
 * `denied`: the provider refused or the user cancelled. `unavailable`: the provider could not be reached.
 * `failed`: the provider's answer did not pass the checks.
 */
export const ssoErrorReasons = ['no_role', 'local_user_conflict', 'login_expired', 'denied', 'unavailable', 'failed'] as const;
export type SsoErrorReason = (typeof ssoErrorReasons)[number];

/** `redirectTo`: after a single sign-on session, where the browser goes to sign out at the provider as well. */
export const logoutResponseSchema = z.object({ redirectTo: z.optional(z.string()) });
export type LogoutResponse = z.infer<typeof logoutResponseSchema>;

export const syncBacklogSchema = z.object({
  behind: z.boolean(),
  /** Open incidents in the engine (parents up a call chain included) when last counted. */
  engineOpenIncidents: z.nullable(z.number()),
  /** Open incidents already attached to cases, counted the same way. */
  ingestedOpenIncidents: z.nullable(z.number()),
  /** The sync's read position: incidents raised after it are not cases yet. */
  oldestNotIngestedAt: z.nullable(isoTimestamp),
});
export type SyncBacklogView = z.infer<typeof syncBacklogSchema>;

/** One case (or incident) the sync could not fully read or decide; the pass went on without it. */
export const syncIssueSchema = z.object({
  at: isoTimestamp,
  /** What it concerns, e.g. `incident 8cd9…` or `case FO-2026-000012`. */
  subject: z.string(),
  /** The sync step, e.g. `describe`, `error details`, `resolution`, `operation log`. */
  step: z.string(),
  message: z.string(),
});
export type SyncIssue = z.infer<typeof syncIssueSchema>;

/** One engine in `/api/health` (several engines): reachability and its own sync (leader, last pass, lag, backlog). */
export const engineHealthSchema = z.object({
  ...engineInfoSchema.shape,
  reachable: z.boolean(),
  version: z.nullable(z.string()),
  sync: z.object({
    leader: z.nullable(z.string()),
    lastSuccessAt: z.nullable(isoTimestamp),
    lastPassAt: z.nullable(isoTimestamp),
    lastError: z.nullable(z.string()),
    /** Seconds since this engine's last successful pass finished (null: never). */
    lagSeconds: z.nullable(z.number()),
    backlog: z.nullable(syncBacklogSchema),
  }),
});
export type EngineHealth = z.infer<typeof engineHealthSchema>;

export const healthSchema = z.object({
  engine: z.object({
    reachable: z.boolean(),
    version: z.nullable(z.string()),
    /** Camunda 7 or Operaton (the fork with the same REST API), told from the version; null while unreachable. */
    flavor: z.optional(z.nullable(z.enum(['camunda', 'operaton', 'unknown']))),
    checkedAt: z.nullable(isoTimestamp),
  }),
  sync: z.object({
    lastSuccessAt: z.nullable(isoTimestamp),
    lastError: z.nullable(z.string()),
    openCases: z.number(),
    /** The replica that ran the last pass (read from the database, so every replica tells the same). */
    leader: z.optional(z.nullable(z.string())),
    lastPassAt: z.optional(z.nullable(isoTimestamp)),
    /** The sync's own engine requests per second (last 10 s) and its cap. */
    engineRequestsPerSecond: z.optional(z.nullable(z.number())),
    engineRequestsPerSecondCap: z.optional(z.nullable(z.number())),
    /** Incidents the engine has that are not cases yet: while `behind`, the queue is incomplete. */
    backlog: z.optional(z.nullable(syncBacklogSchema)),
    /** Cases the recent passes could not fully read or decide (newest first); every other case synced. */
    issues: z.optional(z.array(syncIssueSchema)),
  }),
  /** Every configured engine with its own sync, the primary (the `engine` and `sync` above) first. */
  engines: z.optional(z.array(engineHealthSchema)),
});
export type Health = z.infer<typeof healthSchema>;
