import type { Dashboard } from '../../../../contracts/dashboard.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';

/** The deployments drawn on the chart, as text (names come from the engine: rendered as text only). */
export function DeploymentList({ deployments }: { deployments: Dashboard['technical']['deployments'] }) {
  if (deployments.length === 0) return null;
  return (
    <details className="dashboard-deployments">
      <summary>Deployments in this range ({deployments.length})</summary>
      <ul>
        {deployments.map((deployment) => (
          <li key={`${deployment.at}-${deployment.name}`}>
            <AbsoluteTime iso={deployment.at} /> · <strong>{deployment.name}</strong>
            {deployment.definitions.length ? <span className="muted"> ({deployment.definitions.join(', ')})</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
