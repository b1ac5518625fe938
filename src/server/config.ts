import { z } from 'zod';
import { parseCrashPoints } from './commands/crash-points.js';

const schema = z.object({
  WORKBENCH_HOST: z.string().default('127.0.0.1'),
  WORKBENCH_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CAMUNDA_URL: z.string().url().default('http://127.0.0.1:8080/engine-rest'),
  CAMUNDA_USER: z.string().min(1).default('workbench'),
  CAMUNDA_PASSWORD: z.string().min(1).default('workbench-secret'),
  CAMUNDA_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ENGINE_ID: z.string().regex(/^[a-z0-9-]+$/).default('default'),
  /** Several engines: a JSON array (engines/engine-list.ts); the CAMUNDA_* variables above then give defaults only. */
  ENGINES: z.string().optional(),
  /** The same list in a file (JSON); credentials by env var name (`userEnv`, `passwordEnv`) keep secrets out of it. */
  ENGINES_FILE: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  SYNC_INTERVAL_MS: z.coerce.number().int().min(100).default(1000),
  /** New incidents read per pass at most; the rest follows on the next passes and shows as backlog. */
  SYNC_INCIDENTS_PER_PASS: z.coerce.number().int().min(500).default(10_000),
  /** The sync's own engine requests per second, at most (a token bucket; operators' requests are not counted). */
  SYNC_ENGINE_RPS: z.coerce.number().positive().default(50),
  /** PostgreSQL connections for request handling; the sync and outbox have their own small pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Longest wait for a free request connection before the answer is 503 BUSY. */
  DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(1).default(2000),
  DATABASE_SYNC_POOL_SIZE: z.coerce.number().int().min(2).max(50).default(3),
  /**
   * Longest wait for any one statement's answer, on the BFF's side, for both pools: when the network drops
   * packets the server cannot time the statement out, and without this the sync pass would wait for ever.
   */
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Deadline of every API read; its SQL is cancelled when it passes (503 DEADLINE_EXCEEDED). */
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).default(5000),
  /** How long the case page waits for live engine data before it shows the read model's case alone. */
  CASE_ENGINE_BUDGET_MS: z.coerce.number().int().min(50).default(1500),
  /** How long live engine reads for one instance are reused across viewers. */
  ENGINE_READ_CACHE_MS: z.coerce.number().int().min(0).default(2000),
  WEB_DIST: z.string().default('dist/web'),
  USERS_FILE: z.string().default('config/users.json'),
  /** Root of the ops catalog: `<dir>/shared/*.yaml` and `<dir>/<process>/ops/**.yaml`. */
  CATALOG_DIR: z.string().default('workflows'),
  /** Domain services the catalog names, as `name=url` pairs. */
  DOMAIN_SERVICES: z.string().default('orders=http://127.0.0.1:8091,inventory=http://127.0.0.1:8092,billing=http://127.0.0.1:8093'),
  /**
   * How long a running command is held by its BFF without a renewal; after that (its BFF died mid-command)
   * the outbox of a live replica claims and finishes it. Renewed every third of it while the command runs.
   */
  COMMAND_LEASE_MS: z.coerce.number().int().min(2000).max(3_600_000).default(60_000),
  /** Test-only: named crash points (commands/crash-points.ts) where the BFF kills itself. Never set it in production. */
  FW_CRASH_AT: z.string().optional().transform((value, ctx) => {
    try {
      return parseCrashPoints(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  APPROVAL_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  RECURRENCE_WINDOW_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  ORDER_START_GRACE_SECONDS: z.coerce.number().int().min(0).default(30),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 31).default(12),
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints. Unset: one is generated beside the
   * embedded database (the folder above PGLITE_DIR), like the checkpoint folder's default.
   */
  AUDIT_SIGNING_KEY_FILE: z.string().optional(),
  /** Folder of the signed checkpoint file: keep it where the database's administrators cannot write. */
  AUDIT_CHECKPOINT_DIR: z.string().optional(),
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(1).max(24 * 3600).default(60),
  /**
   * Where the browser reaches the workbench (`https://workbench.example.com`); the single sign-on callback and
   * post-logout addresses are derived from it unless OIDC_REDIRECT_URI / OIDC_POST_LOGOUT_REDIRECT_URI are set.
   */
  PUBLIC_URL: z.string().url().optional(),
  /** Single sign-on (OpenID Connect): the IdP's issuer URL. Unset: local users only. See README "Single sign-on". */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Unset: a public client (PKCE only, no client authentication). */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default `<PUBLIC_URL>/api/auth/oidc/callback`; register it at the IdP. */
  OIDC_REDIRECT_URI: z.string().url().optional(),
  /** Default `<PUBLIC_URL>/login`; where the IdP sends the browser after signing out. */
  OIDC_POST_LOGOUT_REDIRECT_URI: z.string().url().optional(),
  /** Space-separated; must include `openid`. Add `offline_access` where the IdP issues refresh tokens only then. */
  OIDC_SCOPES: z.string().default('openid profile email').refine((s) => s.split(/\s+/).includes('openid'), 'must include openid'),
  /** The claim whose values (groups) are mapped to roles; a dotted name reaches nested claims (`realm_access.roles`). */
  OIDC_ROLE_CLAIM: z.string().min(1).default('groups'),
  /** The claim that becomes the workbench user id (audit actor); falls back to `email`, then `sub`. */
  OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  /** Shown on the sign-in button ("Sign in with …"); default: the issuer's host name. */
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).optional(),
  /** The group → roles/team map as JSON (`{"mappings":[{"group":"…","roles":[…],"team":"…"}]}`); wins over the file. */
  OIDC_ROLE_MAP: z.string().optional(),
  OIDC_ROLE_MAP_FILE: z.string().default('config/oidc-roles.json'),
  /** Sign-in with the users file's names and passwords; turn off when everyone signs in through the IdP. */
  LOCAL_LOGIN: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** Level of the JSON log (pino): fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * When set, `GET /metrics` answers only a scrape that sends `Authorization: Bearer <token>`. Unset: open to
   * whoever reaches the port (counts and labels only, no case data), as usual for a Prometheus target.
   */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Alerts (playbook §14) go to this Alertmanager (API v2, `POST /api/v2/alerts`); unset: not sent there. */
  ALERTMANAGER_URL: z.string().url().optional(),
  /** Alerts also go to this webhook, signed with ALERT_WEBHOOK_SECRET (HMAC-SHA256; README "Alerts"). */
  ALERT_WEBHOOK_URL: z.string().url().optional(),
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'ALERT_WEBHOOK_SECRET must be at least 16 characters').optional(),
  // Off by default because the local default serves plain http; turn it on behind TLS.
  COOKIE_SECURE: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
}).superRefine((c, ctx) => {
  if (c.ALERT_WEBHOOK_URL && !c.ALERT_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['ALERT_WEBHOOK_SECRET'], message: 'required when ALERT_WEBHOOK_URL is set (the webhook is always signed)' });
  if (!c.OIDC_ISSUER) {
    if (!c.LOCAL_LOGIN) ctx.addIssue({ code: 'custom', path: ['LOCAL_LOGIN'], message: 'local sign-in can only be turned off when OIDC_ISSUER is set' });
    return;
  }
  if (!c.OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'required when OIDC_ISSUER is set' });
  if (!c.OIDC_REDIRECT_URI && !c.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URI'], message: 'set it, or PUBLIC_URL to derive it from, when OIDC_ISSUER is set' });
});

export type Config = z.infer<typeof schema>;

/** Reads the environment once at start-up; a bad value stops the start naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return result.data;
}
