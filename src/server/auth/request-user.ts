import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import type { ActiveSession } from './session-store.js';

export interface SignedIn {
  user: SessionUser;
  session: ActiveSession;
}

// Filled by the auth hook before the handler runs; a WeakMap keeps it off the request's public shape.
const signedIn = new WeakMap<FastifyRequest, SignedIn>();

export function attachSignedIn(request: FastifyRequest, value: SignedIn): void {
  signedIn.set(request, value);
}

/** The signed-in user and session of this request, or undefined. */
export function findSignedIn(request: FastifyRequest): SignedIn | undefined {
  return signedIn.get(request);
}

/** The signed-in user of this request; 401 when there is none. */
export function requestUser(request: FastifyRequest): SessionUser {
  return requireSignedIn(request).user;
}

export function requireSignedIn(request: FastifyRequest): SignedIn {
  const found = signedIn.get(request);
  if (!found) throw new ApiProblem(401, 'NOT_AUTHENTICATED', 'Sign in to continue.');
  return found;
}
