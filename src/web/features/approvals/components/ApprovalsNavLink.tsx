import { useId } from 'react';
import { NavLink } from 'react-router';
import { useApprovals } from '../api/get-approvals.js';

/** The nav entry with the number of approvals waiting; the count refreshes with the pending list. */
export function ApprovalsNavLink() {
  const pending = useApprovals('pending');
  const descriptionId = useId();
  const count = pending.data?.pendingCount ?? 0;
  const soon = pending.data?.expiringSoonCount ?? 0;
  return (
    <>
      <NavLink to="/approvals" className="topbar__link" aria-describedby={count > 0 ? descriptionId : undefined}>
        Approvals
        {count > 0 ? (
          <span className={`nav-badge${soon > 0 ? ' nav-badge--urgent' : ''}`} aria-hidden="true" data-testid="approvals-badge">
            {count}
          </span>
        ) : null}
      </NavLink>
      {count > 0 ? (
        <span id={descriptionId} className="ui-visually-hidden">
          {count} pending{soon > 0 ? `, ${soon} expiring soon` : ''}
        </span>
      ) : null}
    </>
  );
}
