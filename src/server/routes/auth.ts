import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { loginRequestSchema, type AuthMethods, type LogoutResponse, type Session, type SessionUser } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import type { AuthServices } from '../auth/auth-services.js';
import { requireSignedIn } from '../auth/request-user.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import { hashSessionId, type ActiveSession } from '../auth/session-store.js';
import { normalizeUsername } from '../auth/user-directory.js';
import type { OidcSessions } from '../auth/oidc/oidc-sessions.js';
import { OIDC_LOGIN_PATH } from '../auth/oidc/oidc-settings.js';

export function sessionBody(user: SessionUser, session: ActiveSession): Session {
  return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
}

export function authRoutes(app: FastifyInstance, auth: AuthServices): void {
  app.get('/api/auth/methods', { config: { access: 'public' } }, async (): Promise<AuthMethods> => ({
    local: auth.localLogin,
    oidc: auth.oidc ? { providerName: auth.oidc.client.settings.providerName, loginPath: OIDC_LOGIN_PATH } : null,
  }));

  app.post('/api/auth/login', { config: { access: 'public' } }, async (request, reply): Promise<Session> => {
    if (!auth.localLogin) throw new ApiProblem(403, 'LOCAL_LOGIN_DISABLED', 'Sign-in with a workbench password is turned off here. Use single sign-on.');
    const body = z.safeParse(loginRequestSchema, request.body ?? {});
    if (!body.success) throw new ApiProblem(400, 'INVALID_BODY', 'Send a username and a password.');
    const username = normalizeUsername(body.data.username);
    const failed = (reason: string) =>
      auth.audit({ actor: username, roles: [], team: null, action: 'LOGIN', outcome: 'LOGIN_FAILED', detail: { reason, ip: request.ip } });

    const decision = await auth.throttle.reserve(username, request.ip);
    if (!decision.allowed) {
      await failed('too_many_attempts');
      reply.header('retry-after', String(decision.retryAfterSeconds));
      throw new ApiProblem(429, 'TOO_MANY_ATTEMPTS', `Too many sign-in attempts. Wait ${decision.retryAfterSeconds} second(s), then try again.`, {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    const user = await auth.users.authenticate(username, body.data.password);
    if (!user) {
      await failed('invalid_credentials');
      // One answer for an unknown name and a wrong password, so the answer does not reveal who exists.
      throw new ApiProblem(401, 'INVALID_CREDENTIALS', 'The username or password is not correct.');
    }

    await auth.throttle.succeeded(username, request.ip);
    await endPreviousSession(auth, request);
    await auth.sessions.purgeExpired();
    const { id, session } = await auth.sessions.create(user.id, auth.users.credentialVersion(user.id) ?? '');
    await auth.audit({ actor: user.id, roles: user.roles, team: user.team, action: 'LOGIN', outcome: 'LOGIN', detail: { ip: request.ip } });
    setSessionCookie(reply, id, auth.policy);
    return sessionBody(user, session);
  });

  app.post('/api/auth/logout', { config: { access: 'authenticated' } }, async (request, reply): Promise<LogoutResponse> => {
    const { user, session } = requireSignedIn(request);
    await auth.sessions.end(session.idHash);
    await auth.audit({ actor: user.id, roles: user.roles, team: user.team, action: 'LOGOUT', outcome: 'LOGOUT', detail: session.oidc ? { method: 'oidc' } : {} });
    clearSessionCookie(reply, auth.policy);
    // Single sign-on: the workbench session is gone already; the browser goes on to sign out at the IdP too.
    if (session.oidc && auth.oidc) {
      const redirectTo = await idpSignOutUrl(auth.oidc, session.oidc.idToken, request);
      if (redirectTo) return { redirectTo };
    }
    return {};
  });
}

/** The IdP's end-session URL (RP-initiated logout), or undefined when it has none or cannot be reached now. */
async function idpSignOutUrl(oidc: OidcSessions, idToken: string, request: FastifyRequest): Promise<string | undefined> {
  try {
    return (await oidc.client.endSessionUrl(idToken))?.href;
  } catch (error) {
    request.log.warn({ err: error }, 'could not build the IdP sign-out address');
    return undefined;
  }
}

/** A sign-in always gets a fresh session id, so an id planted before sign-in is worth nothing after it. */
async function endPreviousSession(auth: AuthServices, request: FastifyRequest): Promise<void> {
  const previous = readSessionCookie(request);
  if (previous) await auth.sessions.end(hashSessionId(previous));
}
