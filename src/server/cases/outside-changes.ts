// Changes made to a case's process instance outside the workbench (Cockpit, engine REST, a script), in words:
// the engine's user operation log has one entry per property of an operation, grouped back into one change.
import type { OutsideChange, TimelineEntry } from '../../contracts/cases.js';
import type { EngineOperationRow } from '../store/engine-operations-repo.js';
import { iso } from '../store/rows.js';

const short = (id: string | null) => (id ? `${id.slice(0, 8)}…` : 'unknown');

/** The log's `dueDate` values are epoch milliseconds. */
function dateValue(value: string | null): string {
  if (value && /^\d{10,}$/.test(value)) return new Date(Number(value)).toISOString();
  return value ?? 'none';
}

function valueOf(rows: EngineOperationRow[], property: string): EngineOperationRow | undefined {
  return rows.find((r) => r.property === property);
}

/** What one operation did, in words, starting with a verb ("set the retries of …"). */
export function describeOperation(rows: EngineOperationRow[]): string {
  const first = rows[0]!;
  const retries = valueOf(rows, 'retries');
  const due = valueOf(rows, 'dueDate');
  const retriesWords = retries ? ` from ${retries.org_value ?? 'none'} to ${retries.new_value ?? 'none'}` : '';
  switch (first.operation_type) {
    case 'SetExternalTaskRetries':
      return `set the retries of external task ${short(first.external_task_id)}${retriesWords}, which resolves its incident and lets a worker fetch it again`;
    case 'SetJobRetries':
      return `set the retries of job ${short(first.job_id)}${retriesWords}${due ? `, due ${dateValue(due.new_value)}` : ''}, which resolves its incident and lets the job run again`;
    case 'SetDueDate':
      return `moved the due date of job ${short(first.job_id)} to ${dateValue(due?.new_value ?? null)}`;
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
