// Bulk retry of transient cases at one activity (a storm after a dependency came back). A dry run shows the
// exact scope; the real run touches only the cases the operator reviewed, one by one, spaced out, each as its
// own recovery command, so every case has its own evidence and a replayed bulk request replays each item.
import { randomUUID } from 'node:crypto';
import type { BulkRetryRequest, BulkRetryResponse } from '../../contracts/actions.js';
import { ApiProblem } from '../api-problem.js';
import { decideFor, loadCaseState } from '../cases/case-policy.js';
import { appendAudit } from '../store/audit-repo.js';
import type { Actor, CommandDeps } from './context.js';
import { runCaseCommand } from './run-command.js';

const DEFAULT_CAP = 25;
const CANDIDATE_LIMIT = 500;

export interface BulkOptions {
  /** Pause between two retries, so a storm's worth of work does not hit the engine and workers at once. */
  spacingMs: number;
}

/** `idempotencyKey`: null for a dry run (it changes nothing); the real run's key prefixes each case's own command key. */
export async function bulkRetry(deps: CommandDeps, actor: Actor, request: BulkRetryRequest, idempotencyKey: string | null, options: BulkOptions): Promise<BulkRetryResponse> {
  const cap = request.cap ?? DEFAULT_CAP;
  const candidates = await deps.cases.activeAtActivity(request.processDefinitionKey, request.activityId, CANDIDATE_LIMIT);
  const eligible: BulkRetryResponse['scope'] = [];
  const excluded: BulkRetryResponse['excluded'] = [];
  for (const row of candidates) {
    const state = await loadCaseState(deps, row, deps.db);
    const decision = decideFor(deps, state, actor);
    const withheld = decision.withheld.find((w) => w.action === 'RETRY_STEP');
    if (row.category !== 'TECHNICAL_TRANSIENT') excluded.push({ caseId: row.id, reason: `Not a transient failure (${row.category.toLowerCase().replace(/_/g, ' ')}).` });
    else if (withheld || !decision.offered.some((o) => o.action === 'RETRY_STEP')) excluded.push({ caseId: row.id, reason: withheld?.reason ?? 'Retry not offered.' });
    else eligible.push({ caseId: row.id, businessKey: row.business_key, version: row.version });
  }
  const scope = eligible.slice(0, cap);
  const response: BulkRetryResponse = {
    dryRun: request.dryRun,
    processDefinitionKey: request.processDefinitionKey,
    activityId: request.activityId,
    scope,
    beyondCap: Math.max(eligible.length - cap, 0),
    excluded,
    results: [],
  };
  if (request.dryRun) return response;
  if (idempotencyKey === null) throw new ApiProblem(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header so a repeated submit cannot retry twice.');
  if (!request.caseIds?.length) {
    throw new ApiProblem(400, 'SCOPE_REQUIRED', 'Run a dry run first and send the case ids it showed in `caseIds`: a bulk retry only touches cases you reviewed.');
  }
  const reviewed = new Set(request.caseIds);
  const inScope = new Map(scope.map((s) => [s.caseId, s]));
  for (const caseId of request.caseIds) {
    const item = inScope.get(caseId);
    if (!item) {
      response.results.push({ caseId, outcome: 'SKIPPED', message: 'No longer eligible (resolved, changed, frozen or beyond the cap); left alone.' });
      continue;
    }
    try {
      const result = await runCaseCommand(deps, actor, 'RETRY_STEP', {
        caseId,
        idempotencyKey: `${idempotencyKey}:${caseId}`,
        ifMatch: `"${item.version}"`,
        body: request.comment ? { comment: request.comment } : {},
      });
      response.results.push({ caseId, outcome: result.body.outcome === 'AWAITING_APPROVAL' ? 'SKIPPED' : result.body.outcome, message: result.body.message });
    } catch (error) {
      response.results.push({ caseId, outcome: 'FAILED', message: error instanceof Error ? error.message : String(error) });
    }
    if (options.spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, options.spacingMs));
  }
  const grew = scope.filter((s) => !reviewed.has(s.caseId)).length;
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      at: deps.clock.now(), actor: actor.id, roles: actor.roles, team: actor.team, caseId: null, businessKey: null, action: 'BULK_RETRY',
      commandId: randomUUID(), idempotencyKey, outcome: 'DONE',
      detail: { processDefinitionKey: request.processDefinitionKey, activityId: request.activityId, cap, reviewed: request.caseIds, results: response.results, notReviewed: grew },
    }),
  );
  return response;
}
