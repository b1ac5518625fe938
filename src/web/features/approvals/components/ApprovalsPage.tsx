import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Approval } from '../../../../contracts/approvals.js';
import { EmptyState, ErrorState, SkeletonRows, Spinner } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { outcomeNotice, type OutcomeNotice } from '../../../lib/command-outcome.js';
import { createIntentKeys } from '../../../lib/idempotency.js';
import type { ApprovalListStatus } from '../../../lib/query-keys.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { parseApprovalListStatus, useApprovals } from '../api/get-approvals.js';
import { useDecideApproval, type Decision } from '../api/decide-approval.js';
import { ApprovalRows, approvalColumns } from './ApprovalRows.js';
import { DecisionDialog } from './DecisionDialog.js';
import './approvals.css';

const filters: Array<{ value: ApprovalListStatus; label: string }> = [
  { value: 'pending', label: 'Pending' },
  { value: 'all', label: 'All' },
];

type Notice = Pick<OutcomeNotice, 'tone' | 'text' | 'detail'>;

export function ApprovalsPage() {
  const [params] = useSearchParams();
  const status = parseApprovalListStatus(params.get('status'));
  const approvals = useApprovals(status);
  const user = useSessionUser();
  const canDecide = hasAnyRole(user, uiAccess.decideApprovals);
  const decide = useDecideApproval();
  const intents = useRef(createIntentKeys());
  const [open, setOpen] = useState<{ approval: Approval; decision: Decision } | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  useDocumentTitle(status === 'all' ? 'All approvals' : 'Pending approvals');

  function confirm(approval: Approval, decision: Decision, reason: string) {
    const fingerprint = JSON.stringify([decision, approval.id, reason.trim()]);
    const idempotencyKey = intents.current.keyFor(fingerprint);
    setNotice(null);
    decide.mutate(
      { approvalId: approval.id, decision, reason, idempotencyKey },
      {
        onSuccess: (answer) => {
          intents.current.finish(fingerprint, 'settled');
          setOpen(null);
          if (answer.decision === 'approve') {
            const outcome = outcomeNotice(answer.result);
            setNotice({ tone: outcome.tone, text: `Approved ${approval.caseId}. ${outcome.text}`, detail: outcome.detail });
          } else {
            setNotice({ tone: 'success', text: `Rejected: the retry of ${approval.caseId} will not run.` });
          }
        },
        onError: (error) => {
          const unknown = error.code === 'NETWORK' || error.status >= 500;
          intents.current.finish(fingerprint, unknown ? 'unknown' : 'settled');
          if (error.status === 409) {
            setOpen(null);
            setNotice({ tone: 'warning', text: `Not decided: ${error.message}` });
          }
        },
      },
    );
  }

  const dialogError = decide.isError && decide.error.status !== 409 ? decide.error : null;
  const data = approvals.data;

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Approvals</h1>
          <p className="page__subtitle">
            Unsafe retries wait here for a supervisor who is not the requester. An approval expires; an expired request must be asked again.
          </p>
        </div>
        <div className="page-toolbar">
          {approvals.isFetching && !approvals.isPending ? <Spinner label="Refreshing" /> : null}
          <nav className="segmented" aria-label="Approval status filter">
            {filters.map((filter) => (
              <Link
                key={filter.value}
                to={filter.value === 'pending' ? '/approvals' : `/approvals?status=${filter.value}`}
                className={`segmented__item${status === filter.value ? ' segmented__item--active' : ''}`}
                aria-current={status === filter.value ? 'page' : undefined}
              >
                {filter.label}
              </Link>
            ))}
          </nav>
        </div>
      </div>

      {notice ? (
        <div className={`notice notice--${notice.tone} page-notice`} role={notice.tone === 'warning' ? 'alert' : 'status'} data-testid="approval-notice">
          <p>{notice.text}</p>
          {notice.detail ? <p className="notice__meta">{notice.detail}</p> : null}
        </div>
      ) : null}

      {data ? (
        <p className="approvals-summary" data-testid="approvals-summary">
          {data.pendingCount} pending
          {data.expiringSoonCount > 0 ? <strong className="approvals-summary__soon"> · {data.expiringSoonCount} expiring within 10 min</strong> : null}
          {canDecide ? null : <span className="muted"> · Only supervisors decide; you can follow the requests here.</span>}
        </p>
      ) : null}

      <section className="panel ui-panel-clip" aria-labelledby="approvals-caption">
        {approvals.isError && !data ? (
          <ErrorState
            title={approvals.error.status === 403 ? 'The approvals inbox is not open to your roles' : 'Approvals could not be loaded'}
            failure={toFailure(approvals.error)}
            onRetry={() => void approvals.refetch()}
            retrying={approvals.isFetching}
          />
        ) : data && data.items.length === 0 ? (
          <EmptyState title={status === 'pending' ? 'No approvals waiting' : 'No approvals yet'}>
            <p>
              Requests for unsafe retries appear here.
              {status === 'pending' ? (
                <>
                  {' '}
                  <Link to="/approvals?status=all">Show decided and expired ones</Link>.
                </>
              ) : null}
            </p>
          </EmptyState>
        ) : (
          <div className="ui-table-wrap">
            <table className="ui-table approvals-table">
              <caption id="approvals-caption" className="ui-table__caption">
                {data ? `${status === 'all' ? 'All' : 'Pending'} approvals: ${data.items.length}` : 'Approvals'}
              </caption>
              <thead>
                <tr>
                  {approvalColumns(status, canDecide).map((column) => (
                    <th key={column} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              {data ? (
                <ApprovalRows
                  approvals={data.items}
                  showStatus={status === 'all'}
                  canDecide={canDecide}
                  userId={user?.id ?? null}
                  onDecide={(approval, decision) => {
                    decide.reset();
                    setOpen({ approval, decision });
                  }}
                />
              ) : (
                <SkeletonRows columns={approvalColumns(status, canDecide).length} label="Loading approvals" />
              )}
            </table>
            {approvals.isError ? (
              <p className="ui-stale" role="status">
                Showing the last loaded list: {approvals.error.message}
              </p>
            ) : null}
          </div>
        )}
      </section>

      {open ? (
        <DecisionDialog
          key={`${open.approval.id}-${open.decision}`}
          approval={open.approval}
          decision={open.decision}
          submitting={decide.isPending}
          error={dialogError}
          onCancel={() => setOpen(null)}
          onConfirm={(reason) => confirm(open.approval, open.decision, reason)}
        />
      ) : null}
    </div>
  );
}
