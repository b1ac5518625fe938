// Sign-ins on their way through the IdP. The browser holds a random id in a short-lived cookie; the table holds
// its SHA-256 with the state, nonce and PKCE verifier the callback must match, in the database so that any
// replica can take the callback. Each is taken once: a replayed callback finds nothing.
import type { Clock } from '../../clock.js';
import type { Db } from '../../store/db.js';
import { hashSessionId } from '../session-store.js';
import type { LoginChecks } from './oidc-client.js';

export const PENDING_LOGIN_TTL_MS = 10 * 60_000;

export interface PendingLogin extends LoginChecks {
  /** Where the user was going; a path on this site (checked when the sign-in started). */
  nextPath: string;
}

export class PendingLogins {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async save(browserId: string, login: PendingLogin): Promise<void> {
    const now = this.clock.now();
    // Abandoned attempts (the user closed the IdP's page) go with the next sign-in.
    await this.db.query('DELETE FROM oidc_login WHERE expires_at <= $1', [now]);
    await this.db.query('INSERT INTO oidc_login (id_hash, state, nonce, code_verifier, next_path, expires_at) VALUES ($1,$2,$3,$4,$5,$6)', [
      hashSessionId(browserId), login.state, login.nonce, login.codeVerifier, login.nextPath, new Date(now.getTime() + PENDING_LOGIN_TTL_MS),
    ]);
  }

  /** The attempt of this browser, removed as it is read; null when unknown, already taken or too old. */
  async take(browserId: string): Promise<PendingLogin | null> {
    const [row] = await this.db.query<{ state: string; nonce: string; code_verifier: string; next_path: string; expires_at: Date }>(
      'DELETE FROM oidc_login WHERE id_hash = $1 RETURNING state, nonce, code_verifier, next_path, expires_at',
      [hashSessionId(browserId)],
    );
    if (!row || new Date(row.expires_at).getTime() <= this.clock.now().getTime()) return null;
    return { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, nextPath: row.next_path };
  }
}
