// Changes made to a case's process instance outside the workbench (Cockpit, engine REST, a script), in words:
// the engine's user operation log has one entry per property of an operation, grouped back into one change.
import type { OutsideChange, TimelineEntry } from '../../contracts/cases.js';
import type { EngineOperationRow } from '../store/engine-operations-repo.js';
import { iso } from '../store/rows.js';

/** Attempts left before and after, in words: "attempts left 0 → 1". */
function attemptsWords(rows: EngineOperationRow[]): string {
  const retries = rows.find((r) => r.property === 'retries');
  return retries ? ` (attempts left ${retries.org_value ?? 'none'} → ${retries.new_value ?? 'none'})` : '';
}

/**
 * What one operation did, in business words, starting with a verb ("let the failed step try again …"). Engine
 * ids, property names and raw dates stay out: the timeline entry carries the time, the operation's code and
 * who did it, and the engine's log has the rest.
 */
export function describeOperation(rows: EngineOperationRow[]): string {
  const first = rows[0]!;
  const rescheduled = rows.some((r) => r.property === 'dueDate') ? ', rescheduled' : '';
  switch (first.operation_type) {
    case 'SetExternalTaskRetries':
      return `let the failed step try again${attemptsWords(rows)}, which clears its incident so a worker picks the step up again`;
    case 'SetJobRetries':
      return `let the failed step run again${attemptsWords(rows)}${rescheduled}, which clears its incident so the engine runs the step again`;
    case 'SetDueDate':
      return "rescheduled the step's next run";
    case 'Delete':
      return first.entity_type === 'ProcessInstance' ? 'cancelled the process instance' : `deleted a ${(first.entity_type ?? 'record').toLowerCase()}`;
    case 'DeleteHistory':
      return 'deleted the history of the process instance';
    case 'Suspend':
    case 'SuspendJob':
      return first.entity_type === 'ProcessInstance' ? 'suspended the process instance' : `suspended ${(first.entity_type ?? 'it').toLowerCase()}`;
    case 'Activate':
    case 'ActivateJob':
      return first.entity_type === 'ProcessInstance' ? 'activated the process instance' : `activated ${(first.entity_type ?? 'it').toLowerCase()}`;
    case 'SetVariable':
    case 'SetVariables':
    case 'ModifyVariable':
    case 'UpdateVariable':
      return 'changed process variables (the engine does not log which)';
    case 'RemoveVariable':
    case 'DeleteVariable':
      return 'removed process variables';
    case 'ModifyProcessInstance':
      return 'modified the process instance (moved, started or cancelled tokens)';
    case 'Migrate':
      return 'migrated the process instance to another process version';
    case 'Resolve':
      return 'resolved the incident';
    case 'CreateIncident':
      return 'raised an incident by hand';
    case 'SetAnnotation':
      return `annotated the incident${first.annotation ? `: ${first.annotation.slice(0, 300)}` : ''}`;
    case 'ClearAnnotation':
      return 'removed the annotation of the incident';
    case 'SetPriority':
    case 'SetExternalTaskPriority':
    case 'SetJobPriority':
      return `changed a priority to ${first.new_value ?? 'unknown'}`;
    case 'Restart':
    case 'RestartProcessInstance':
      return 'restarted the process instance';
    default:
      return `ran ${first.operation_type}${first.entity_type ? ` on ${first.entity_type}` : ''}`;
  }
}

/** The log's entries grouped into operations (one per operation id), newest first. */
export function outsideChanges(rows: readonly EngineOperationRow[]): OutsideChange[] {
  const groups = new Map<string, EngineOperationRow[]>();
  for (const row of rows) {
    const key = row.operation_id ?? row.id;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()]
    .map((group) => ({ at: iso(group[0]!.at), userId: group[0]!.user_id, operation: group[0]!.operation_type, text: describeOperation(group) }))
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** `SetExternalTaskRetries` → `SET_EXTERNAL_TASK_RETRIES`, like the workbench's own actions on the timeline. */
const asAction = (operation: string) => operation.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export function outsideChangeTimeline(changes: readonly OutsideChange[]): TimelineEntry[] {
  return changes.map((c) => ({
    at: c.at,
    actor: c.userId ?? 'unknown engine user',
    action: asAction(c.operation),
    outcome: 'OUTSIDE_WORKBENCH',
    text: `${c.userId ?? 'Someone'} ${c.text} — directly in the engine (Cockpit, engine REST or a script), not through the workbench.`,
  }));
}
