/**
 * A runbook's safe recovery names actions by their labels ("Confirm external outcome"). An operator who
 * follows it must find each named action on the case, so the loader checks, for every rule and stage budget
 * that sends cases to the runbook, that each named action can be offered there: the label is an action's,
 * the action is allowed for the case's category, and the step has what the action needs (a status check
 * and a confirm path, a mark-failed path, an incident to retry). Otherwise the runbook would point to a
 * button that never appears.
 */
import type { ActionId, CaseCategory } from '../../contracts/cases.js';
import type { Draft, Located } from './assemble.js';
import type { ReconciliationFile } from './schema.js';

type Report = (at: { file: string; path: string }, message: string, subPath?: string) => void;

/** Who sends cases to a runbook: a rule (incident cases) or a stage budget (stuck cases). */
interface RunbookUser {
  at: Located<unknown>;
  what: string;
  category: CaseCategory;
  source: 'INCIDENT' | 'STUCK';
  /** The step's reconciliation when the user names one step; undefined when it may match several. */
  reconciliation: ReconciliationFile | null | undefined;
}

const QUOTED = /"([^"]+)"/g;

export function checkRunbookActions(draft: Draft, report: Report): void {
  if (!draft.actions) return;
  const byLabel = new Map<string, ActionId>();
  for (const [id, action] of Object.entries(draft.actions.value)) byLabel.set(action.label.toLowerCase(), id as ActionId);

  const stepReconciliation = (processKey: string | null, activityId: string | undefined, topic: string | undefined): ReconciliationFile | null | undefined => {
    const topicEntry = draft.topics.find(
      (t) => (topic !== undefined && t.value.topic === topic) || (activityId !== undefined && (processKey === null || t.value.processKey === processKey) && t.value.activityIds.includes(activityId)),
    );
    if (topicEntry) return topicEntry.value.reconciliation ?? null;
    if (activityId === undefined || processKey === null) return undefined;
    const activity = draft.activities.find((a) => a.value.processKey === processKey && a.value.activityId === activityId);
    return activity ? (activity.value.reconciliation ?? null) : undefined;
  };

  const users = new Map<string, RunbookUser[]>();
  const add = (runbook: string, user: RunbookUser) => users.set(runbook, [...(users.get(runbook) ?? []), user]);
  for (const entry of draft.rules) {
    const r = entry.value;
    const processKey = r.scopedTo ?? r.processDefinitionKey ?? null;
    add(r.runbook, { at: entry, what: `rule ${r.id}`, category: r.category, source: 'INCIDENT', reconciliation: stepReconciliation(processKey, r.activityId, r.topic) });
  }
  for (const entry of draft.budgets) {
    const b = entry.value;
    add(b.runbook, { at: entry, what: `the stage budget of ${b.activityId}`, category: b.category, source: 'STUCK', reconciliation: stepReconciliation(b.processKey, b.activityId, undefined) });
  }

  for (const runbook of draft.runbooks) {
    runbook.value.safeRecovery.forEach((line, index) => {
      for (const [, label] of line.matchAll(QUOTED)) {
        const action = byLabel.get(label!.toLowerCase());
        const subPath = `.safeRecovery[${index}]`;
        if (!action) {
          report(runbook, `names "${label}", which is not the label of any action (${[...byLabel.keys()].map((l) => `"${l}"`).join(', ')})`, subPath);
          continue;
        }
        const rule = draft.actions!.value[action]!;
        for (const user of users.get(runbook.value.id) ?? []) {
          // The policy lists a retry on every incident and decides by category and evidence itself.
          const missing = action === 'RETRY_STEP' || rule.categories.includes(user.category)
            ? missingStepCapability(action, user)
            : `the action is not allowed for ${user.category} cases (its categories: ${rule.categories.join(', ')})`;
          if (missing) report(runbook, `names "${label}", but it cannot be offered on cases from ${user.what} (${user.at.file}): ${missing}`, subPath);
        }
      }
    });
  }
}

/** What the case's step lacks for the action, mirroring the policy's `applies` (null: nothing lacks). */
function missingStepCapability(action: ActionId, user: RunbookUser): string | null {
  const known = user.reconciliation !== undefined;
  const reconciliation = user.reconciliation ?? null;
  switch (action) {
    case 'RETRY_STEP':
    case 'REQUEST_UNSAFE_RETRY':
      return user.source === 'INCIDENT' ? null : 'a stuck case has no incident to retry';
    case 'CHECK_EXTERNAL_STATUS':
    case 'CONFIRM_EXTERNAL_OUTCOME':
      return !known || reconciliation ? null : 'the step has no reconciliation (status check and confirm path) in its contract';
    case 'MARK_FAILED_AND_RETRY':
      if (user.source !== 'INCIDENT') return 'a stuck case has no incident to retry';
      return !known || reconciliation?.markFailed ? null : 'the step\'s reconciliation has no markFailed path';
    default:
      return null;
  }
}
