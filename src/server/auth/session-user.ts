import type { SessionUser } from '../../contracts/session.js';
import type { AuthServices } from './auth-services.js';
import type { ActiveSession } from './session-store.js';

export type SessionUserResult = { user: SessionUser } | { ended: string };

/**
 * The user a live session speaks for, or why it must end now. A local session's user comes from the users file
 * (removed, or credentials changed: it ends); a single sign-on session's from what the IdP said at sign-in, as
 * long as the role map is the one it was granted under and the IdP still vouches for the sign-in.
 */
export async function sessionUser(auth: AuthServices, session: ActiveSession): Promise<SessionUserResult> {
  if (session.oidc) {
    const { oidc } = session;
    if (!auth.oidc) return { ended: 'Your session has ended. Sign in again.' };
    if (session.credentialVersion !== auth.oidc.roleMapVersion) return { ended: 'Your sign-in details or roles have changed. Sign in again.' };
    if (!(await auth.oidc.stillVouched({ ...session, oidc }))) return { ended: 'Your single sign-on session has ended. Sign in again.' };
    const user = { id: session.userId, name: oidc.user.name, roles: [...oidc.user.roles], team: oidc.user.team };
    // Another replica may have taken the sign-in: this one learns of the person at their first request here.
    auth.users.rememberIdpUser(user);
    return { user };
  }
  const user = auth.localLogin && auth.users.isLocal(session.userId) ? auth.users.find(session.userId) : undefined;
  if (!user) return { ended: 'Your session has ended. Sign in again.' };
  if (session.credentialVersion !== auth.users.credentialVersion(user.id)) return { ended: 'Your sign-in details or roles have changed. Sign in again.' };
  return { user };
}
