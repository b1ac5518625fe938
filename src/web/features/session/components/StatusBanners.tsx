import { formatRelative } from '../../../lib/format.js';
import { HEALTH_POLL_MS, useHealth } from '../api/get-health.js';
import './session.css';

/**
 * Engine and server trouble, shown above every page: operators must know what they are looking at.
 * (An expired session is not a banner: the session gate sends the user to sign in again.)
 */
export function StatusBanners() {
  const health = useHealth();

  return (
    <div className="status-banners">
      {health.data && !health.data.engine.reachable ? (
        <div className="banner banner--warning" role="status" data-testid="engine-banner">
          <strong>Engine unreachable — showing the last synced state</strong>
          {health.data.sync.lastSuccessAt ? (
            <span className="banner__meta">
              Last sync{' '}
              <time dateTime={health.data.sync.lastSuccessAt} title={`${health.data.sync.lastSuccessAt} UTC`}>
                {formatRelative(health.data.sync.lastSuccessAt)}
              </time>
              . Actions that need the engine will be queued.
            </span>
          ) : null}
        </div>
      ) : null}
      {health.isError && health.error.code === 'NETWORK' ? (
        <div className="banner banner--warning" role="status">
          <strong>The workbench server is not answering.</strong>
          <span className="banner__meta">Data on screen may be stale; retrying every {HEALTH_POLL_MS / 1000} s.</span>
        </div>
      ) : null}
    </div>
  );
}
