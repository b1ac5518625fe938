import type { ActionId } from '../../contracts/cases.js';
import type { CommandDeps, Actor } from '../commands/context.js';
import { actionRulesOf, stepContractOf, type StepContract } from '../commands/step-contract.js';
import { decideActions } from '../fallout/policy.js';
import type { CaseIncidentRow } from '../store/cases-repo.js';
import type { CommandRow } from '../store/commands-repo.js';
import type { Queryable } from '../store/db.js';
import { caseFromRow, type CaseRow } from '../store/rows.js';
import { WORKFLOW_ACTIONS } from './command-progress.js';
import { isFrozen } from './summaries.js';

export interface CaseState {
  row: CaseRow;
  frozen: boolean;
  root: CaseIncidentRow | null;
  step: StepContract;
  pendingCommand: boolean;
  pendingApprovalId: string | null;
  /** See PolicyInput.workflowCommandBeingVerified. */
  workflowCommandBeingVerified: ActionId | null;
  latestEvidence: { finding: 'FOUND' | 'NOT_FOUND' | 'UNKNOWN'; reference: string | null } | null;
}

/** Everything the policy looks at, read in the caller's transaction so the decision matches what it locks. */
export async function loadCaseState(deps: CommandDeps, row: CaseRow, tx: Queryable): Promise<CaseState> {
  // One after another: `tx` may be a single connection, which runs one statement at a time.
  const incidents = await deps.cases.incidentsOf(row.id, tx);
  const pendingCommand = await deps.commands.hasUnfinished(tx, row.id);
  const approval = await deps.approvals.pendingFor(row.id, tx);
  const evidence = await deps.evidence.ofCase(row.id, tx);
  const frozen = await deps.frozenActivities(tx);
  const root = incidents.find((i) => i.is_root_cause && i.open) ?? null;
  const lastWorkflowCommand = root ? await deps.commands.latestOf(row.id, WORKFLOW_ACTIONS, tx) : null;
  return {
    row,
    frozen: isFrozen(row, frozen),
    root,
    workflowCommandBeingVerified: root && lastWorkflowCommand && beingVerified(lastWorkflowCommand, root) ? (lastWorkflowCommand.action as ActionId) : null,
    step: stepContractOf(deps.catalog, row),
    pendingCommand,
    pendingApprovalId: approval?.id ?? null,
    latestEvidence: evidence.find((e) => e.kind === 'STATUS_CHECK') ?? null,
  };
}

export function decideFor(deps: CommandDeps, state: CaseState, actor: Actor) {
  return decideActions({
    case: caseFromRow(state.row, state.frozen),
    finding: findingOf(state.row),
    step: state.step.facts,
    actions: actionRulesOf(deps.catalog),
    hasOpenRootIncident: state.root !== null,
    hasPendingCommand: state.pendingCommand,
    hasPendingApproval: state.pendingApprovalId !== null,
    workflowCommandBeingVerified: state.workflowCommandBeingVerified,
    latestEvidence: state.latestEvidence,
    user: actor,
  });
}

/**
 * The command went through after the open incident was attached (both on the workbench's clock): the engine
 * has not reported a failure since, so the incident the read model still shows is the one the command acted
 * on. A new failure of the step is a new incident, attached later, and offers the step's actions again.
 */
function beingVerified(command: CommandRow, root: CaseIncidentRow): boolean {
  const seen = root.attached_at ?? root.created_at;
  return command.state === 'DONE' && command.updated_at.getTime() >= seen.getTime();
}

/** `reconcile:NEVER_STARTED:order:ORD-1` → NEVER_STARTED */
export function findingOf(row: Pick<CaseRow, 'finding_key' | 'source'>): string | null {
  if (row.source !== 'RECONCILE' || !row.finding_key) return null;
  return row.finding_key.split(':')[1] ?? null;
}
