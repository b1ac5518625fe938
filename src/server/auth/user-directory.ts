import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from '../../contracts/session.js';
import { hashPassword, verifyPassword } from './password.js';

export interface StoredUser extends SessionUser {
  passwordHash: string;
}

/**
 * What a session was granted under: the password hash, the roles and the team. A digest, so the session table
 * never holds the hash; when the users file changes any of the three, the digest changes and the session ends.
 */
export function credentialVersionOf(user: StoredUser): string {
  const text = [user.passwordHash, [...user.roles].sort().join(','), user.team ?? ''].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The people who may sign in, as read from the users file (at start-up, and again on SIGHUP). */
export class UserDirectory {
  private byId: Map<string, StoredUser>;
  /** People who signed in through single sign-on (not in the file): found, but never signed in with a password. */
  private readonly throughIdp = new Map<string, SessionUser>();
  // Checked against when the name is unknown, so a wrong name costs the same time as a wrong password.
  private readonly decoyHash: Promise<string>;

  constructor(users: readonly StoredUser[]) {
    this.byId = new Map(users.map((u) => [u.id, u]));
    this.decoyHash = hashPassword(randomBytes(18).toString('base64'));
  }

  /**
   * The user as sessions and handlers see it (never the hash); undefined once removed from the file. Someone who
   * signed in through single sign-on is found too, as of their last sign-in (for assignments and names).
   */
  find(id: string): SessionUser | undefined {
    const key = normalizeUsername(id);
    const user = this.byId.get(key);
    if (user) return { id: user.id, name: user.name, roles: [...user.roles], team: user.team };
    const person = this.throughIdp.get(key);
    return person ? { ...person, roles: [...person.roles] } : undefined;
  }

  /** Whether the users file lists this id (a local user, who signs in with a password). */
  isLocal(id: string): boolean {
    return this.byId.has(normalizeUsername(id));
  }

  /** Remembers someone who signed in through single sign-on, with the roles and team mapped then. */
  rememberIdpUser(user: SessionUser): void {
    this.throughIdp.set(normalizeUsername(user.id), { ...user, roles: [...user.roles] });
  }

  /** The version of the user's credentials now (see credentialVersionOf); undefined for an unknown user. */
  credentialVersion(id: string): string | undefined {
    const user = this.byId.get(normalizeUsername(id));
    return user ? credentialVersionOf(user) : undefined;
  }

  /** Takes over the users of a re-read users file; sessions of changed users end at their next request. */
  replaceWith(other: UserDirectory): void {
    this.byId = new Map(other.byId);
  }

  /** The user when name and password match; null otherwise, after the same amount of work either way. */
  async authenticate(username: string, password: string): Promise<SessionUser | null> {
    const stored = this.byId.get(normalizeUsername(username));
    const matches = await verifyPassword(password, stored?.passwordHash ?? (await this.decoyHash));
    return stored && matches ? this.find(stored.id)! : null;
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}

/** User ids are lower case in the file; people type them however they like. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
