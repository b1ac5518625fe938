import { Link } from 'react-router';
import type { Dashboard } from '../../../../contracts/dashboard.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import './deployment-list.css';

type Deployment = Dashboard['technical']['deployments'][number];

/**
 * The deployments drawn on the chart, as text: when (the user's time zone), what, and each process version it
 * released with a link to exactly that version's cases (playbook §18.3: a spike after a release). Names come
 * from the engine: rendered as text only.
 */
export function DeploymentList({ deployments }: { deployments: Dashboard['technical']['deployments'] }) {
  if (deployments.length === 0) return null;
  // Newest first: the release that may have caused today's spike leads.
  const newestFirst = [...deployments].reverse();
  return (
    <details className="dashboard-deployments" open data-testid="deployment-list">
      <summary>Deployments in this range ({deployments.length})</summary>
      <ul className="deployment-list">
        {newestFirst.map((deployment) => (
          <li key={`${deployment.engineId}-${deployment.at}-${deployment.name}`} className="deployment-list__item" data-testid="deployment">
            <span className="deployment-list__when">
              <AbsoluteTime iso={deployment.at} />
            </span>
            <span className="deployment-list__name">
              <strong>{deployment.name}</strong>
              {/* Several engines: the engine it was deployed to, under its name. */}
              <EngineLabel engineId={deployment.engineId} below />
            </span>
            <DeployedVersions deployment={deployment} />
          </li>
        ))}
      </ul>
    </details>
  );
}

function DeployedVersions({ deployment }: { deployment: Deployment }) {
  if (!deployment.versions) {
    // Mirrored before versions were recorded; the sync reads them on its next pass.
    return deployment.definitions.length ? <span className="muted"> ({deployment.definitions.join(', ')}; versions not read yet)</span> : null;
  }
  if (deployment.versions.length === 0) return <span className="muted"> (no process definitions)</span>;
  return (
    <ul className="deployment-list__versions">
      {deployment.versions.map((v) => (
        <li key={`${v.processKey}-${v.version}`}>
          <Link to={`/cases?${v.filter}`} data-testid="deployment-version-link">
            {v.processName ?? v.processKey} v{v.version}
          </Link>
          <span className={v.cases > 0 ? 'deployment-list__cases deployment-list__cases--some' : 'deployment-list__cases muted'}>
            {v.cases === 0 ? 'no cases' : `${v.casesCapped ? '10,000+' : v.cases.toLocaleString()} ${v.cases === 1 && !v.casesCapped ? 'case' : 'cases'}`}
          </span>
        </li>
      ))}
    </ul>
  );
}
