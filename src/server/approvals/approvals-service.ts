// Four eyes on unsafe retries. A supervisor who is not the requester decides; an approval binds to the exact
// retry command and case version and expires. The approved retry runs with the request's own idempotency key,
// so approving twice (or a replayed approve) cannot run it twice.
import { randomUUID } from 'node:crypto';
import type { Approval, ApprovalList } from '../../contracts/approvals.js';
import type { CommandResult } from '../../contracts/actions.js';
import { ApiProblem } from '../api-problem.js';
import { loadCaseState } from '../cases/case-policy.js';
import { summarize } from '../cases/summaries.js';
import type { Actor, CommandDeps } from '../commands/context.js';
import { hashRequest } from '../commands/hash.js';
import { executeExternal, type CommandResponse } from '../commands/run-command.js';
import { appendAudit } from '../store/audit-repo.js';
import type { ApprovalRow } from '../store/approvals-repo.js';
import { iso, isoOrNull } from '../store/rows.js';

const EXPIRING_SOON_MS = 10 * 60 * 1000;

export async function listApprovals(deps: CommandDeps, filter: 'pending' | 'all'): Promise<ApprovalList> {
  await expireOverdue(deps);
  const rows = await deps.approvals.list(filter === 'pending' ? 'PENDING' : null);
  const [caseRows, statusChecks] = await Promise.all([
    deps.cases.getMany([...new Set(rows.map((r) => r.case_id))]),
    deps.evidence.statusChecksBeforeApprovals(rows.map((r) => r.id)),
  ]);
  const summaries = await summarize(caseRows, deps.frozenActivities);
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const now = deps.clock.now().getTime();
  const pending = rows.filter((r) => r.status === 'PENDING');
  return {
    items: rows.filter((r) => byId.has(r.case_id)).map((r) => toApproval(r, byId.get(r.case_id)!, statusChecks.get(r.id) ?? null, deps)),
    pendingCount: filter === 'pending' ? pending.length : (await deps.approvals.list('PENDING')).length,
    expiringSoonCount: pending.filter((r) => r.expires_at.getTime() - now <= EXPIRING_SOON_MS).length,
  };
}

function toApproval(r: ApprovalRow, summary: Approval['case'], statusCheck: Approval['statusCheck'], deps: Pick<CommandDeps, 'catalog'>): Approval {
  const sideEffect = summary.activityId ? deps.catalog.sideEffectOf(summary.processDefinitionKey, summary.activityId, summary.topic) : 'none';
  return {
    sideEffect,
    statusCheck,
    id: r.id, caseId: r.case_id, action: 'RETRY_STEP', status: r.status, requestedBy: r.requested_by, reason: r.reason, evidence: r.evidence,
    caseVersion: r.case_version, requestedAt: iso(r.requested_at), expiresAt: iso(r.expires_at), decidedBy: r.decided_by,
    decidedAt: isoOrNull(r.decided_at), decisionReason: r.decision_reason, executionOutcome: r.execution_outcome, case: summary,
  };
}

/** Expired requests release their case back to the queue. Run by the sync and before every read. */
export async function expireOverdue(deps: CommandDeps): Promise<number> {
  const now = deps.clock.now();
  let expired = 0;
  for (const approval of await deps.approvals.expiredPending(now)) {
    await deps.db.transaction(async (tx) => {
      const decided = await deps.approvals.decide(tx, approval.id, 'EXPIRED', 'system', 'No supervisor decided in time.', now);
      if (!decided) return;
      const row = await deps.cases.getForUpdate(tx, approval.case_id);
      if (row?.status === 'AWAITING_APPROVAL') await deps.cases.applyChanges(tx, row, { status: 'OPEN' }, now);
      await appendAudit(tx, { at: now, actor: 'system', roles: [], team: null, caseId: approval.case_id, businessKey: row?.business_key ?? null,
        action: 'APPROVAL_EXPIRED', commandId: null, idempotencyKey: null, outcome: 'EXPIRED', detail: { approvalId: approval.id } });
      expired++;
    });
  }
  return expired;
}

async function loadForDecision(deps: CommandDeps, approvalId: string, actor: Actor, decision: 'APPROVE' | 'REJECT', key: string | undefined): Promise<ApprovalRow> {
  const approval = await deps.approvals.get(approvalId);
  if (!approval) throw new ApiProblem(404, 'APPROVAL_NOT_FOUND', `There is no approval request ${approvalId}.`);
  if (approval.requested_by === actor.id) {
    await deny(deps, actor, approval, decision, key, 'self-approval');
    throw new ApiProblem(403, 'FOUR_EYES', 'You requested this retry yourself; another supervisor must decide it.').alreadyAudited();
  }
  return approval;
}

async function deny(deps: CommandDeps, actor: Actor, approval: ApprovalRow, decision: string, key: string | undefined, reason: string) {
  await deps.db.transaction((tx) =>
    appendAudit(tx, { at: deps.clock.now(), actor: actor.id, roles: actor.roles, team: actor.team, caseId: approval.case_id, businessKey: null,
      action: `${decision}_UNSAFE_RETRY`, commandId: null, idempotencyKey: key ?? null, outcome: 'DENIED', detail: { approvalId: approval.id, reason } }),
  );
}

export async function approve(deps: CommandDeps, actor: Actor, approvalId: string, input: { reason: string; idempotencyKey: string }): Promise<CommandResponse> {
  const approval = await loadForDecision(deps, approvalId, actor, 'APPROVE', input.idempotencyKey);
  // A replayed approve by the same supervisor answers what the approved command did.
  if (approval.status === 'APPROVED' && approval.decided_by === actor.id && approval.command_id) {
    const command = await deps.commands.get(approval.command_id);
    if (command?.response_body) return { status: command.response_status === 202 ? 202 : 200, body: JSON.parse(command.response_body) as CommandResult };
  }
  const now = deps.clock.now();
  if (approval.status === 'PENDING' && approval.expires_at.getTime() <= now.getTime()) {
    await expireOverdue(deps);
    await deny(deps, actor, approval, 'APPROVE', input.idempotencyKey, 'expired');
    throw new ApiProblem(409, 'APPROVAL_EXPIRED', 'This request expired before a decision; ops must request the retry again.').alreadyAudited();
  }
  if (approval.status !== 'PENDING') throw new ApiProblem(409, 'APPROVAL_DECIDED', `This request is already ${approval.status.toLowerCase()}.`);

  const command = await deps.db.transaction(async (tx) => {
    const row = await deps.cases.getForUpdate(tx, approval.case_id);
    if (!row) throw new ApiProblem(404, 'CASE_NOT_FOUND', `There is no fallout case ${approval.case_id}.`);
    const body = JSON.parse(approval.request_body) as Record<string, unknown>;
    if (row.version !== approval.case_version || hashRequest(row.id, 'RETRY_STEP', body) !== approval.request_hash) {
      // Committed (not thrown here): the stale request is retired and the case goes back to the queue.
      await deps.approvals.decide(tx, approval.id, 'EXPIRED', 'system', 'The case changed after the request; the approval no longer matches it.', now);
      if (row.status === 'AWAITING_APPROVAL') await deps.cases.applyChanges(tx, row, { status: 'OPEN' }, now);
      await appendAudit(tx, { at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: row.id, businessKey: row.business_key,
        action: 'APPROVE_UNSAFE_RETRY', commandId: null, idempotencyKey: input.idempotencyKey, outcome: 'STALE',
        detail: { approvalId: approval.id, boundVersion: approval.case_version, currentVersion: row.version } });
      return 'stale' as const;
    }
    const state = await loadCaseState(deps, row, tx);
    if (!state.root) throw new ApiProblem(409, 'ACTION_NOT_AVAILABLE', 'The engine shows no open incident for this step any more.');
    const decided = await deps.approvals.decide(tx, approval.id, 'APPROVED', actor.id, input.reason, now);
    if (!decided) throw new ApiProblem(409, 'APPROVAL_DECIDED', 'Another supervisor decided this request a moment ago.');
    const inserted = await deps.commands.insert(
      tx,
      { id: randomUUID(), idempotency_key: approval.idempotency_key, actor: approval.requested_by, case_id: row.id, action: 'RETRY_STEP',
        request_hash: approval.request_hash, request_body: approval.request_body, approval_id: approval.id },
      now,
    );
    if (!inserted) throw new ApiProblem(409, 'APPROVAL_DECIDED', 'The approved retry already ran.');
    await deps.approvals.recordExecution(tx, approval.id, inserted.id, 'RUNNING');
    await deps.cases.applyChanges(tx, row, { status: 'IN_PROGRESS' }, now);
    await appendAudit(tx, { at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: row.id, businessKey: row.business_key,
      action: 'APPROVE_UNSAFE_RETRY', commandId: inserted.id, idempotencyKey: approval.idempotency_key, outcome: 'APPROVED',
      detail: { approvalId: approval.id, requestedBy: approval.requested_by, reason: input.reason, caseVersion: approval.case_version, requestHash: approval.request_hash } });
    return inserted;
  });
  if (command === 'stale') {
    throw new ApiProblem(409, 'APPROVAL_STALE', 'The case changed after the retry was requested, so this approval no longer matches it. Ops must request it again.');
  }
  return executeExternal(deps, { id: approval.requested_by, roles: approval.requested_roles as Actor['roles'], team: null }, command, { recordPending: true });
}

export async function reject(deps: CommandDeps, actor: Actor, approvalId: string, input: { reason: string; idempotencyKey: string }): Promise<void> {
  const approval = await loadForDecision(deps, approvalId, actor, 'REJECT', input.idempotencyKey);
  if (approval.status === 'REJECTED' && approval.decided_by === actor.id) return;
  if (approval.status !== 'PENDING') throw new ApiProblem(409, 'APPROVAL_DECIDED', `This request is already ${approval.status.toLowerCase()}.`);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const decided = await deps.approvals.decide(tx, approval.id, 'REJECTED', actor.id, input.reason, now);
    if (!decided) throw new ApiProblem(409, 'APPROVAL_DECIDED', 'Another supervisor decided this request a moment ago.');
    const row = await deps.cases.getForUpdate(tx, approval.case_id);
    if (row?.status === 'AWAITING_APPROVAL') await deps.cases.applyChanges(tx, row, { status: 'OPEN' }, now);
    await appendAudit(tx, { at: now, actor: actor.id, roles: actor.roles, team: actor.team, caseId: approval.case_id, businessKey: row?.business_key ?? null,
      action: 'REJECT_UNSAFE_RETRY', commandId: null, idempotencyKey: input.idempotencyKey, outcome: 'REJECTED', detail: { approvalId: approval.id, reason: input.reason } });
  });
}
