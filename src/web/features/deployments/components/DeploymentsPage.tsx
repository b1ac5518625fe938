import { Link } from 'react-router';
import type { DeploymentsResponse, DeploymentVersion, ReleaseReport } from '../../../../contracts/deployments.js';
import { EmptyState, ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { useDeployments } from '../api/get-deployments.js';
import './deployments.css';

/** The drain-or-migrate advice (playbook §4.3) as a short label. */
export const ADVICE_LABEL: Record<ReleaseReport['advice']['action'], string> = {
  FIRST_VERSION: 'First version',
  DRAIN: 'Let older orders drain',
  DRAIN_KEEP_OLD_WORKERS: 'Drain, keep the old workers',
  CONSIDER_MIGRATION: 'Consider a migration',
};

const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * Process versions per process, newest first, each with its release report: what changed against the version
 * before it and the ops catalog when it was deployed, what to do with the orders still on older versions, and
 * where its running orders are now. Engine names (topics, step ids) only inside `data-technical`.
 */
export function DeploymentsPage() {
  const deployments = useDeployments();
  const user = useSessionUser();
  const canPlan = hasAnyRole(user, uiAccess.planMigrations);
  useDocumentTitle('Deployments');
  return (
    <div className="page deployments">
      <div className="page__header">
        <div>
          <h1 className="page__title">Deployments</h1>
          <p className="page__subtitle">
            Each process version, checked against the version before it and the ops catalog when it was released
            {deployments.data ? (
              <>
                {' '}· as of <AbsoluteTime iso={deployments.data.generatedAt} />
              </>
            ) : null}
          </p>
        </div>
        {hasAnyRole(user, uiAccess.migrations) ? (
          <div className="page-toolbar">
            <Link to="/migrations" className="ui-button" data-testid="migration-plans-link">
              Migration plans
            </Link>
          </div>
        ) : null}
      </div>
      {deployments.isPending ? (
        <section className="panel">
          <SkeletonBlock label="Loading deployments" />
        </section>
      ) : deployments.isError ? (
        <section className="panel">
          <ErrorState title="The deployments could not be loaded" failure={toFailure(deployments.error)} onRetry={() => void deployments.refetch()} retrying={deployments.isFetching} />
        </section>
      ) : deployments.data.processes.length === 0 ? (
        <section className="panel">
          <EmptyState title="No process versions yet">The background sync reports each new version shortly after it is deployed.</EmptyState>
        </section>
      ) : (
        deployments.data.processes.map((process) => (
          <section key={process.processKey} className="panel deployments__process" aria-labelledby={`process-${process.processKey}`} data-testid="deployment-process">
            <header className="panel__header">
              <h2 className="panel__title" id={`process-${process.processKey}`}>
                {process.processName ?? 'Process without a name'}{' '}
                <span className="muted mono" data-technical>
                  {process.processKey}
                </span>
              </h2>
            </header>
            <div className="panel__body deployments__versions">
              {process.versions.map((version) => (
                <VersionCard
                  key={`${version.engineId}-${version.version}`}
                  version={version}
                  workers={deployments.data.workers}
                  planHref={canPlan ? migrationHref(process.versions, version) : null}
                />
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}

/**
 * The planner, pre-filled to move this version's running orders to the latest version on the same engine;
 * null for the latest version itself or when nothing runs on it.
 */
function migrationHref(versions: DeploymentVersion[], version: DeploymentVersion): string | null {
  const latest = versions.filter((v) => v.engineId === version.engineId).reduce<DeploymentVersion | null>((a, v) => (a && a.version >= v.version ? a : v), null);
  if (!latest || latest.version === version.version || version.running === 0) return null;
  const query = new URLSearchParams({ process: version.processKey, source: String(version.version), target: String(latest.version) });
  // Only when the key lives on several engines: the planner then sends the engine (else the BFF takes the primary one).
  if (versions.some((v) => v.engineId !== version.engineId)) query.set('engine', version.engineId);
  return `/migrations/new?${query.toString()}`;
}

function VersionCard({ version, workers, planHref }: { version: DeploymentVersion; workers: DeploymentsResponse['workers']; planHref: string | null }) {
  const report = version.report;
  const nameOf = (activityId: string) => report?.steps.find((s) => s.activityId === activityId)?.name ?? null;
  return (
    <article className="deployment-version" data-testid="deployment-version" aria-label={`Version ${version.version}`}>
      <header className="deployment-version__header">
        <h3 className="deployment-version__title">Version {version.version}</h3>
        <span className="muted">
          released <AbsoluteTime iso={version.deployedAt} />
        </span>
        <span>{version.running === 0 ? 'no orders running' : count(version.running, 'order running', 'orders running')}</span>
        <Link to={`/cases?${version.casesFilter}`} data-testid="version-cases-link">
          Cases of this version
        </Link>
        {planHref ? (
          <Link to={planHref} data-testid="plan-migration-link">
            Plan migration
          </Link>
        ) : null}
        {report ? (
          <span className={`deployment-advice deployment-advice--${report.advice.action.toLowerCase()}`} data-testid="advice">
            {ADVICE_LABEL[report.advice.action]}
          </span>
        ) : null}
      </header>
      {report ? <ReportBody report={report} workers={workers} engineId={version.engineId} /> : <p className="muted">The release report is not written yet; the background sync writes it within a minute.</p>}
      <RunningBySteps version={version} nameOf={nameOf} />
    </article>
  );
}

function ReportBody({ report, workers, engineId }: { report: ReleaseReport; workers: DeploymentsResponse['workers']; engineId: string }) {
  // The worker evidence as it is now; the report's own (from release time) when the topic is not sampled.
  const workerSeen = (topic: string, atRelease: string | null) => workers.find((w) => w.engineId === engineId && w.topic === topic)?.workerSeenAt ?? atRelease;
  const stepName = (id: string) => report.steps.find((s) => s.activityId === id)?.name ?? 'A step without a name';
  return (
    <div className="deployment-version__report">
      {report.risks.length > 0 ? (
        <ul className="deployment-risks" aria-label="Before orders reach this version" data-testid="risks">
          {report.risks.map((risk) => (
            <li key={risk}>{risk}</li>
          ))}
        </ul>
      ) : (
        <p className="deployment-ok">No compatibility problem found with the ops catalog.</p>
      )}
      <div className="deployment-advice-text" data-testid="advice-reasons">
        <h4>Orders on older versions</h4>
        <ul>
          {report.advice.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </div>
      {report.topics.length > 0 ? (
        <table className="ui-table deployment-table" data-testid="worker-steps">
          <caption>Work handed to workers</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Worker contract</th>
              <th scope="col">Worker</th>
              <th scope="col">In this version</th>
            </tr>
          </thead>
          <tbody>
            {report.topics.map((t) => {
              const seen = workerSeen(t.topic, t.workerSeenAt);
              const added = report.topicsAdded.some((a) => a.topic === t.topic);
              return (
                <tr key={t.topic} className={!t.contract || !seen ? 'deployment-table__row--warning' : undefined}>
                  <th scope="row">
                    {t.activityIds.map(stepName).join(', ')}
                    <span className="muted mono deployment-technical" data-technical>
                      {t.topic}
                    </span>
                  </th>
                  <td>{t.contract ? `Published${t.owner ? ` (team ${t.owner})` : ''}` : <strong className="deployment-warning">Missing</strong>}</td>
                  <td>{seen ? <>Seen <RelativeTime iso={seen} /></> : <strong className="deployment-warning">Not seen</strong>}</td>
                  <td>{added ? 'New' : 'Unchanged'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {report.topicsRemoved.length > 0 ? (
        <p data-testid="topics-removed">
          Work no longer handed to workers:{' '}
          {report.topicsRemoved
            .flatMap((t) => t.activityIds)
            .map((id) => report.activitiesRemoved.find((a) => a.activityId === id)?.name ?? 'a step without a name')
            .join(', ')}
          .{' '}
          <span className="muted mono" data-technical>
            ({report.topicsRemoved.map((t) => t.topic).join(', ')})
          </span>
        </p>
      ) : null}
      {report.activitiesRemoved.length > 0 ? (
        <table className="ui-table deployment-table deployment-table--compact" data-testid="steps-removed">
          <caption>Steps this version no longer has</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="ui-num">
                Orders still there (older versions)
              </th>
            </tr>
          </thead>
          <tbody>
            {report.activitiesRemoved.map((a) => (
              <tr key={a.activityId} className={a.runningInstances > 0 ? 'deployment-table__row--warning' : undefined}>
                <th scope="row">
                  {a.name ?? 'A step without a name'}
                  <span className="muted mono deployment-technical" data-technical>
                    {a.activityId}
                  </span>
                </th>
                <td className="ui-num">{a.runningInstances.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.activitiesAdded.length > 0 ? (
        <p>
          New steps: {report.activitiesAdded.map((a) => a.name ?? 'a step without a name').join(', ')}.
        </p>
      ) : null}
      {report.variablesNoLongerProvided.length > 0 || (report.variablesNewlyRead?.length ?? 0) > 0 || report.decisionChanges.length > 0 ? (
        <details className="deployment-technical-details">
          <summary>Technical details</summary>
          <div data-technical>
            {report.variablesNoLongerProvided.length > 0 ? (
              <p>
                Variables a worker contract expects that the previous model mentioned and this one does not (read from the model; values set by
                whoever starts the process or by code are not visible):{' '}
                {report.variablesNoLongerProvided.map((v) => `${v.variable} at ${v.activityId}${v.topic ? ` (${v.topic})` : ''}`).join('; ')}
              </p>
            ) : null}
            {report.variablesNewlyRead?.length ? (
              <p>Variables this version reads that no earlier version mentioned and nothing in it sets: {report.variablesNewlyRead.join(', ')}</p>
            ) : null}
            {report.decisionChanges.map((d) => (
              <p key={d.decisionKey}>
                Decision {d.decisionKey}: outputs added {d.outputsAdded.join(', ') || 'none'}; removed {d.outputsRemoved.join(', ') || 'none'}.
              </p>
            ))}
          </div>
        </details>
      ) : null}
    </div>
  );
}

function RunningBySteps({ version, nameOf }: { version: DeploymentVersion; nameOf: (id: string) => string | null }) {
  if (version.runningByActivity.length === 0) return null;
  return (
    <table className="ui-table deployment-table deployment-table--compact" data-testid="running-by-step">
      <caption>Where its running orders are now</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col" className="ui-num">
            Orders
          </th>
        </tr>
      </thead>
      <tbody>
        {version.runningByActivity.map((r) => (
          <tr key={r.activityId}>
            <th scope="row">
              {nameOf(r.activityId) ?? 'A step without a name'}
              <span className="muted mono deployment-technical" data-technical>
                {r.activityId}
              </span>
            </th>
            <td className="ui-num">{r.count.toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
