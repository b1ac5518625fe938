import type { Dashboard } from '../../../../contracts/dashboard.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole } from '../../session/roles.js';
import type { DashboardRange } from '../api/get-dashboard.js';
import { CommandsChart } from './CommandsChart.js';
import { DeploymentList } from './DeploymentList.js';
import { EarlyWarnings } from './EarlyWarnings.js';
import { IncidentsByActivityChart } from './IncidentsByActivityChart.js';
import { OpenByCategoryChart } from './OpenByCategoryChart.js';
import { SyncLagTile } from './SyncLagTile.js';
import { SyncStatusTile } from './SyncStatusTile.js';
import { WorkerHealthTable } from './WorkerHealthTable.js';

export function TechnicalSection({ technical, range }: { technical: Dashboard['technical']; range: DashboardRange }) {
  const user = useSessionUser();
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-technical">
      <h2 id="dashboard-technical" className="dashboard-section__title">
        Technical
      </h2>
      <div className="dashboard-tiles">
        <SyncLagTile syncLag={technical.syncLag} />
        <SyncStatusTile />
      </div>
      <div className="dashboard-grid">
        <div className="dashboard-grid__wide">
          <OpenByCategoryChart technical={technical} range={range} />
          <DeploymentList deployments={technical.deployments} />
        </div>
        <IncidentsByActivityChart items={technical.incidentsByActivity} canBulkRetry={hasAnyRole(user, ['tech_ops'])} />
        <CommandsChart commands={technical.commands} range={range} />
        <div className="dashboard-grid__wide">
          <EarlyWarnings steps={technical.retryingSteps} />
        </div>
        <div className="dashboard-grid__wide">
          <WorkerHealthTable workers={technical.workers} />
        </div>
      </div>
    </section>
  );
}
