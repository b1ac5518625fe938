import { Link } from 'react-router';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { Countdown } from '../../../components/ui/Countdown.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { codeInWords } from '../../../components/ui/labels.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { CommandProgress } from './CommandProgress.js';

/**
 * States an operator must see before acting: a command still on its way, a retry waiting for a supervisor,
 * a freeze on the step.
 */
export function CaseBanners({ detail }: { detail: CaseDetail }) {
  const user = useSessionUser();
  const { pendingApproval, pendingCommand, commandProgress, case: item } = detail;
  const changedInEngine = item.status === 'CLEARED_OUTSIDE' || item.status === 'CANCELLED_IN_ENGINE' || item.cancelledInEngineAt !== null;
  // Operationally unsafe cases are frozen by their category; other cases only by a freeze of their activity.
  const unsafeByCategory = item.category === 'OPERATIONAL_UNSAFE';
  return (
    <div className="case-banners">
      {changedInEngine ? <ChangedInEngineBanner detail={detail} /> : null}
      {/* Always mounted: it remembers which commands this page watched, to tell how they ended. */}
      <CommandProgress detail={detail} />
      {/* A workflow command's progress tells its pending state already. */}
      {pendingCommand && pendingCommand.id !== commandProgress?.id ? <PendingCommandBanner detail={detail} command={pendingCommand} /> : null}
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

function PendingCommandBanner({ detail, command }: { detail: CaseDetail; command: NonNullable<CaseDetail['pendingCommand']> }) {
  const known = [...detail.actions.offered, ...detail.actions.withheld].find((a) => a.action === command.action);
  const label = known?.label ?? codeInWords(command.action);
  return (
    <div className="notice notice--pending case-banner" role="status" data-testid="pending-command-banner">
      <p>
        <strong>{command.state === 'PENDING' ? 'Command pending.' : 'Command running.'}</strong> {label}, asked by {command.requestedBy}{' '}
        <RelativeTime iso={command.requestedAt} />,{' '}
        {command.state === 'PENDING'
          ? 'is recorded and waits for the engine or a domain service to answer; the workbench completes it once, then updates this case.'
          : 'is being carried out now.'}
      </p>
      <p className="notice__meta">No other action runs on this case until it finishes{command.attempts > 0 ? ` (attempts so far: ${command.attempts})` : ''}.</p>
    </div>
  );
}

/**
 * The case's instance was changed in the engine behind the workbench's back (Cockpit, engine REST, a script):
 * say what the engine shows, who did it and when (from the engine's operation log), and what is left to do.
 */
function ChangedInEngineBanner({ detail }: { detail: CaseDetail }) {
  const { case: item, lastOutsideChange: change } = detail;
  const step = item.activityName ?? item.activityId ?? 'the step';
  const who = change ? (
    <p className="notice__meta" data-testid="outside-change">
      {change.userId ?? 'Someone'} {change.text}, <AbsoluteTime iso={change.at} /> (<RelativeTime iso={change.at} />), directly in the engine.
    </p>
  ) : (
    <p className="notice__meta">
      Who did it is not known (yet): the engine's operation log is read in the background, and it records only changes made by an authenticated
      engine user.
    </p>
  );
  if (item.status === 'CLEARED_OUTSIDE') {
    return (
      <div className="notice notice--warning case-banner" role="status" data-testid="cleared-outside-banner">
        <p>
          <strong>Incident cleared outside the workbench — step still waiting.</strong> The engine no longer shows the incident, but the token is still
          at {step}: this is not an open incident any more, and not resolved either. The case resolves once the step completes, and reopens if it
          fails again; if it keeps waiting, check the step's worker or job and the owning service.
        </p>
        {who}
      </div>
    );
  }
  if (item.status === 'CANCELLED_IN_ENGINE') {
    return (
      <div className="notice notice--error case-banner" role="status" data-testid="cancelled-in-engine-banner">
        <p>
          <strong>Cancelled in the engine — not resolved.</strong> The process instance was cancelled
          {item.cancelledInEngineAt ? (
            <>
              {' '}
              at <AbsoluteTime iso={item.cancelledInEngineAt} />
            </>
          ) : null}{' '}
          while this case was open.{' '}
          {item.domainMismatch ? (
            <span data-testid="domain-mismatch">
              <strong>Domain/workflow mismatch:</strong> {item.domainMismatch}
            </span>
          ) : (
            'The order service is being asked whether the order was cancelled too; until it agrees, the case stays open.'
          )}
        </p>
        {who}
      </div>
    );
  }
  return (
    <div className="notice notice--pending case-banner" role="status" data-testid="closed-cancelled-banner">
      <p>
        <strong>Closed: the workflow was cancelled in the engine</strong>
        {item.cancelledInEngineAt ? (
          <>
            {' '}
            at <AbsoluteTime iso={item.cancelledInEngineAt} />
          </>
        ) : null}
        , and nothing contradicts it (the order is closed too, or the case names no order). Not a resolution of the failure: nothing is left to
        do.
      </p>
      {who}
    </div>
  );
}
