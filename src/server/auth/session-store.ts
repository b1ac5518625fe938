// Server-side sessions. The cookie holds a random id; the table holds only its SHA-256, so a copy of the
// database (a backup, a support dump) cannot be replayed as someone's session.
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../contracts/session.js';
import type { Clock } from '../clock.js';
import type { Db } from '../store/db.js';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, however busy. */
  absoluteHours: number;
  /** Send the cookie over HTTPS only (on behind TLS; off for the local http default). */
  cookieSecure: boolean;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12, cookieSecure: false };

export interface ActiveSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  /** The user's credentials (password, roles, team) the session was granted under; see UserDirectory. */
  credentialVersion: string;
  /** The earlier of idle and absolute expiry, as of this request. */
  expiresAt: Date;
  /** Set for a session signed in through the identity provider (single sign-on); null for a local user. */
  oidc: OidcIdentity | null;
}

/** Who the IdP said the user is at sign-in, and what the BFF keeps to ask it again and to sign out there. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** The IdP's session id, when its ID token names one (back-channel logout ends sessions by it). */
  sid: string | null;
  /** As mapped from the claims at sign-in: such users are not in the users file. */
  user: { name: string; roles: Role[]; team: string | null };
  idToken: string;
  refreshToken: string | null;
  /** The IdP vouches for the sign-in until then; see oidc/idp-confirmation.ts. */
  confirmedUntil: Date;
}

interface SessionRow {
  user_id: string;
  csrf_token: string;
  credential_version: string;
  last_seen_at: Date;
  absolute_expires_at: Date;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  oidc_sid: string | null;
  oidc_user: OidcIdentity['user'] | null;
  oidc_id_token: string | null;
  oidc_refresh_token: string | null;
  oidc_confirmed_until: Date | null;
}

const COLUMNS =
  'user_id, csrf_token, credential_version, last_seen_at, absolute_expires_at, oidc_issuer, oidc_subject, oidc_sid, oidc_user, oidc_id_token, oidc_refresh_token, oidc_confirmed_until';

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  /** Starts a session; the returned id goes into the cookie and is not kept anywhere else. */
  async create(userId: string, credentialVersion: string, oidc: OidcIdentity | null = null): Promise<{ id: string; session: ActiveSession }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const absoluteExpiresAt = new Date(now.getTime() + this.policy.absoluteHours * 3_600_000);
    await this.db.query(
      `INSERT INTO auth_session (id_hash, user_id, csrf_token, credential_version, created_at, last_seen_at, absolute_expires_at,
         oidc_issuer, oidc_subject, oidc_sid, oidc_user, oidc_id_token, oidc_refresh_token, oidc_confirmed_until)
       VALUES ($1,$2,$3,$4,$5,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        hashSessionId(id), userId, csrfToken, credentialVersion, now, absoluteExpiresAt,
        oidc?.issuer ?? null, oidc?.subject ?? null, oidc?.sid ?? null, oidc ? JSON.stringify(oidc.user) : null, oidc?.idToken ?? null, oidc?.refreshToken ?? null, oidc?.confirmedUntil ?? null,
      ],
    );
    const row: SessionRow = {
      user_id: userId, csrf_token: csrfToken, credential_version: credentialVersion, last_seen_at: now, absolute_expires_at: absoluteExpiresAt,
      oidc_issuer: oidc?.issuer ?? null, oidc_subject: oidc?.subject ?? null, oidc_sid: oidc?.sid ?? null, oidc_user: oidc?.user ?? null,
      oidc_id_token: oidc?.idToken ?? null, oidc_refresh_token: oidc?.refreshToken ?? null, oidc_confirmed_until: oidc?.confirmedUntil ?? null,
    };
    return { id, session: this.toActive(hashSessionId(id), row) };
  }

  /**
   * The live session for a cookie value; null when unknown, idle too long or too old. `touch` marks it as used
   * now (a person did something); automatic polling passes false, so an unattended open tab still times out.
   */
  async resume(id: string, options: { touch: boolean } = { touch: true }): Promise<ActiveSession | null> {
    const idHash = hashSessionId(id);
    const now = this.clock.now();
    const live = 'id_hash = $1 AND last_seen_at > $3 AND absolute_expires_at > $2';
    // Check and touch in one statement: one round trip per request, and no window between the two.
    const [row] = await this.db.query<SessionRow>(
      options.touch
        ? `UPDATE auth_session SET last_seen_at = $2 WHERE ${live} RETURNING ${COLUMNS}`
        : `SELECT ${COLUMNS} FROM auth_session WHERE ${live}`,
      [idHash, now, this.idleCutoff(now)],
    );
    if (row) return this.toActive(idHash, row);
    // Expired (or unknown): remove it now, so it can never come back, whatever the clock does later.
    await this.end(idHash);
    return null;
  }

  async end(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM auth_session WHERE id_hash = $1', [idHash]);
  }

  /** Drops sessions that can no longer be resumed, so the table does not grow with every sign-in. */
  async purgeExpired(): Promise<void> {
    const now = this.clock.now();
    await this.db.query('DELETE FROM auth_session WHERE absolute_expires_at <= $1 OR last_seen_at <= $2', [now, this.idleCutoff(now)]);
  }

  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - this.policy.idleMinutes * 60_000);
  }

  private toActive(idHash: string, row: SessionRow): ActiveSession {
    const idleEnd = new Date(row.last_seen_at).getTime() + this.policy.idleMinutes * 60_000;
    return {
      idHash, userId: row.user_id, csrfToken: row.csrf_token, credentialVersion: row.credential_version,
      expiresAt: new Date(Math.min(idleEnd, new Date(row.absolute_expires_at).getTime())),
      oidc: oidcIdentityOf(row),
    };
  }
}

function oidcIdentityOf(row: SessionRow): OidcIdentity | null {
  if (row.oidc_issuer === null || row.oidc_subject === null || !row.oidc_user || row.oidc_id_token === null || row.oidc_confirmed_until === null) return null;
  // jsonb arrives parsed from pg and PGlite; a string only if a driver setting ever changes that.
  const user = typeof row.oidc_user === 'string' ? (JSON.parse(row.oidc_user) as OidcIdentity['user']) : row.oidc_user;
  return {
    issuer: row.oidc_issuer, subject: row.oidc_subject, sid: row.oidc_sid, user,
    idToken: row.oidc_id_token, refreshToken: row.oidc_refresh_token, confirmedUntil: new Date(row.oidc_confirmed_until),
  };
}
