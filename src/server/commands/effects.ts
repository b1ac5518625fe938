// What each recovery action does: its local effect (inside the intent transaction) and, for actions that
// reach outside the workbench, its external effect (domain service and engine, after the intent is committed).
import { randomUUID } from 'node:crypto';
import type { ActionId } from '../../contracts/cases.js';
import type { Role } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import type { CaseState } from '../cases/case-policy.js';
import { canonicalJson } from '../store/audit-repo.js';
import type { CaseChanges, CaseIncidentRow } from '../store/cases-repo.js';
import type { CommandRow } from '../store/commands-repo.js';
import type { Queryable } from '../store/db.js';
import type { CaseRow } from '../store/rows.js';
import type { Actor, CommandDeps } from './context.js';
import { crashPoint } from './crash-points.js';
import { correlateConfirmation, retryInEngine, type ConfirmationEvidence } from './engine-steps.js';
import { confirmAtService, markFailedAtService } from './reconciliation.js';
import type { StepContract } from './step-contract.js';
import { hashRequest } from './hash.js';
import { durationInWords } from '../cases/duration-words.js';

export interface LocalContext {
  deps: CommandDeps;
  tx: Queryable;
  actor: Actor;
  state: CaseState;
  body: Record<string, unknown>;
  command: CommandRow;
  now: Date;
}
export interface LocalOutcome {
  changes: CaseChanges;
  /** True when the action continues with an external effect after the intent commits. */
  external: boolean;
  outcome: 'DONE' | 'AWAITING_APPROVAL';
  message: string;
  detail?: Record<string, unknown>;
  approvalId?: string;
  httpStatus?: 200 | 202;
}

export interface ExternalContext {
  deps: CommandDeps;
  command: CommandRow;
  row: CaseRow;
  root: CaseIncidentRow | null;
  body: Record<string, unknown>;
  step: StepContract;
}
export interface ExternalOutcome {
  outcome: 'DONE' | 'ALREADY_DONE';
  message: string;
  calls: Record<string, unknown>[];
  changes?: CaseChanges;
}

const startsWork = (): LocalOutcome => ({ changes: { status: 'IN_PROGRESS' }, external: true, outcome: 'DONE', message: '' });
const USER_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/;
/** Roles that work cases; an assignee holds at least one. */
const CASE_WORKER_ROLES: readonly Role[] = ['fulfillment_ops', 'tech_ops', 'supervisor'];
/** The idempotency key a command sends to a domain service: stable across outbox re-runs of the same command. */
const domainKey = (command: CommandRow) => `fw-${command.id}`;

export const LOCAL_EFFECTS: Record<ActionId, (ctx: LocalContext) => Promise<LocalOutcome>> = {
  CHECK_EXTERNAL_STATUS: async () => {
    throw new Error('The status check is read-only and runs outside the intent transaction.');
  },
  RETRY_STEP: async () => startsWork(),
  CONFIRM_EXTERNAL_OUTCOME: async () => startsWork(),
  MARK_FAILED_AND_RETRY: async () => startsWork(),
  START_MISSING_WORKFLOW: async () => startsWork(),
  ANNOTATE: async ({ state }) => ({
    changes: {},
    // The note also goes onto the engine's incident, so Cockpit users see it too.
    external: state.root !== null,
    outcome: 'DONE',
    message: 'Note added to the case.',
  }),
  ASSIGN: async ({ deps, body, state }) => {
    const assignee = String(body.assignee).trim().toLowerCase();
    if (!USER_ID.test(assignee)) throw new ApiProblem(400, 'INVALID_ASSIGNEE', 'An assignee is a user id such as olivia.ops.');
    // A case assigned to a mistyped name or to someone who cannot act on it is a case nobody works.
    const person = deps.users?.find(assignee);
    if (deps.users && !person) throw new ApiProblem(400, 'UNKNOWN_ASSIGNEE', `No user ${assignee} can sign in to the workbench.`);
    if (person && !person.roles.some((r) => CASE_WORKER_ROLES.includes(r))) {
      throw new ApiProblem(400, 'ASSIGNEE_CANNOT_ACT', `${assignee} cannot act on cases (needs fulfillment ops, tech ops or supervisor).`);
    }
    return {
      changes: { assignee, status: state.row.status === 'OPEN' ? 'IN_PROGRESS' : state.row.status },
      external: false,
      outcome: 'DONE',
      message: `Assigned to ${assignee}.`,
    };
  },
  ESCALATE: async ({ deps, body, state }) => {
    const team = typeof body.team === 'string' ? body.team : state.row.team;
    if (!team || !deps.catalog.teams.some((t) => t.id === team)) {
      throw new ApiProblem(400, 'UNKNOWN_TEAM', `Escalate to one of the teams ${deps.catalog.teams.map((t) => t.id).join(', ')}.`);
    }
    return {
      changes: { status: 'ESCALATED', team, assignee: null },
      external: false,
      outcome: 'DONE',
      message: `Escalated to ${deps.catalog.teams.find((t) => t.id === team)!.name}.`,
      detail: { team },
    };
  },
  RESOLVE: async ({ now }) => ({ changes: { status: 'RESOLVED', resolved_at: now }, external: false, outcome: 'DONE', message: 'Case resolved with your note.' }),
  REQUEST_UNSAFE_RETRY: async ({ deps, tx, actor, state, body, now }) => {
    // The approval binds to the exact retry command (its body hash) and to the case version after this request.
    const retryBody = { comment: `Approved unsafe retry: ${String(body.reason)}` };
    const approval = await deps.approvals.insert(tx, {
      id: randomUUID(),
      case_id: state.row.id,
      action: 'RETRY_STEP',
      idempotency_key: `approval-${randomUUID()}`,
      request_hash: hashRequest(state.row.id, 'RETRY_STEP', retryBody),
      request_body: canonicalJson(retryBody),
      case_version: state.row.version + 1,
      requested_by: actor.id,
      requested_roles: [...actor.roles],
      reason: String(body.reason),
      evidence: String(body.evidence),
      requested_at: now,
      expires_at: new Date(now.getTime() + deps.approvalTtlMs),
    });
    return {
      changes: { status: 'AWAITING_APPROVAL' },
      external: false,
      outcome: 'AWAITING_APPROVAL',
      message: `Unsafe retry requested. A supervisor other than you must approve it within ${durationInWords(deps.approvalTtlMs)}.`,
      detail: { approvalId: approval.id, expiresAt: approval.expires_at.toISOString() },
      approvalId: approval.id,
      httpStatus: 202,
    };
  },
};

export const EXTERNAL_EFFECTS: Partial<Record<ActionId, (ctx: ExternalContext) => Promise<ExternalOutcome>>> = {
  RETRY_STEP: async ({ deps, root }) => {
    if (!root) return { outcome: 'ALREADY_DONE', message: 'The engine shows no incident any more; nothing was repeated.', calls: [] };
    const result = await retryInEngine(deps.engine, root);
    return {
      ...result,
      message: result.outcome === 'DONE' ? 'Retry started. The case resolves when the process has moved past the step.' : 'The engine had already been told to retry this step; nothing was repeated.',
    };
  },
  MARK_FAILED_AND_RETRY: async ({ deps, command, row, root, step }) => {
    const domainCall = await markFailedAtService(deps.engine, deps.domain, row, step.reconciliation!, domainKey(command));
    crashPoint('after-domain-effect', command.id);
    const engine = root ? await retryInEngine(deps.engine, root) : { outcome: 'ALREADY_DONE' as const, calls: [] };
    return {
      outcome: engine.outcome,
      calls: [domainCall, ...engine.calls],
      message: 'Recorded as failed at the owning service, and the step runs again with the same request reference.',
    };
  },
  CONFIRM_EXTERNAL_OUTCOME: async ({ deps, command, row, root, body, step }) => {
    const rec = step.reconciliation!;
    const reference = String(body.reference);
    const domainCall = await confirmAtService(deps.engine, deps.domain, row, rec, reference, domainKey(command));
    crashPoint('after-domain-effect', command.id);
    const target = rec.confirm.messageTarget === 'rootProcess' ? (row.root_process_instance_id ?? row.process_instance_id!) : row.process_instance_id!;
    // An incident case confirms while its incident is open; a stuck token confirms while it still waits.
    const evidence: ConfirmationEvidence | null = root
      ? { incident: root }
      : row.source === 'STUCK' && row.process_instance_id && row.activity_id
        ? { waitingAt: { processInstanceId: row.process_instance_id, activityId: row.activity_id } }
        : null;
    const engine = evidence
      ? await correlateConfirmation(deps.engine, { messageName: rec.confirm.message, processInstanceId: target, evidence, variable: rec.confirm.referenceVariable, reference })
      : { outcome: 'ALREADY_DONE' as const, calls: [] };
    return {
      outcome: engine.outcome,
      calls: [domainCall, ...engine.calls],
      message: `Confirmed ${reference} at the owning service; the process continues on its modelled path.`,
    };
  },
  START_MISSING_WORKFLOW: async ({ deps, command, row }) => {
    if (!row.entity_id) throw new Error('The case names no order to start the workflow for.');
    const answer = await deps.domain.post('orders', `/orders/${encodeURIComponent(row.entity_id)}/workflow/start`, {}, domainKey(command));
    crashPoint('after-domain-effect', command.id);
    const running = await deps.engine.countRunningInstances(row.business_key ?? `order:${row.entity_id}`, row.definition_key);
    if (running === 0) throw new Error('The order service answered, but the engine shows no running workflow for the order.');
    return {
      outcome: (answer.body as { started?: boolean } | null)?.started === false ? 'ALREADY_DONE' : 'DONE',
      calls: [{ call: `POST orders/orders/${row.entity_id}/workflow/start`, status: answer.status }, { call: 'GET /process-instance/count', running }],
      message: 'The workflow runs now; the engine shows it for the order.',
      changes: { status: 'RESOLVED', resolved_at: deps.clock.now() },
    };
  },
  ANNOTATE: async ({ deps, command, root, body }) => {
    if (!root) return { outcome: 'ALREADY_DONE', message: 'Note added to the case.', calls: [] };
    const annotation = `${command.actor}: ${String(body.note)}`.slice(0, 4000);
    await deps.engine.setIncidentAnnotation(root.incident_id, annotation);
    return { outcome: 'DONE', message: 'Note added to the case and to the engine incident.', calls: [{ call: 'PUT /incident/{id}/annotation', id: root.incident_id }] };
  },
};

