// The browser boundary: every /api request passes here before its handler. Order of checks: who is it
// (session cookie → 401), is the request really theirs (CSRF on mutating requests → 403 CSRF_INVALID), may
// they call this route (roles → 403 FORBIDDEN). Refusals of a known user are audited.
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import { targetOf } from '../audit/refusal-audit.js';
import { allows, assertAccessDeclared, isApiPath, requiredRoles } from './access.js';
import type { AuthServices } from './auth-services.js';
import { csrfTokenMatches, foreignOrigin, isMutating } from './csrf.js';
import { attachSignedIn, type SignedIn } from './request-user.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';
import { sessionUser } from './session-user.js';

/**
 * Sent as `X-Background-Request: 1` by the SPA on automatic refreshes (polling): such a request is answered
 * but does not count as activity, so the idle expiry still ends the session of an unattended open tab.
 */
export const BACKGROUND_HEADER = 'x-background-request';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every request of this route is background (an open stream of changes): it never counts as activity. */
    background?: boolean;
  }
}

/** Registers cookie parsing, the access declaration check and the enforcement hook; call before any route. */
export async function registerAuth(app: FastifyInstance, auth: AuthServices): Promise<void> {
  // Awaited so the cookie parser's onRequest hook runs before ours.
  await app.register(fastifyCookie);
  app.addHook('onRoute', (route) => assertAccessDeclared(route));
  app.addHook('onRequest', async (request, reply) => enforce(auth, request, reply));
}

async function enforce(auth: AuthServices, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const pattern = request.routeOptions.url;
  // Static files, the SPA shell and unknown paths (404) are not API routes.
  if (!pattern || request.is404 || !isApiPath(pattern)) return;
  const access = request.routeOptions.config.access;
  const mutating = isMutating(request.method);

  if (access === 'public') {
    if (mutating && foreignOrigin(request) !== undefined) throw csrfProblem();
    return;
  }

  const signedIn = await resumeSession(auth, request, reply);
  const deny = async (reason: 'role' | 'csrf', required: string[], problem: ApiProblem): Promise<never> => {
    await auditDenial(auth, request, signedIn, pattern, { reason, required });
    throw problem;
  };

  if (mutating) {
    const origin = foreignOrigin(request);
    if (origin !== undefined) await deny('csrf', ['same-origin'], csrfProblem());
    if (!csrfTokenMatches(request, signedIn.session.csrfToken)) await deny('csrf', [CSRF_HEADER], csrfProblem());
  }
  if (!allows(access, signedIn.user.roles)) {
    const required = requiredRoles(access);
    await deny('role', required, new ApiProblem(403, 'FORBIDDEN', required.length ? `This needs one of the roles: ${required.join(', ')}.` : 'This is not allowed.'));
  }
  attachSignedIn(request, signedIn);
}

async function resumeSession(auth: AuthServices, request: FastifyRequest, reply: FastifyReply): Promise<SignedIn> {
  const cookie = readSessionCookie(request);
  if (!cookie) throw new ApiProblem(401, 'NOT_AUTHENTICATED', 'Sign in to continue.');
  const background = request.headers[BACKGROUND_HEADER] === '1' || request.routeOptions.config.background === true;
  const session = await auth.sessions.resume(cookie, { touch: !background });
  // A user removed from the users file, changed credentials or roles, or (single sign-on) an IdP that no longer
  // vouches for the sign-in: the session ends at this request.
  const result = session ? await sessionUser(auth, session) : { ended: 'Your session has ended. Sign in again.' };
  if (!session || 'ended' in result) {
    if (session) await auth.sessions.end(session.idHash);
    clearSessionCookie(reply, auth.policy);
    throw new ApiProblem(401, 'NOT_AUTHENTICATED', 'ended' in result ? result.ended : 'Your session has ended. Sign in again.');
  }
  return { user: result.user, session };
}

async function auditDenial(auth: AuthServices, request: FastifyRequest, signedIn: SignedIn, pattern: string, detail: { reason: string; required: string[] }) {
  const target = targetOf(request);
  try {
    await auth.audit({
      actor: signedIn.user.id,
      roles: signedIn.user.roles,
      team: signedIn.user.team,
      caseId: target.caseId,
      idempotencyKey: target.idempotencyKey,
      action: `${request.method} ${pattern}`,
      outcome: 'DENIED',
      // What the request was aimed at, so the trail says which action on which approval was refused.
      detail: { ...detail, ...(target.action ? { action: target.action } : {}), ...(target.approvalId ? { approvalId: target.approvalId } : {}), ...(target.freezeId ? { freezeId: target.freezeId } : {}) },
    });
  } catch (error) {
    // The request stays refused; a failed audit write must be seen by whoever runs the BFF.
    request.log.error({ err: error }, 'could not audit a denied request');
    console.error('[auth] could not audit a denied request', request.method, pattern, error);
  }
}

function csrfProblem(): ApiProblem {
  return new ApiProblem(403, 'CSRF_INVALID', 'This request did not come from the workbench page. Reload the page and try again.');
}
