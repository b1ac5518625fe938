import { Link } from 'react-router';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { Countdown } from '../../../components/ui/Countdown.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';

/** States an operator must see before acting: a retry waiting for a supervisor, a freeze on the step. */
export function CaseBanners({ detail }: { detail: CaseDetail }) {
  const user = useSessionUser();
  const { pendingApproval, case: item } = detail;
  if (!pendingApproval && !item.frozen) return null;
  // Operationally unsafe cases are frozen by their category; other cases only by a freeze of their activity.
  const unsafeByCategory = item.category === 'OPERATIONAL_UNSAFE';
  return (
    <div className="case-banners">
      {pendingApproval ? (
        <div className="notice notice--pending case-banner" role="status" data-testid="pending-approval-banner">
          <p>
            <strong>Awaiting approval.</strong> {pendingApproval.requestedBy} asked for a retry; a supervisor other than the requester must approve
            it. Expires <Countdown until={pendingApproval.expiresAt} soonMs={10 * 60_000} />
          </p>
          {hasAnyRole(user, uiAccess.approvals) ? (
            <p className="notice__meta">
              <Link to="/approvals">Open the approvals inbox</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {item.frozen && unsafeByCategory ? (
        <div className="notice notice--warning case-banner" role="status" data-testid="frozen-banner">
          <p>
            <strong>Frozen.</strong> {item.activityName ?? item.activityId ?? 'This step'} could repeat a money or contract effect: no retry
            runs here without a supervisor's approval.
          </p>
        </div>
      ) : null}
      {item.frozen && !unsafeByCategory ? (
        <div className="notice notice--warning case-banner" role="status" data-testid="frozen-banner">
          <p>
            <strong>Frozen.</strong> A freeze covers {item.activityName ?? item.activityId ?? 'this step'}: no retry runs here without a supervisor's
            approval.
          </p>
          {hasAnyRole(user, uiAccess.freezes) ? (
            <p className="notice__meta">
              <Link to="/freezes">See the active freezes</Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
