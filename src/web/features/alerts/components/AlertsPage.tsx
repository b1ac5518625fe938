import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Alert, AlertNotification } from '../../../../contracts/alerts.js';
import { CategoryChip, SeverityChip } from '../../../components/ui/Chips.js';
import { EmptyState, ErrorState, SkeletonBlock, Spinner } from '../../../components/ui/States.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useAlerts } from '../api/get-alerts.js';
import './alerts.css';

const ruleLabels: Record<Alert['rule'], string> = {
  ORDER_BACKLOG: 'Orders held beyond the stage budget',
  INCIDENT_SPIKE: 'Failures above the usual level',
  APPROVAL_SLA_BREACH: 'Approval deadline missed',
  REPEATED_FAILED_JOB: 'Same step failing in several orders',
  HISTORY_CLEANUP_FAILURE: 'Engine history cleanup failing',
  LOCK_EXPIRATION_SPIKE: 'Workers timing out',
  DEPLOYMENT_MISMATCH: 'Release without a compatible worker',
};

const channelLabels: Record<AlertNotification['channel'], string> = { alertmanager: 'Alertmanager', webhook: 'Webhook' };

/** `order:ORD-100928` → its order view; other keys open the search. */
function keyLink(businessKey: string): string {
  const [type, id] = businessKey.split(':');
  return type === 'order' && id ? `/orders/${encodeURIComponent(id)}` : `/search?q=${encodeURIComponent(businessKey)}`;
}

export function AlertsPage() {
  useDocumentTitle('Alerts');
  const alerts = useAlerts();
  const [params] = useSearchParams();
  const selected = params.get('alert');

  useEffect(() => {
    if (selected && alerts.data) document.getElementById(`alert-${selected}`)?.scrollIntoView?.({ block: 'start' });
  }, [selected, alerts.data]);

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Alerts</h1>
          <p className="page__subtitle">What needs someone now: orders stopped or delayed, with the first safe step and the orders behind each alert.</p>
        </div>
        <div className="page-toolbar">{alerts.isFetching && !alerts.isPending ? <Spinner label="Refreshing" /> : null}</div>
      </div>
      {alerts.isPending ? (
        <section className="panel">
          <SkeletonBlock label="Loading alerts" />
        </section>
      ) : alerts.isError && !alerts.data ? (
        <section className="panel">
          <ErrorState
            title={alerts.error.status === 403 ? 'Alerts are not open to your roles' : 'Alerts could not be loaded'}
            failure={toFailure(alerts.error)}
            onRetry={() => void alerts.refetch()}
            retrying={alerts.isFetching}
          />
        </section>
      ) : (
        <div className="alerts-lists">
          <section className="panel ui-panel-clip" aria-labelledby="alerts-active">
            <header className="panel__header">
              <h2 id="alerts-active" className="panel__title">
                Firing <span className="count-pill">{alerts.data.active.length}</span>
              </h2>
            </header>
            {alerts.data.active.length === 0 ? (
              <EmptyState title="No alert is firing">No step fails above its usual level, no order is held beyond its budget.</EmptyState>
            ) : (
              <ul className="alerts-list">
                {alerts.data.active.map((alert) => (
                  <AlertCard key={alert.id} alert={alert} selected={alert.id === selected} />
                ))}
              </ul>
            )}
          </section>
          <section className="panel ui-panel-clip" aria-labelledby="alerts-recent">
            <header className="panel__header">
              <h2 id="alerts-recent" className="panel__title">
                Resolved in the last 7 days <span className="count-pill">{alerts.data.recent.length}</span>
              </h2>
            </header>
            {alerts.data.recent.length === 0 ? (
              <EmptyState title="Nothing resolved recently" />
            ) : (
              <ul className="alerts-list">
                {alerts.data.recent.map((alert) => (
                  <AlertCard key={alert.id} alert={alert} selected={alert.id === selected} />
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

function AlertCard({ alert, selected }: { alert: Alert; selected: boolean }) {
  const p = alert.payload;
  const firing = alert.status === 'FIRING';
  return (
    <li id={`alert-${alert.id}`} className={`alert-card${firing ? ' alert-card--firing' : ''}${selected ? ' alert-card--selected' : ''}`} data-testid={firing ? 'active-alert' : 'resolved-alert'}>
      <div className="alert-card__head">
        <h3 className="alert-card__title">{p.title}</h3>
        <div className="alert-card__chips">
          <SeverityChip severity={p.severity} />
          {p.category ? <CategoryChip category={p.category} /> : null}
        </div>
      </div>
      <p className="alert-card__rule muted">
        {ruleLabels[alert.rule]}
        {p.activity ? ` · ${p.activity.name ?? 'unnamed step'}` : null}
        {p.process?.name ? ` · ${p.process.name}` : null}
        {' · '}
        {firing ? (
          <>
            first detected <RelativeTime iso={alert.firstDetectedAt} /> (<AbsoluteTime iso={alert.firstDetectedAt} />)
          </>
        ) : (
          <>resolved {alert.resolvedAt ? <RelativeTime iso={alert.resolvedAt} /> : null}</>
        )}
        {alert.episodes > 1 ? ` · fired ${alert.episodes} times` : null}
      </p>
      <dl className="alert-card__facts">
        <div>
          <dt>Business impact</dt>
          <dd data-testid="alert-impact">{p.impact.text}</dd>
        </div>
        <div>
          <dt>Measured</dt>
          <dd>{p.measure.text}</dd>
        </div>
        <div>
          <dt>First safe step</dt>
          <dd data-testid="alert-first-action">{p.safeFirstAction}</dd>
        </div>
        <div>
          <dt>Recent release</dt>
          <dd>{p.recentDeployment ? p.recentDeployment.text : 'No release of this process shortly before.'}</dd>
        </div>
        {p.exampleBusinessKeys.length ? (
          <div className="alert-card__wide">
            <dt>Example orders</dt>
            <dd className="alert-card__keys">
              {p.exampleBusinessKeys.map((key) => (
                <Link key={key} to={keyLink(key)} className="mono">
                  {key.replace(/^order:/, '')}
                </Link>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="alert-card__links">
        {p.casesUrl ? (
          <Link to={p.casesUrl} className="ui-button ui-button--small ui-button--primary" data-testid="alert-cases-link">
            Open {plural(p.measure.observed, 'case')}
          </Link>
        ) : null}
        {p.runbook ? (
          <Link to={p.runbook.url} className="ui-button ui-button--small">
            Runbook: {p.runbook.title}
          </Link>
        ) : null}
      </div>
      <div className="alert-card__notified" data-testid="alert-notified">
        <span className="muted">Notified:</span>{' '}
        {alert.notifications.length === 0 ? (
          <span>nobody (no receiver is configured; shown here only)</span>
        ) : (
          alert.notifications.map((n) => (
            <span key={n.channel} className={`alert-card__channel alert-card__channel--${n.state.toLowerCase()}`}>
              {channelLabels[n.channel]} ({n.target}):{' '}
              {n.state === 'DELIVERED' && n.deliveredAt ? (
                <>
                  {n.sent === 'RESOLVED' ? 'told it resolved' : 'told it fired'} <RelativeTime iso={n.deliveredAt} />
                </>
              ) : (
                <>
                  not reached yet, retrying ({plural(n.attempts, 'attempt')}
                  {n.lastError ? `, last: ${n.lastError}` : ''})
                </>
              )}
            </span>
          ))
        )}
      </div>
      {alert.history.length > 1 ? (
        <details className="alert-card__history">
          <summary>History ({alert.history.length})</summary>
          <ol>
            {alert.history.map((h, index) => (
              <li key={index}>
                <AbsoluteTime iso={h.at} /> — {h.text}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <details className="alert-card__technical">
        <summary>Technical details</summary>
        <dl data-technical>
          <dt>Rule</dt>
          <dd className="mono">{alert.rule}</dd>
          <dt>Scope</dt>
          <dd className="mono">{alert.scope}</dd>
          {p.process ? (
            <>
              <dt>Process</dt>
              <dd className="mono">
                {p.process.key} v{p.process.versions.join(', v')}
              </dd>
            </>
          ) : null}
          {p.activity ? (
            <>
              <dt>Activity</dt>
              <dd className="mono">{p.activity.id}</dd>
            </>
          ) : null}
          {Object.entries(p.technical).map(([k, v]) => (
            <span key={k} className="alert-card__technical-row">
              <dt>{k}</dt>
              <dd className="mono">{v}</dd>
            </span>
          ))}
          <dt>Alert</dt>
          <dd className="mono">
            {alert.id} · engine {alert.engineId}
          </dd>
        </dl>
      </details>
    </li>
  );
}
