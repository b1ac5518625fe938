// Keeps single sign-on sessions honest after sign-in: the IdP is asked again when its word runs out, and
// back-channel logout ends the sessions of an IdP session or user.
//
// The rule for an expired IdP session: at sign-in the IdP vouches for the user until its access token expires
// (with a refresh token) or until the ID token expires (without one). When that time has passed, the next request
// of the session asks the IdP again with the refresh token. If the IdP refuses (its session ended or timed out,
// the user was disabled, the refresh token expired) or there is no refresh token, the workbench session ends and
// the user signs in again. The workbench's own idle and absolute limits apply as well, whichever comes first.
import type { SessionUser } from '../../../contracts/session.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import type { ActiveSession, OidcIdentity } from '../session-store.js';
import type { UserDirectory } from '../user-directory.js';
import type { OidcClient } from './oidc-client.js';
import { PendingLogins } from './pending-logins.js';

/** Until when the IdP vouches for tokens issued now: the access token's life with a refresh token, else the ID token's. */
export function confirmedUntil(now: Date, tokens: { refreshToken: string | null; expiresIn: number | null; idTokenExpiresAt: number | null }): Date {
  const idTokenEnd = tokens.idTokenExpiresAt !== null ? new Date(tokens.idTokenExpiresAt * 1000) : now;
  if (!tokens.refreshToken) return idTokenEnd;
  return tokens.expiresIn !== null ? new Date(now.getTime() + tokens.expiresIn * 1000) : idTokenEnd;
}

export type OidcSession = ActiveSession & { oidc: OidcIdentity };

export interface EndedSession {
  userId: string;
  user: OidcIdentity['user'];
}

export class OidcSessions {
  // One question to the IdP per session at a time on this replica: parallel requests of a page share it.
  private readonly asking = new Map<string, Promise<boolean>>();
  /** Sign-ins on their way through the IdP. */
  readonly pending: PendingLogins;

  constructor(
    readonly client: OidcClient,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: (message: string, extra?: Record<string, unknown>) => void = (message, extra) => console.warn(`[oidc] ${message}`, extra ?? ''),
  ) {
    this.pending = new PendingLogins(db, clock);
  }

  get roleMapVersion(): string {
    return this.client.settings.roleMapVersion;
  }

  /** Whether the IdP still vouches for the session's sign-in; asks it when its last word has run out. */
  async stillVouched(session: OidcSession): Promise<boolean> {
    if (session.oidc.confirmedUntil.getTime() > this.clock.now().getTime()) return true;
    let pending = this.asking.get(session.idHash);
    if (!pending) {
      pending = this.askAgain(session).finally(() => this.asking.delete(session.idHash));
      this.asking.set(session.idHash, pending);
    }
    return pending;
  }

  private async askAgain(session: OidcSession): Promise<boolean> {
    const { refreshToken, subject } = session.oidc;
    if (!refreshToken) return false;
    try {
      const tokens = await this.client.refresh(refreshToken, subject);
      const until = confirmedUntil(this.clock.now(), tokens);
      await this.db.query(
        `UPDATE auth_session SET oidc_refresh_token = $2, oidc_id_token = COALESCE($3, oidc_id_token), oidc_confirmed_until = $4 WHERE id_hash = $1`,
        [session.idHash, tokens.refreshToken, tokens.idToken, until],
      );
      return true;
    } catch (error) {
      // Another replica may have asked first; an IdP that rotates refresh tokens then refuses the old one,
      // but the other replica's answer stands.
      const [row] = await this.db.query<{ fresh: boolean }>('SELECT oidc_confirmed_until > $2 AS fresh FROM auth_session WHERE id_hash = $1', [session.idHash, this.clock.now()]);
      if (row?.fresh) return true;
      this.log('the IdP no longer vouches for a session; it ends', { user: session.userId, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** Records who signed in (they can be assigned cases from now on, on every replica after its next start). */
  async rememberPerson(user: SessionUser, users: UserDirectory): Promise<void> {
    await this.db.query(
      `INSERT INTO oidc_person (user_id, name, roles, team, last_sign_in_at) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, roles = EXCLUDED.roles, team = EXCLUDED.team, last_sign_in_at = EXCLUDED.last_sign_in_at`,
      [user.id, user.name, user.roles, user.team, this.clock.now()],
    );
    users.rememberIdpUser(user);
  }

  /** Loads the people who signed in through the IdP before (at start-up). */
  async loadPeople(users: UserDirectory): Promise<void> {
    const rows = await this.db.query<{ user_id: string; name: string; roles: SessionUser['roles']; team: string | null }>('SELECT user_id, name, roles, team FROM oidc_person');
    for (const row of rows) users.rememberIdpUser({ id: row.user_id, name: row.name, roles: row.roles, team: row.team });
  }

  /**
   * Ends the sessions a back-channel logout token names: those of its IdP session (`sid`) when it names one,
   * otherwise every session of its user (`sub`). Answers who was signed out, for the audit log.
   */
  async endByIdp(issuer: string, target: { sid: string | null; subject: string | null }): Promise<EndedSession[]> {
    const rows = target.sid
      ? await this.db.query<{ user_id: string; oidc_user: EndedSession['user'] }>(
          'DELETE FROM auth_session WHERE oidc_issuer = $1 AND oidc_sid = $2 AND ($3::text IS NULL OR oidc_subject = $3) RETURNING user_id, oidc_user',
          [issuer, target.sid, target.subject],
        )
      : await this.db.query<{ user_id: string; oidc_user: EndedSession['user'] }>(
          'DELETE FROM auth_session WHERE oidc_issuer = $1 AND oidc_subject = $2 RETURNING user_id, oidc_user',
          [issuer, target.subject],
        );
    return rows.map((r) => ({ userId: r.user_id, user: typeof r.oidc_user === 'string' ? JSON.parse(r.oidc_user) : r.oidc_user }));
  }
}
