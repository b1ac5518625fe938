import { Link } from 'react-router';
import type { MigrationPlanSummary } from '../../../../contracts/migrations.js';
import { EmptyState, ErrorState, SkeletonBlock, Spinner } from '../../../components/ui/States.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { useMigrationPlans } from '../api/get-migrations.js';
import { PlanStateChip } from './PlanStateChip.js';
import './migrations.css';

/** Every migration plan, newest first: what it moves, where it stands, who asked and when. */
export function MigrationsPage() {
  useDocumentTitle('Migration plans');
  const plans = useMigrationPlans();
  const canPlan = hasAnyRole(useSessionUser(), uiAccess.planMigrations);
  return (
    <div className="page migrations">
      <div className="page__header">
        <div>
          <h1 className="page__title">Migration plans</h1>
          <p className="page__subtitle">
            Moving running orders from one process version to another: planned and dry-run by a platform owner, approved by a second person,
            then a canary and paced batches, each checked afterwards.
          </p>
        </div>
        <div className="page-toolbar">
          {plans.isFetching && !plans.isPending ? <Spinner label="Refreshing" /> : null}
          <Link to="/deployments" className="ui-button">
            Deployments
          </Link>
          {canPlan ? (
            <Link to="/migrations/new" className="ui-button ui-button--primary" data-testid="plan-migration">
              Plan a migration
            </Link>
          ) : null}
        </div>
      </div>
      <section className="panel ui-panel-clip" aria-label="Migration plans">
        {plans.isPending ? (
          <SkeletonBlock label="Loading migration plans" />
        ) : plans.isError ? (
          <ErrorState
            title={plans.error.status === 403 ? 'Migration plans are not open to your roles' : 'The migration plans could not be loaded'}
            failure={toFailure(plans.error)}
            onRetry={() => void plans.refetch()}
            retrying={plans.isFetching}
          />
        ) : plans.data.items.length === 0 ? (
          <EmptyState title="No migration plans yet">
            {canPlan
              ? 'Plan one from here or from an older version with running orders on the Deployments page.'
              : 'A platform owner plans migrations; they show here for approval and follow-up.'}
          </EmptyState>
        ) : (
          <div className="ui-table-wrap">
            <table className="ui-table migrations-table">
              <thead>
                <tr>
                  <th scope="col">Plan</th>
                  <th scope="col">State</th>
                  <th scope="col">Orders</th>
                  <th scope="col">Requested by</th>
                  <th scope="col">Requested</th>
                </tr>
              </thead>
              <tbody>
                {plans.data.items.map((plan) => (
                  <PlanRow key={plan.id} plan={plan} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function PlanRow({ plan }: { plan: MigrationPlanSummary }) {
  const t = plan.totals;
  return (
    <tr data-testid="migration-plan-row">
      <td>
        <Link to={`/migrations/${encodeURIComponent(plan.id)}`} className="migrations-table__link">
          Version {plan.sourceVersion} → {plan.targetVersion}
        </Link>
        <span className="migrations-table__sub mono" data-technical>
          {plan.processDefinitionKey}
        </span>
        <EngineLabel engineId={plan.engineId} below />
      </td>
      <td>
        <PlanStateChip state={plan.state} />
      </td>
      <td>
        <span>{plural(t.planned, 'order')} planned</span>
        <span className="migrations-table__sub">{totalsInWords(t)}</span>
      </td>
      <td>{plan.createdBy}</td>
      <td>
        <AbsoluteTime iso={plan.createdAt} />
        <span className="migrations-table__sub">
          <RelativeTime iso={plan.createdAt} />
        </span>
      </td>
    </tr>
  );
}

/** "3 migrated, 1 failed, 2 excluded": the non-zero counts besides the planned total. */
export function totalsInWords(t: MigrationPlanSummary['totals']): string {
  const parts = [
    t.migrated ? `${t.migrated.toLocaleString()} migrated` : null,
    t.failed ? `${t.failed.toLocaleString()} failed` : null,
    t.skipped ? `${t.skipped.toLocaleString()} left untouched` : null,
    t.pending && t.pending !== t.planned ? `${t.pending.toLocaleString()} waiting` : null,
    t.excluded ? `${t.excluded.toLocaleString()} excluded` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'none moved yet';
}
