import { Link } from 'react-router';
import type { CaseDetail } from '../../../../contracts/cases.js';

/** Drill-down both ways along a call chain: down to a called instance's case, up to the parent order's view. */
export function CalledProcesses({ detail }: { detail: CaseDetail }) {
  const { calledProcesses, parentProcessInstanceId, case: item } = detail;
  if (calledProcesses.length === 0 && parentProcessInstanceId === null) return null;
  const orderId = item.entity?.type === 'ORDER' ? item.entity.id : null;
  return (
    <div className="called-processes panel__body" data-testid="called-processes">
      <h3 className="called-processes__title">Called process</h3>
      <ul className="called-processes__list">
        {parentProcessInstanceId !== null ? (
          <li data-testid="parent-process">
            Started by instance <span className="mono">{parentProcessInstanceId}</span>
            {orderId ? (
              <>
                {' '}
                · <Link to={`/orders/${encodeURIComponent(orderId)}`}>Open order {orderId}</Link>
              </>
            ) : null}
          </li>
        ) : null}
        {calledProcesses.map((c) => (
          <li key={`${c.activityId}:${c.processInstanceId}`} data-testid="called-process">
            <span className="mono">{c.activityId}</span> called instance <span className="mono">{c.processInstanceId}</span>{' '}
            {c.caseId ? (
              <Link to={`/cases/${encodeURIComponent(c.caseId)}`} className="mono">
                Case {c.caseId}
              </Link>
            ) : (
              <span className="muted">no open case</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
