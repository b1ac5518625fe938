import { RelativeTime } from '../../../components/ui/Time.js';
import { useHealth } from '../../session/api/get-health.js';

/**
 * Which replica runs the sync and when its last pass finished, as the leader stored them: every replica's
 * health tells the same, so a follower shows the leader's passes rather than "never".
 */
export function SyncStatusTile() {
  const sync = useHealth().data?.sync;
  if (!sync) return null;
  const leader = sync.leader ?? null;
  const lastPassAt = sync.lastPassAt ?? null;
  return (
    <div className={`dashboard-tile${sync.lastError ? ' dashboard-tile--warning' : ''}`} data-testid="sync-status-tile">
      <span className="dashboard-tile__label" title="The replica that holds the sync's lock for this engine and ran the last pass">
        Sync leader
      </span>
      <span className="dashboard-tile__value dashboard-tile__value--text" title={leader ?? undefined}>
        {leader ?? 'No pass yet'}
      </span>
      <span className="dashboard-tile__hint">
        {lastPassAt ? (
          <>
            Last pass finished <RelativeTime iso={lastPassAt} />
            {sync.lastError ? ' and failed' : ''}
          </>
        ) : (
          'No replica has finished a pass'
        )}
      </span>
      {sync.lastError ? (
        <span className="dashboard-tile__hint dashboard-tile__error" title={sync.lastError}>
          {sync.lastError}
        </span>
      ) : null}
    </div>
  );
}
