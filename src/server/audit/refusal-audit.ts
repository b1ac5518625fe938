// Refusals are evidence too: who tried which action on which case or approval, and why it was refused. The
// auth hook records requests refused before they reach a handler (no session, CSRF, role); this records the
// ones a handler refused for a signed-in user (the policy withheld the action, the case changed, an approval
// had expired), unless the handler already wrote a richer entry itself.
import type { FastifyRequest } from 'fastify';
import { actionForSlug } from '../../contracts/actions.js';
import type { ApiProblem } from '../api-problem.js';
import { findSignedIn } from '../auth/request-user.js';
import type { Clock } from '../clock.js';
import { appendAudit } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';

/** What a request was aimed at, read from its route parameters and headers (never trusted beyond their shape). */
export interface RequestTarget {
  caseId: string | null;
  /** The recovery action (RETRY_STEP …) for action routes. */
  action: string | null;
  approvalId: string | null;
  freezeId: string | null;
  /** A migration plan (playbook §17) the request was aimed at. */
  planId: string | null;
  idempotencyKey: string | null;
}

const CASE_ID = /^FO-\d{4}-\d{6,}$/;
const SOME_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export function targetOf(request: FastifyRequest): RequestTarget {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const text = (value: unknown, pattern: RegExp) => (typeof value === 'string' && pattern.test(value) ? value : null);
  const slug = text(params.action, SOME_ID);
  const key = request.headers['idempotency-key'];
  return {
    caseId: text(params.caseId, CASE_ID),
    action: slug ? (actionForSlug(slug) ?? null) : null,
    approvalId: text(params.approvalId, SOME_ID),
    freezeId: text(params.freezeId, SOME_ID),
    planId: text(params.planId, SOME_ID),
    idempotencyKey: typeof key === 'string' ? key.slice(0, 200) : null,
  };
}

/**
 * Statuses that mean "you may not do this now" (forbidden, withheld, stale, reused key), as opposed to a
 * malformed request (400, or 428: a missing If-Match header) or a missing thing (404).
 */
const REFUSALS = new Set([403, 409, 412, 422]);

export async function auditRefusal(deps: { db: Db; clock: Clock }, request: FastifyRequest, problem: ApiProblem): Promise<void> {
  if (problem.audited || !REFUSALS.has(problem.status) || request.method === 'GET') return;
  const signedIn = findSignedIn(request);
  if (!signedIn) return;
  const target = targetOf(request);
  const { user } = signedIn;
  try {
    await deps.db.transaction((tx) =>
      appendAudit(tx, {
        at: deps.clock.now(), actor: user.id, roles: user.roles, team: user.team, caseId: target.caseId, businessKey: null,
        action: target.action ?? `${request.method} ${request.routeOptions.url ?? ''}`, commandId: null, idempotencyKey: target.idempotencyKey,
        outcome: 'REFUSED',
        detail: { code: problem.code, reason: problem.message, approvalId: target.approvalId, freezeId: target.freezeId, status: problem.status,
          // Named only on migration routes, so other refusals keep their shape.
          ...(target.planId ? { planId: target.planId } : {}) },
      }),
    );
  } catch (error) {
    // The answer stays the refusal; a lost audit write must be seen by whoever runs the BFF.
    console.error('[audit] could not record a refusal', request.method, request.url, error);
  }
}
