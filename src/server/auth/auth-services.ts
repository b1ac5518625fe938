import type { Clock } from '../clock.js';
import type { AppContext } from '../context.js';
import { appendAudit, type AuditEntry } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import { LoginThrottle } from './login-throttle.js';
import { OidcSessions } from './oidc/oidc-sessions.js';
import { SessionStore, type SessionPolicy } from './session-store.js';
import type { UserDirectory } from './user-directory.js';

/** What the auth hook and the sign-in routes share. */
export interface AuthServices {
  users: UserDirectory;
  sessions: SessionStore;
  throttle: LoginThrottle;
  policy: SessionPolicy;
  clock: Clock;
  /** Sign-in with the users file's names and passwords (off when everyone signs in through the IdP). */
  localLogin: boolean;
  /** Single sign-on sessions; null when no IdP is configured. */
  oidc: OidcSessions | null;
  /** Appends one security event (sign-in, sign-out, denial) to the audit log. */
  audit(entry: Omit<AuditEntry, 'at' | 'caseId' | 'businessKey' | 'commandId' | 'idempotencyKey'> & Partial<AuditEntry>): Promise<void>;
}

export function createAuthServices(ctx: Pick<AppContext, 'db' | 'clock' | 'users' | 'sessionPolicy' | 'oidc' | 'localLogin'>): AuthServices {
  const { db, clock } = ctx;
  return {
    users: ctx.users,
    sessions: new SessionStore(db, clock, ctx.sessionPolicy),
    throttle: new LoginThrottle(db, clock),
    policy: ctx.sessionPolicy,
    clock,
    localLogin: ctx.localLogin ?? true,
    oidc: ctx.oidc ? new OidcSessions(ctx.oidc, db, clock) : null,
    audit: (entry) => appendSecurityEvent(db, clock, entry),
  };
}

function appendSecurityEvent(db: Db, clock: Clock, entry: Parameters<AuthServices['audit']>[0]): Promise<void> {
  return db.transaction(async (tx) => {
    await appendAudit(tx, { at: clock.now(), caseId: null, businessKey: null, commandId: null, idempotencyKey: null, ...entry });
  });
}
