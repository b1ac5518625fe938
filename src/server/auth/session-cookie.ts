import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionPolicy } from './session-store.js';

export const SESSION_COOKIE = 'fw_session';

// HttpOnly: page scripts never see the session. SameSite=Strict: other sites' pages cannot send it.
// No Max-Age: the browser forgets it when it closes; the server enforces idle and absolute expiry.
function cookieOptions(policy: SessionPolicy): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: policy.cookieSecure };
}

export function readSessionCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value ? value : undefined;
}

export function setSessionCookie(reply: FastifyReply, sessionId: string, policy: SessionPolicy): void {
  reply.setCookie(SESSION_COOKIE, sessionId, cookieOptions(policy));
}

export function clearSessionCookie(reply: FastifyReply, policy: SessionPolicy): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(policy));
}
