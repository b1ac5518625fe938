import type { CommandDeps, Actor } from '../commands/context.js';
import { actionRulesOf, stepContractOf, type StepContract } from '../commands/step-contract.js';
import { decideActions } from '../fallout/policy.js';
import type { CaseIncidentRow } from '../store/cases-repo.js';
import type { Queryable } from '../store/db.js';
import { caseFromRow, type CaseRow } from '../store/rows.js';
import { isFrozen } from './summaries.js';

export interface CaseState {
  row: CaseRow;
  frozen: boolean;
  root: CaseIncidentRow | null;
  step: StepContract;
  pendingCommand: boolean;
  pendingApprovalId: string | null;
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
  return {
    row,
    frozen: isFrozen(row, frozen),
    root: incidents.find((i) => i.is_root_cause && i.open) ?? null,
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
    latestEvidence: state.latestEvidence,
    user: actor,
  });
}

/** `reconcile:NEVER_STARTED:order:ORD-1` → NEVER_STARTED */
export function findingOf(row: Pick<CaseRow, 'finding_key' | 'source'>): string | null {
  if (row.source !== 'RECONCILE' || !row.finding_key) return null;
  return row.finding_key.split(':')[1] ?? null;
}
