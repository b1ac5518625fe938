// The recovery command pattern: authorize → load the case at the version the user saw → check preconditions
// and evidence → record intent + audit in one transaction → call the domain service and the engine → record
// the outcome and move the case. With a dependency down after the intent is committed, the command stays
// PENDING (202) and the outbox finishes it later, once. Whoever runs a command holds a lease on it; when its
// BFF dies mid-command the lease runs out and the outbox of a live replica finishes it, once.
import { randomUUID } from 'node:crypto';
import { hashRequest } from './hash.js';
import * as z from 'zod/mini';
import { actionRequestSchemas, type CommandResult } from '../../contracts/actions.js';
import type { ActionId } from '../../contracts/cases.js';
import { ApiProblem } from '../api-problem.js';
import { loadCaseState, decideFor, type CaseState } from '../cases/case-policy.js';
import { DomainRequestError, DomainUnavailableError } from '../domain/domain-services.js';
import { EngineUnavailableError } from '../engine/errors.js';
import { appendAudit, canonicalJson } from '../store/audit-repo.js';
import type { CommandRow, CommandState } from '../store/commands-repo.js';
import type { Queryable } from '../store/db.js';
import { caseFromRow, type CaseRow } from '../store/rows.js';
import { isFrozen } from '../cases/summaries.js';
import { onCaseEngine, type Actor, type CommandDeps } from './context.js';
import { crashPoint } from './crash-points.js';
import { LOCAL_EFFECTS, EXTERNAL_EFFECTS, type ExternalOutcome } from './effects.js';
import { keepLease } from './lease.js';
import { checkStatus } from './reconciliation.js';

export interface CommandRequest {
  caseId: string;
  idempotencyKey: string | undefined;
  ifMatch: string | undefined;
  body: unknown;
}

export interface CommandResponse {
  status: 200 | 202;
  body: CommandResult;
}

export function parseIdempotencyKey(value: string | undefined): string {
  const key = value?.trim();
  if (!key) throw new ApiProblem(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header so a repeated click cannot run the action twice.');
  if (key.length > 200) throw new ApiProblem(400, 'IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header may be at most 200 characters.');
  return key;
}

export function parseIfMatch(value: string | undefined): number {
  if (value === undefined) {
    throw new ApiProblem(428, 'PRECONDITION_REQUIRED', 'Send the case version in an If-Match header, so the action applies to the case you looked at.');
  }
  const version = Number(value.replace(/^W\//, '').replace(/"/g, '').trim());
  if (!Number.isInteger(version)) throw new ApiProblem(400, 'IF_MATCH_INVALID', 'If-Match must hold the case version, e.g. "3".');
  return version;
}

export { hashRequest };

export async function auditDenied(deps: CommandDeps, actor: Actor, action: string, caseId: string | null, key: string | undefined, reason: string) {
  await deps.db.transaction((tx) =>
    appendAudit(tx, { at: deps.clock.now(), actor: actor.id, roles: actor.roles, team: actor.team, caseId, businessKey: null, action,
      commandId: null, idempotencyKey: key ?? null, outcome: 'DENIED', detail: { reason } }),
  );
}

export async function runCaseCommand(deps: CommandDeps, actor: Actor, action: ActionId, request: CommandRequest): Promise<CommandResponse> {
  // Authorize before anything else: a caller without the role learns nothing about the case or the body.
  const rule = deps.catalog.action(action);
  if (!actor.roles.some((r) => rule.roles.includes(r))) {
    await auditDenied(deps, actor, action, request.caseId, request.idempotencyKey, 'role');
    throw new ApiProblem(403, 'FORBIDDEN', `${rule.label} needs one of the roles ${rule.roles.join(', ')}.`).alreadyAudited();
  }
  const parsed = z.safeParse(actionRequestSchemas[action], request.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiProblem(400, 'INVALID_BODY', `Invalid request body${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'not valid'}.`);
  }
  const body = parsed.data as Record<string, unknown>;
  const key = parseIdempotencyKey(request.idempotencyKey);
  const requestHash = hashRequest(request.caseId, action, body);
  const previous = await deps.commands.findByKey(actor.id, key);
  if (previous) return replay(previous, requestHash);
  const expectedVersion = parseIfMatch(request.ifMatch);

  if (action === 'CHECK_EXTERNAL_STATUS') return runStatusCheck(deps, actor, { caseId: request.caseId, key, requestHash, body, expectedVersion });

  const now = deps.clock.now();
  const prepared = await deps.db.transaction(async (tx) => {
    // A duplicate that raced the first request waits for the case lock; once it has it, the first one's intent
    // is visible, and the duplicate is answered from it rather than judged against the newer case version.
    const lockedRow = await deps.cases.getForUpdate(tx, request.caseId);
    const raced = lockedRow ? await deps.commands.findByKey(actor.id, key, tx) : null;
    if (raced) return { command: raced, state: null, done: replay(raced, requestHash) };
    const state = await lockAtVersion(deps, tx, request.caseId, expectedVersion);
    assertOffered(deps, state, actor, action, body);
    const command = await deps.commands.insert(
      tx,
      {
        id: randomUUID(), idempotency_key: key, actor: actor.id, case_id: state.row.id, action, request_hash: requestHash, request_body: canonicalJson(body),
        incident_id: state.root?.incident_id ?? null,
      },
      now,
    );
    if (!command) throw new ApiProblem(409, 'REQUEST_IN_PROGRESS', 'The same request is already being processed.');
    const local = await LOCAL_EFFECTS[action]({ deps, tx, actor, state, body, command, now });
    const updated = await deps.cases.applyChanges(tx, state.row, local.changes, now);
    await appendAudit(tx, {
      at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: state.row.id, businessKey: state.row.business_key, action,
      commandId: command.id, idempotencyKey: key, outcome: local.external ? 'REQUESTED' : local.outcome,
      detail: {
        inputs: body,
        preconditions: {
          caseVersion: expectedVersion, category: state.row.category, status: state.row.status, frozen: state.frozen,
          rootIncidentId: state.root?.incident_id ?? null, evidence: state.latestEvidence, sideEffect: state.step.facts.sideEffect,
        },
        ...local.detail,
      },
    });
    if (local.external) return { command, state: { ...state, row: updated }, done: null };
    const result = resultBody(command, action, local.outcome, local.message, updated, state, { approvalId: local.approvalId });
    await finishHeld(deps, tx, command, 'DONE', { status: local.httpStatus ?? 200, body: result }, now);
    return { command, state, done: { status: (local.httpStatus ?? 200) as 200 | 202, body: result } };
  });
  if (prepared.done) return prepared.done;
  crashPoint('after-intent', prepared.command.id);
  return executeExternal(deps, actor, prepared.command, { recordPending: true });
}

async function lockAtVersion(deps: CommandDeps, tx: Queryable, caseId: string, expectedVersion: number): Promise<CaseState> {
  const row = await deps.cases.getForUpdate(tx, caseId);
  if (!row) throw new ApiProblem(404, 'CASE_NOT_FOUND', `There is no fallout case ${caseId}.`);
  const state = await loadCaseState(deps, row, tx);
  if (row.version !== expectedVersion) {
    throw new ApiProblem(412, 'CASE_VERSION_MISMATCH', 'The case changed since you loaded it. Review its current state and try again.', {
      case: caseFromRow(row, state.frozen),
    });
  }
  return state;
}

function assertOffered(deps: CommandDeps, state: CaseState, actor: Actor, action: ActionId, body: Record<string, unknown>): void {
  const decision = decideFor(deps, state, actor);
  const withheld = decision.withheld.find((w) => w.action === action);
  if (withheld) throw new ApiProblem(409, state.pendingCommand ? 'COMMAND_PENDING' : 'ACTION_NOT_AVAILABLE', withheld.reason);
  if (!decision.offered.some((o) => o.action === action)) {
    throw new ApiProblem(409, 'ACTION_NOT_AVAILABLE', `${deps.catalog.action(action).label} does not apply to this case.`);
  }
  if (action === 'CONFIRM_EXTERNAL_OUTCOME' && state.latestEvidence?.reference && body.reference !== state.latestEvidence.reference) {
    throw new ApiProblem(422, 'EVIDENCE_MISMATCH', `The status check found ${state.latestEvidence.reference}, not ${String(body.reference)}. Confirm what the owning service shows.`);
  }
}

/** Read-only: asks the owning service first and records the answer as evidence; nothing is committed if it is down. */
async function runStatusCheck(
  deps: CommandDeps,
  actor: Actor,
  input: { caseId: string; key: string; requestHash: string; body: Record<string, unknown>; expectedVersion: number },
): Promise<CommandResponse> {
  const row = await deps.cases.get(input.caseId);
  if (!row) throw new ApiProblem(404, 'CASE_NOT_FOUND', `There is no fallout case ${input.caseId}.`);
  const before = await loadCaseState(deps, row, deps.db);
  if (row.version !== input.expectedVersion) {
    throw new ApiProblem(412, 'CASE_VERSION_MISMATCH', 'The case changed since you loaded it. Review its current state and try again.', {
      case: caseFromRow(row, before.frozen),
    });
  }
  assertOffered(deps, before, actor, 'CHECK_EXTERNAL_STATUS', input.body);
  let finding;
  try {
    const target = onCaseEngine(deps, row.engine_id);
    finding = await checkStatus(target.engine, target.domain, row, before.step.reconciliation!);
  } catch (error) {
    if (error instanceof DomainUnavailableError) throw new ApiProblem(503, 'DOMAIN_UNAVAILABLE', `${error.message} Nothing was recorded; try again shortly.`);
    if (error instanceof DomainRequestError) throw new ApiProblem(502, 'DOMAIN_REJECTED', error.message);
    throw error;
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const command = await deps.commands.insert(
      tx,
      { id: randomUUID(), idempotency_key: input.key, actor: actor.id, case_id: row.id, action: 'CHECK_EXTERNAL_STATUS', request_hash: input.requestHash, request_body: canonicalJson(input.body) },
      now,
    );
    if (!command) throw new ApiProblem(409, 'REQUEST_IN_PROGRESS', 'The same request is already being processed.');
    const current = (await deps.cases.getForUpdate(tx, row.id))!;
    const { data, calls, ...evidence } = finding;
    await deps.evidence.add(tx, { ...evidence, caseId: row.id, data, recordedAt: now, recordedBy: actor.id, commandId: command.id });
    await appendAudit(tx, {
      at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: row.id, businessKey: row.business_key, action: 'CHECK_EXTERNAL_STATUS',
      commandId: command.id, idempotencyKey: input.key, outcome: 'DONE',
      detail: { inputs: input.body, preconditions: { caseVersion: input.expectedVersion, category: row.category }, domainCalls: calls, finding: evidence.finding, reference: evidence.reference },
    });
    const result: CommandResult = {
      ...resultBody(command, 'CHECK_EXTERNAL_STATUS', 'DONE', evidence.summary, current, before),
      evidence: { ...evidence, recordedAt: now.toISOString(), recordedBy: actor.id },
    };
    await finishHeld(deps, tx, command, 'DONE', { status: 200, body: result }, now);
    return { status: 200 as const, body: result };
  });
}

/** The command's lease went to another run (the outbox took it over): that run records the outcome, not this one. */
export class LeaseLostError extends Error {
  constructor(commandId: string) {
    super(`The lease on command ${commandId} went to another run.`);
    this.name = 'LeaseLostError';
  }
}

/** Records the outcome while this run holds the command's lease; otherwise rolls the transaction back. */
async function finishHeld(deps: CommandDeps, tx: Queryable, command: CommandRow, state: CommandState, response: { status: number; body: unknown }, now: Date) {
  if (!(await deps.commands.finish(tx, command, state, response, now))) throw new LeaseLostError(command.id);
  // Every outcome is written here, so it is counted here (in its transaction: should the audit entry after it
  // fail, the command stays unfinished and its re-run is counted instead, one count too many at worst).
  deps.metrics?.commandFinished(command.action, metricOutcome(state, response.body));
}

/** The outcome the caller was told (DONE, ALREADY_DONE, AWAITING_APPROVAL, PENDING), or FAILED. */
function metricOutcome(state: CommandState, body: unknown): string {
  const told = (body as { outcome?: unknown } | null)?.outcome;
  return state === 'FAILED' || typeof told !== 'string' ? state : told;
}

/**
 * Runs (or re-runs, from the outbox) the external part of a recorded command, holding its lease throughout
 * (renewed while the engine or a domain service is slow), so no other run takes it over while this one lives.
 */
export async function executeExternal(deps: CommandDeps, actor: Actor, command: CommandRow, options: { recordPending: boolean }): Promise<CommandResponse> {
  // The intent may have committed late (a busy database): if its lease ran out meanwhile and the outbox
  // claimed it, that run does the work and this one must not start it a second time.
  if (!(await deps.commands.renewLease(command))) return handedOver(deps, command);
  const stopLease = keepLease(deps.commands, command);
  try {
    const response = await runExternal(deps, actor, command, options);
    crashPoint('after-outcome', command.id);
    return response;
  } catch (error) {
    if (error instanceof LeaseLostError) return handedOver(deps, command);
    throw error;
  } finally {
    stopLease();
  }
}

/** The answer when another run finishes the command: it is recorded, its outcome follows on the case. */
async function handedOver(deps: CommandDeps, command: CommandRow): Promise<CommandResponse> {
  const row = (await deps.cases.get(command.case_id))!;
  const state = await loadCaseState(deps, row, deps.db);
  return {
    status: 202,
    body: resultBody(command, command.action as ActionId, 'PENDING', 'The command is recorded and is being finished in the background; its outcome will show on the case.', row, state),
  };
}

/** The incident a command acts on: the one pinned with its intent (older commands: the case's first root cause). */
async function targetIncident(deps: CommandDeps, command: CommandRow) {
  const incidents = await deps.cases.incidentsOf(command.case_id);
  if (command.incident_id) return incidents.find((i) => i.incident_id === command.incident_id) ?? null;
  return incidents.find((i) => i.is_root_cause) ?? null;
}

async function runExternal(deps: CommandDeps, actor: Actor, command: CommandRow, options: { recordPending: boolean }): Promise<CommandResponse> {
  const action = command.action as ActionId;
  const body = JSON.parse(command.request_body || '{}') as Record<string, unknown>;
  const row = (await deps.cases.get(command.case_id))!;
  const state = await loadCaseState(deps, row, deps.db);
  const root = await targetIncident(deps, command);
  let outcome: ExternalOutcome;
  try {
    outcome = await EXTERNAL_EFFECTS[action]!({ deps: onCaseEngine(deps, row.engine_id), command, row, root, body, step: state.step });
  } catch (error) {
    const now = deps.clock.now();
    if (error instanceof EngineUnavailableError || error instanceof DomainUnavailableError) {
      if (!options.recordPending) throw error;
      const what = error instanceof DomainUnavailableError ? `The ${error.service} service` : 'The engine';
      return deps.db.transaction(async (tx) => {
        const current = (await deps.cases.get(command.case_id, tx))!;
        const result = resultBody(command, action, 'PENDING', `${what} is not reachable. The command is recorded and will complete once it answers again.`, current, state);
        await finishHeld(deps, tx, command, 'PENDING', { status: 202, body: result }, now);
        await appendAudit(tx, { at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: command.case_id, businessKey: row.business_key, action,
          commandId: command.id, idempotencyKey: command.idempotency_key, outcome: 'PENDING', detail: { unavailable: error.message } });
        return { status: 202 as const, body: result };
      });
    }
    const message = (error as Error).message;
    await deps.db.transaction(async (tx) => {
      await finishHeld(deps, tx, command, 'FAILED', { status: 502, body: { code: 'RECOVERY_FAILED', message } }, now);
      const current = (await deps.cases.get(command.case_id, tx))!;
      await deps.cases.applyChanges(tx, current, { status: current.status === 'IN_PROGRESS' ? 'OPEN' : current.status }, now);
      await appendAudit(tx, { at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: command.case_id, businessKey: row.business_key, action,
        commandId: command.id, idempotencyKey: command.idempotency_key, outcome: 'FAILED', detail: { error: message } });
      if (command.approval_id) await deps.approvals.recordExecution(tx, command.approval_id, command.id, 'FAILED');
    });
    throw new ApiProblem(502, 'RECOVERY_FAILED', `The recovery did not go through: ${message}`);
  }

  crashPoint('after-engine-effect', command.id);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const current = (await deps.cases.get(command.case_id, tx))!;
    const updated = outcome.changes ? await deps.cases.applyChanges(tx, current, outcome.changes, now) : current;
    const result = resultBody(command, action, outcome.outcome, outcome.message, updated, state);
    await finishHeld(deps, tx, command, 'DONE', { status: 200, body: result }, now);
    await appendAudit(tx, { at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: command.case_id, businessKey: row.business_key, action,
      commandId: command.id, idempotencyKey: command.idempotency_key, outcome: outcome.outcome, detail: { calls: outcome.calls } });
    if (command.approval_id) await deps.approvals.recordExecution(tx, command.approval_id, command.id, outcome.outcome);
    return { status: 200 as const, body: result };
  });
}

function resultBody(
  command: CommandRow,
  action: ActionId,
  outcome: CommandResult['outcome'],
  message: string,
  row: CaseRow,
  state: Pick<CaseState, 'frozen'>,
  extra: { approvalId?: string } = {},
): CommandResult {
  return {
    commandId: command.id,
    action,
    outcome,
    message,
    case: caseFromRow(row, state.frozen || isFrozen(row, new Set())),
    ...(extra.approvalId ? { approvalId: extra.approvalId } : {}),
  };
}

export function replay(previous: CommandRow, requestHash: string): CommandResponse {
  if (previous.request_hash !== requestHash) {
    throw new ApiProblem(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
  }
  if (previous.state === 'RUNNING' || !previous.response_body) throw new ApiProblem(409, 'REQUEST_IN_PROGRESS', 'The same request is still being processed.');
  if (previous.state === 'FAILED') {
    const stored = JSON.parse(previous.response_body) as { code: string; message: string };
    throw new ApiProblem(previous.response_status ?? 502, stored.code, stored.message);
  }
  return { status: previous.response_status === 202 ? 202 : 200, body: JSON.parse(previous.response_body) as CommandResult };
}

/**
 * The outbox: completes commands left PENDING while a dependency was down, and RUNNING ones whose lease ran
 * out because their BFF died between intent and outcome. Each is claimed with a lease of its own (two
 * replicas never take the same one) and re-run from its recorded intent as its recorded actor; the effects
 * re-read the engine and the domain service first, so one that already happened counts as done, once.
 */
export async function drainPendingCommands(deps: CommandDeps, limit = 20): Promise<number> {
  let completed = 0;
  for (let claimed = 0; claimed < limit; claimed++) {
    // One at a time: a claimed command's lease runs while it waits, so claim only what runs now.
    const command = await deps.commands.claimExpired();
    if (!command) break;
    // While the dependency is still down the command stays as it is: "still pending" on every pass is noise.
    const result = await executeExternal(deps, { id: command.actor, roles: [], team: null }, command, { recordPending: false }).catch((error: unknown) =>
      error instanceof EngineUnavailableError || error instanceof DomainUnavailableError ? 'down' : 'failed',
    );
    if (result === 'down') {
      await deps.commands.releaseLease(command);
      break;
    }
    if (typeof result === 'object' && result.status === 200) completed++;
  }
  return completed;
}
