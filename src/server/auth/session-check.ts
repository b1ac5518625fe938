import type { AuthServices } from './auth-services.js';
import { sessionUser } from './session-user.js';

/**
 * Whether the session of a cookie still stands, without counting as activity: the checks of the auth hook
 * (unknown, idle, too old, user removed, credentials changed, IdP no longer vouching), for a connection that outlives its request.
 */
export async function sessionStillValid(auth: AuthServices, cookie: string): Promise<boolean> {
  const session = await auth.sessions.resume(cookie, { touch: false });
  if (!session) return false;
  return 'user' in (await sessionUser(auth, session));
}
