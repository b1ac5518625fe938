import { RelativeTime } from '../../../components/ui/Time.js';
import { useHealth } from '../../session/api/get-health.js';
import type { EngineHealth } from '../../../../contracts/session.js';
import { formatMs } from '../api/dashboard-format.js';

/**
 * Which replica runs the sync and when its last pass finished, as the leader stored them: every replica's
 * health tells the same, so a follower shows the leader's passes rather than "never".
 */
export function SyncStatusTile() {
  const health = useHealth().data;
  const sync = health?.sync;
  if (!sync) return null;
  // Several engines: one tile per engine, each with its own leader (a lock per engine), last pass and lag.
  if (health.engines && health.engines.length > 1) return <>{health.engines.map((engine) => <EngineSyncTile key={engine.id} engine={engine} />)}</>;
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

/** One engine's sync, when the workbench serves several: named by the engine's label, its Cockpit one click away. */
function EngineSyncTile({ engine }: { engine: EngineHealth }) {
  const { sync } = engine;
  const failing = Boolean(sync.lastError) || !engine.reachable;
  return (
    <div className={`dashboard-tile${failing ? ' dashboard-tile--warning' : ''}`} data-testid="engine-sync-tile">
      <span className="dashboard-tile__label" title={`The replica that holds the sync's lock for engine ${engine.id} and ran its last pass`}>
        Sync · {engine.label}
      </span>
      <span className="dashboard-tile__value dashboard-tile__value--text" title={sync.leader ?? undefined}>
        {sync.leader ?? 'No pass yet'}
      </span>
      <span className="dashboard-tile__hint">
        {!engine.reachable ? 'Engine not reachable · ' : null}
        {sync.lastPassAt ? (
          <>
            Last pass <RelativeTime iso={sync.lastPassAt} />
            {sync.lastError ? ' failed' : ''}
            {sync.lagSeconds === null ? '' : sync.lagSeconds < 5 ? ' · up to date' : ` · ${formatMs(sync.lagSeconds * 1000)} behind`}
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
      {engine.cockpitUrl ? (
        <a className="dashboard-tile__hint" href={engine.cockpitUrl} target="_blank" rel="noreferrer noopener">
          Open its Cockpit
        </a>
      ) : null}
    </div>
  );
}
