import { Link } from 'react-router';
import type { Approval, ApprovalStatus } from '../../../../contracts/approvals.js';
import { Countdown } from '../../../components/ui/Countdown.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { kebab, sideEffectLabel } from '../../../components/ui/labels.js';
import type { ApprovalListStatus } from '../../../lib/query-keys.js';
import { EXPIRING_SOON_MS } from '../api/get-approvals.js';
import type { Decision } from '../api/decide-approval.js';

const statusLabels: Record<ApprovalStatus, string> = {
  PENDING: 'Pending',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
};

export function approvalColumns(status: ApprovalListStatus, canDecide: boolean): string[] {
  return [
    'Case',
    'Business key',
    'Side effect',
    'Requested by',
    'Reason',
    'Evidence',
    'Requested',
    'Expires',
    ...(status === 'all' ? ['Status'] : []),
    ...(canDecide ? ['Decision'] : []),
  ];
}

/** Requester text (reason, evidence) is untrusted input: rendered as text nodes only. */
export function ApprovalRows({
  approvals,
  showStatus,
  canDecide,
  userId,
  onDecide,
}: {
  approvals: Approval[];
  showStatus: boolean;
  canDecide: boolean;
  userId: string | null;
  onDecide: (approval: Approval, decision: Decision) => void;
}) {
  return (
    <tbody>
      {approvals.map((approval) => {
        const pending = approval.status === 'PENDING';
        return (
          <tr key={approval.id} data-testid="approval-row">
            <td>
              <Link to={`/cases/${encodeURIComponent(approval.caseId)}`} className="mono approvals-table__case">
                {approval.caseId}
              </Link>
              <span className="approvals-table__sub">{approval.case.activityName ?? approval.case.activityId ?? '—'}</span>
            </td>
            <td className="mono">{approval.case.businessKey ?? '—'}</td>
            <td>
              <span className={`ui-chip side-effect side-effect--${kebab(approval.sideEffect)}`} data-testid="approval-side-effect">
                {sideEffectLabel(approval.sideEffect)}
              </span>
            </td>
            <td>{approval.requestedBy}</td>
            <td className="approvals-table__text">{approval.reason}</td>
            <td className="approvals-table__text">{approval.evidence}</td>
            <td>
              <AbsoluteTime iso={approval.requestedAt} />
              <span className="approvals-table__sub">
                <RelativeTime iso={approval.requestedAt} />
              </span>
            </td>
            <td>{pending ? <Countdown until={approval.expiresAt} soonMs={EXPIRING_SOON_MS} /> : <AbsoluteTime iso={approval.expiresAt} />}</td>
            {showStatus ? (
              <td>
                <span className={`ui-chip approval-status approval-status--${kebab(approval.status)}`}>{statusLabels[approval.status]}</span>
                {approval.decidedBy ? (
                  <span className="approvals-table__sub">
                    by {approval.decidedBy}
                    {approval.decisionReason ? `: ${approval.decisionReason}` : ''}
                  </span>
                ) : null}
                {approval.executionOutcome ? <span className="approvals-table__sub">Retry: {approval.executionOutcome}</span> : null}
              </td>
            ) : null}
            {canDecide ? (
              <td>
                {pending ? (
                  <div className="approvals-table__decide">
                    <button
                      type="button"
                      className="ui-button ui-button--small ui-button--primary"
                      data-testid={`approve-${approval.id}`}
                      aria-label={`Approve the retry of ${approval.caseId}`}
                      onClick={() => onDecide(approval, 'approve')}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="ui-button ui-button--small"
                      data-testid={`reject-${approval.id}`}
                      aria-label={`Reject the retry of ${approval.caseId}`}
                      onClick={() => onDecide(approval, 'reject')}
                    >
                      Reject
                    </button>
                    {approval.requestedBy === userId ? (
                      <span className="approvals-table__sub">You asked for this one: another supervisor must decide.</span>
                    ) : null}
                  </div>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            ) : null}
          </tr>
        );
      })}
    </tbody>
  );
}
