// Cross-site request forgery defence for every mutating request: the session's synchronizer token must come
// back in X-CSRF-Token (a page on another site cannot read it), and a browser-sent Origin must be our own.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '../../contracts/session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The Origin header when it names another site (or is the opaque `null`); undefined when absent or ours.
 * Compared by host and port: behind a TLS-terminating proxy the scheme the BFF sees may differ.
 */
export function foreignOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  try {
    const sent = new URL(origin);
    // Read our Host header with the origin's scheme, so a default port (:80, :443) compares equal to none.
    const own = new URL(`${sent.protocol}//${request.host}`);
    return sent.host === own.host ? undefined : origin;
  } catch {
    return origin;
  }
}

export function csrfTokenMatches(request: FastifyRequest, expected: string): boolean {
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
