import type { Dashboard } from '../../../../contracts/dashboard.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { formatMs } from '../api/dashboard-format.js';

/** How far the read model trails the engine; not a set of cases, so it opens nothing. */
export function SyncLagTile({ syncLag }: { syncLag: Dashboard['technical']['syncLag'] }) {
  return (
    <div className="dashboard-tile" data-testid="dashboard-tile">
      <span className="dashboard-tile__label" title="From an incident to its case, for incidents raised while the sync was running (a backlog found at start-up does not count)">
        Sync lag (median / p95)
      </span>
      <span className="dashboard-tile__value">
        {formatMs(syncLag.medianMs)} / {formatMs(syncLag.p95Ms)}
      </span>
      <span className="dashboard-tile__hint">Last success: {syncLag.lastSuccessAt ? <AbsoluteTime iso={syncLag.lastSuccessAt} /> : 'never'}</span>
    </div>
  );
}
