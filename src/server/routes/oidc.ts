// Single sign-on routes (OpenID Connect, authorization code flow with PKCE, state and nonce):
//   GET  /api/auth/oidc/login               → 302 to the IdP (with a short-lived cookie binding the attempt to this browser)
//   GET  /api/auth/oidc/callback            → code exchange, ID token checks, role mapping, session cookie, 302 to the page
//   POST /api/auth/oidc/backchannel-logout  → the IdP ends sessions server to server (logout token)
// Browser navigations end on a page, never on JSON: a refused sign-in lands on /login?sso_error=<reason>.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { SsoErrorReason } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import type { AuthServices } from '../auth/auth-services.js';
import { LogoutTokenError, verifyLogoutToken } from '../auth/oidc/logout-token.js';
import type { IdpTokens } from '../auth/oidc/oidc-client.js';
import { confirmedUntil, type OidcSessions } from '../auth/oidc/oidc-sessions.js';
import { OIDC_BACKCHANNEL_LOGOUT_PATH, OIDC_CALLBACK_PATH, OIDC_LOGIN_PATH } from '../auth/oidc/oidc-settings.js';
import { PENDING_LOGIN_TTL_MS } from '../auth/oidc/pending-logins.js';
import { claimValues, mapClaimValues } from '../auth/oidc/role-map.js';
import { readSessionCookie, setSessionCookie } from '../auth/session-cookie.js';
import { hashSessionId } from '../auth/session-store.js';

// Sent back on the IdP's redirect to the callback, a cross-site top-level navigation: SameSite=Lax, not Strict.
// Scoped to the OIDC routes and gone after ten minutes or the callback, whichever comes first.
const LOGIN_COOKIE = 'fw_oidc_login';
const LOGIN_COOKIE_PATH = '/api/auth/oidc';

/** A path on this site to return to after sign-in (same rules as the SPA's safe-next); anything else is `/`. */
export function safeReturnPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 1000) return '/';
  try {
    const url = new URL(next, 'http://workbench.invalid');
    if (url.origin !== 'http://workbench.invalid' || url.pathname === '/login') return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

function signInPage(reason: SsoErrorReason): string {
  return `/login?${new URLSearchParams({ sso_error: reason }).toString()}`;
}

/** The workbench user id: the configured claim, else the e-mail, else the IdP's subject; lower case like local ids. */
function userIdOf(claims: Record<string, unknown>, usernameClaim: string): string {
  const pick = [claims[usernameClaim], claims.email, claims.sub].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return (pick ?? '').trim().toLowerCase().slice(0, 100);
}

export function oidcRoutes(app: FastifyInstance, auth: AuthServices, oidc: OidcSessions): void {
  const { pending } = oidc;
  const { settings } = oidc.client;
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, path: LOGIN_COOKIE_PATH, secure: auth.policy.cookieSecure };

  app.get(OIDC_LOGIN_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    let destination: URL;
    try {
      destination = await oidc.client.authorizationUrl(checks);
    } catch (error) {
      request.log.warn({ err: error }, 'the IdP could not be reached to start a sign-in');
      console.warn('[oidc] the IdP could not be reached to start a sign-in:', error instanceof Error ? error.message : error);
      return reply.redirect(signInPage('unavailable'), 302);
    }
    const browserId = randomBytes(32).toString('base64url');
    await pending.save(browserId, { ...checks, nextPath: safeReturnPath((request.query as Record<string, unknown>).next) });
    reply.setCookie(LOGIN_COOKIE, browserId, { ...cookieOptions, maxAge: PENDING_LOGIN_TTL_MS / 1000 });
    return reply.redirect(destination.href, 302);
  });

  app.get(OIDC_CALLBACK_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const browserId = request.cookies[LOGIN_COOKIE];
    reply.clearCookie(LOGIN_COOKIE, cookieOptions);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const params = new URLSearchParams(query);
    const login = browserId ? await pending.take(browserId) : null;
    if (params.has('error')) {
      // The IdP refused or the user cancelled there; nobody is identified, so there is no one to audit.
      request.log.info({ error: params.get('error') }, 'the IdP answered the sign-in with an error');
      return reply.redirect(signInPage('denied'), 302);
    }
    if (!login) return reply.redirect(signInPage('login_expired'), 302);

    let tokens: IdpTokens;
    try {
      tokens = await oidc.client.exchange(query, login);
    } catch (error) {
      const unreachable = error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError');
      console.warn(`[oidc] sign-in callback refused: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return reply.redirect(signInPage(unreachable ? 'unavailable' : 'failed'), 302);
    }
    let claims: Record<string, unknown> = tokens.claims;
    // Some IdPs keep groups out of the ID token and answer them at the userinfo endpoint.
    if (!(settings.roleClaim in claims) && !settings.roleClaim.includes('.')) {
      try {
        claims = { ...(await oidc.client.userInfo(tokens.accessToken, tokens.claims.sub)), ...claims };
      } catch (error) {
        console.warn('[oidc] userinfo could not be read:', error instanceof Error ? error.message : error);
      }
    }
    const userId = userIdOf(claims, settings.usernameClaim);
    const values = claimValues(claims, settings.roleClaim);
    const access = mapClaimValues(settings.roleMap, values);
    const refuse = async (reason: SsoErrorReason, detail: Record<string, unknown>) => {
      await auth.audit({ actor: userId, roles: [], team: null, action: 'LOGIN', outcome: 'LOGIN_FAILED', detail: { method: 'oidc', reason, ip: request.ip, ...detail } });
      return reply.redirect(signInPage(reason), 302);
    };
    // What the IdP sent is kept in the record (capped), so whoever maps groups can see what was missing.
    if (!access) return refuse('no_role', { claim: settings.roleClaim, values: values.slice(0, 50) });
    if (auth.users.isLocal(userId)) return refuse('local_user_conflict', {});

    // A sign-in always gets a fresh session id, so an id planted before sign-in is worth nothing after it.
    const previous = readSessionCookie(request);
    if (previous) await auth.sessions.end(hashSessionId(previous));
    await auth.sessions.purgeExpired();
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 100) : userId;
    const user = { id: userId, name, roles: access.roles, team: access.team };
    const { id } = await auth.sessions.create(userId, oidc.roleMapVersion, {
      issuer: String(tokens.claims.iss),
      subject: tokens.claims.sub,
      sid: typeof tokens.claims.sid === 'string' ? tokens.claims.sid : null,
      user: { name, roles: user.roles, team: user.team },
      idToken: tokens.idToken,
      refreshToken: tokens.refreshToken,
      confirmedUntil: confirmedUntil(auth.clock.now(), { refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn, idTokenExpiresAt: tokens.claims.exp }),
    });
    await oidc.rememberPerson(user, auth.users);
    await auth.audit({ actor: user.id, roles: user.roles, team: user.team, action: 'LOGIN', outcome: 'LOGIN', detail: { method: 'oidc', ip: request.ip } });
    setSessionCookie(reply, id, auth.policy);
    return reply.redirect(login.nextPath, 302);
  });

  // The IdP posts `logout_token=<JWT>` as a form; the parser lives in this plugin only.
  void app.register(async (scoped) => {
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scoped.post(OIDC_BACKCHANNEL_LOGOUT_PATH, { config: { access: 'public' } }, async (request, reply) => backchannelLogout(auth, oidc, request, reply));
  });
}

async function backchannelLogout(auth: AuthServices, oidc: OidcSessions, request: FastifyRequest, reply: FastifyReply) {
  const token = (request.body as Record<string, unknown> | undefined)?.logout_token;
  if (typeof token !== 'string' || !token) throw new ApiProblem(400, 'INVALID_LOGOUT_TOKEN', 'Send logout_token as a form field.');
  const issuer = await oidc.client.issuer();
  let target;
  try {
    target = await verifyLogoutToken(token, { issuer, clientId: oidc.client.settings.clientId, now: auth.clock.now() }, (refresh) => oidc.client.signingKeys(refresh));
  } catch (error) {
    if (error instanceof LogoutTokenError) throw new ApiProblem(400, 'INVALID_LOGOUT_TOKEN', `The logout token was refused: ${error.message}.`);
    throw error;
  }
  const ended = await oidc.endByIdp(issuer, target);
  for (const session of ended) {
    await auth.audit({ actor: session.userId, roles: session.user.roles, team: session.user.team, action: 'LOGOUT', outcome: 'LOGOUT', detail: { method: 'oidc', reason: 'idp_backchannel' } });
  }
  return reply.status(200).send();
}
