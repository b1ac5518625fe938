import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MigrationPlan } from '../../../../contracts/migrations.js';
import type { SessionUser } from '../../../../contracts/session.js';
import { ErrorState, SkeletonBlock, Spinner } from '../../../components/ui/States.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { isMoving, useMigrationPlan } from '../api/get-migrations.js';
import { useDecideMigrationPlan, type MigrationAction } from '../api/manage-migrations.js';
import { actionCopy, eventLabel, planStateExplanations } from '../api/migration-words.js';
import { Exclusions, FrozenList } from './FrozenList.js';
import { MigrationDecisionDialog } from './MigrationDecisionDialog.js';
import { PlanStateChip } from './PlanStateChip.js';
import { EngineValidation, PlanSummary } from './PlanSummary.js';
import './migrations.css';

const ACTION_ORDER: MigrationAction[] = ['START', 'APPROVE', 'REJECT', 'ABORT'];

/** An action's outcome; shown while the plan is still in the state the action left it in (`forState`). */
type Notice = { tone: 'success' | 'warning'; text: string; forState: MigrationPlan['state'] | null };

const doneText: Record<MigrationAction, string> = {
  APPROVE: 'Approved. A platform owner may start it now.',
  REJECT: 'Rejected. Nothing was migrated.',
  START: 'Started: the canary goes first. This page follows the progress.',
  ABORT: 'Aborted. Orders not yet migrated stay where they are.',
};

export function MigrationPlanPage() {
  const { planId = '' } = useParams();
  const plan = useMigrationPlan(planId);
  const user = useSessionUser();
  const decide = useDecideMigrationPlan();
  const [open, setOpen] = useState<MigrationAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  useDocumentTitle(plan.data ? `Migration ${plan.data.processName ?? plan.data.processDefinitionKey} v${plan.data.sourceVersion} → v${plan.data.targetVersion}` : 'Migration plan');

  function confirm(current: MigrationPlan, action: MigrationAction, reason: string) {
    setNotice(null);
    decide.mutate(
      { planId: current.id, action, reason },
      {
        onSuccess: (after) => {
          setOpen(null);
          setNotice({ tone: 'success', text: doneText[action], forState: after.state });
        },
        onError: (error) => {
          if (error.status === 409) {
            setOpen(null);
            setNotice({ tone: 'warning', text: `Not done: ${error.message}`, forState: null });
          }
        },
      },
    );
  }

  if (plan.isPending) {
    return (
      <div className="page">
        <SkeletonBlock label="Loading the migration plan" />
      </div>
    );
  }
  if (plan.isError) {
    const failure = toFailure(plan.error);
    return (
      <div className="page">
        <p className="breadcrumb-line">
          <Link to="/migrations">Migration plans</Link>
        </p>
        <section className="panel">
          <ErrorState
            title={failure.status === 404 ? 'No such migration plan' : failure.status === 403 ? 'Migration plans are not open to your roles' : 'The migration plan could not be loaded'}
            failure={failure}
            onRetry={() => void plan.refetch()}
            retrying={plan.isFetching}
          />
        </section>
      </div>
    );
  }

  const data = plan.data;
  const actions = ACTION_ORDER.filter((a) => data.allowedActions.includes(a));
  return (
    <div className="page migration-plan">
      <p className="breadcrumb-line">
        <Link to="/migrations">Migration plans</Link>
      </p>
      <div className="page__header">
        <div>
          <h1 className="page__title">
            {data.processName ?? 'Process without a name'}: version {data.sourceVersion} → {data.targetVersion}
          </h1>
          <p className="page__subtitle migration-plan__meta">
            <PlanStateChip state={data.state} />
            <span>
              planned by {data.createdBy}, <AbsoluteTime iso={data.createdAt} /> (<RelativeTime iso={data.createdAt} />)
            </span>
            <span className="mono muted" data-technical>
              {data.processDefinitionKey}
            </span>
            <EngineLabel engineId={data.engineId} />
          </p>
        </div>
        <div className="page-toolbar" data-testid="plan-actions">
          {plan.isFetching && isMoving(data) ? <Spinner label="Following" /> : null}
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={`ui-button${actionCopy[action].tone === 'danger' ? ' ui-button--danger-outline' : ' ui-button--primary'}`}
              onClick={() => {
                decide.reset();
                setOpen(action);
              }}
            >
              {actionCopy[action].button}
            </button>
          ))}
        </div>
      </div>

      {notice && (notice.forState === null || notice.forState === data.state) ? (
        <div className={`notice notice--${notice.tone} page-notice`} role={notice.tone === 'warning' ? 'alert' : 'status'} data-testid="plan-notice">
          <p>{notice.text}</p>
        </div>
      ) : null}

      <StateNotice plan={data} user={user} />
      <Progress plan={data} />

      <div className="migration-plan__grid">
        <div className="migration-plan__main">
          <FrozenList plan={data} />
          <Exclusions exclusions={data.exclusions} />
          <Events plan={data} />
        </div>
        <div className="migration-plan__side">
          <PlanSummary plan={data} />
          <EngineValidation validation={data.validation} />
        </div>
      </div>

      {open ? (
        <MigrationDecisionDialog
          key={open}
          plan={data}
          action={open}
          submitting={decide.isPending}
          error={decide.isError && decide.error.status !== 409 ? toFailure(decide.error) : null}
          onCancel={() => setOpen(null)}
          onConfirm={(reason) => confirm(data, open, reason)}
        />
      ) : null}
    </div>
  );
}

/** Where the plan stands and who acts next, four eyes said in words. */
function StateNotice({ plan, user }: { plan: MigrationPlan; user: Pick<SessionUser, 'id'> | null }) {
  const mine = user?.id === plan.createdBy;
  let next: string | null = null;
  if (plan.state === 'AWAITING_APPROVAL') {
    if (mine) next = 'You requested this plan; another platform owner or a supervisor must approve it.';
    else if (plan.allowedActions.includes('APPROVE')) next = `${plan.createdBy} requested this plan; you may approve or reject it. Approving does not start it.`;
    else next = `${plan.createdBy} requested this plan; a platform owner other than them, or a supervisor, must approve it.`;
  } else if (plan.state === 'APPROVED') {
    next = plan.allowedActions.includes('START') ? 'You may start it now.' : 'A platform owner starts it.';
  }
  const decision =
    plan.decidedBy && plan.decidedAt ? (
      <p className="notice__meta" data-testid="plan-decision">
        {plan.state === 'REJECTED' ? 'Rejected' : 'Approved'} by {plan.decidedBy}, <AbsoluteTime iso={plan.decidedAt} />
        {plan.decisionReason ? `: “${plan.decisionReason}”` : ''}
      </p>
    ) : null;
  const tone = plan.state === 'HALTED' ? 'error' : plan.state === 'COMPLETED' ? 'success' : plan.state === 'AWAITING_APPROVAL' || plan.state === 'APPROVED' ? 'pending' : 'warning';
  return (
    <div className={`notice notice--${plan.state === 'RUNNING' ? 'pending' : tone} migration-state-notice`} data-testid="plan-state-notice">
      <p>{planStateExplanations[plan.state]}</p>
      {next ? <p data-testid="four-eyes">{next}</p> : null}
      {decision}
    </div>
  );
}

function Progress({ plan }: { plan: MigrationPlan }) {
  const t = plan.totals;
  const share = (n: number) => (t.planned === 0 ? 0 : (n / t.planned) * 100);
  return (
    <section className="panel migration-progress" aria-label="Progress" data-testid="plan-progress">
      <div className="migration-progress__bar" aria-hidden="true">
        <span className="migration-progress__seg migration-progress__seg--migrated" style={{ width: `${share(t.migrated)}%` }} />
        <span className="migration-progress__seg migration-progress__seg--failed" style={{ width: `${share(t.failed)}%` }} />
        <span className="migration-progress__seg migration-progress__seg--skipped" style={{ width: `${share(t.skipped)}%` }} />
      </div>
      <dl className="migration-progress__totals">
        <div>
          <dt>Planned</dt>
          <dd>{t.planned.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Migrated</dt>
          <dd>{t.migrated.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className={t.failed ? 'migration-problem' : undefined}>{t.failed.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Left untouched</dt>
          <dd>{t.skipped.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd>{t.pending.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Left out by the dry run</dt>
          <dd>{t.excluded.toLocaleString()}</dd>
        </div>
      </dl>
      <p className="ui-visually-hidden">
        {plural(t.migrated, 'order')} of {t.planned} migrated
      </p>
    </section>
  );
}

function Events({ plan }: { plan: MigrationPlan }) {
  const events = [...plan.events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="plan-events">
      <header className="panel__header">
        <h2 id="plan-events" className="panel__title">
          What happened
        </h2>
      </header>
      <ol className="panel__body migration-events" data-testid="plan-events">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <span className="migration-events__what">{eventLabel(e.type)}</span>
            <span className="muted">
              {' '}
              by {e.actor}, <AbsoluteTime iso={e.at} />
            </span>
            {e.detail ? <span className="migration-sub fact-list__text">{e.detail}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
