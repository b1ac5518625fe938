import type { Health } from '../../../../contracts/session.js';
import { formatRelative } from '../../../lib/format.js';
import { useNow } from '../../../lib/use-now.js';
import { HEALTH_POLL_MS, useHealth } from '../api/get-health.js';
import './session.css';

/**
 * A sync pass normally finishes every second or so (also a failed one, which the engine banner explains); a
 * minute without any means no replica runs the sync, and new incidents are not becoming cases. Generous on
 * purpose: the browser's clock is compared with the server's.
 */
export const SYNC_STALLED_MS = 60_000;

function stalledSyncPass(sync: Health['sync'], now: number): string | null {
  const lastPassAt = sync.lastPassAt ?? null;
  return lastPassAt && now - Date.parse(lastPassAt) > SYNC_STALLED_MS ? lastPassAt : null;
}

/**
 * Engine and server trouble, shown above every page: operators must know what they are looking at.
 * (An expired session is not a banner: the session gate sends the user to sign in again.)
 */
export function StatusBanners() {
  const health = useHealth();
  const now = useNow();
  const stalledSince = health.data ? stalledSyncPass(health.data.sync, now) : null;

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
      {stalledSince ? (
        <div className="banner banner--warning" role="status" data-testid="sync-stalled-banner">
          <strong>The sync has stopped: new incidents are not becoming cases</strong>
          <span className="banner__meta">
            Its last pass finished{' '}
            <time dateTime={stalledSince} title={`${stalledSince} UTC`}>
              {formatRelative(stalledSince, now)}
            </time>
            {health.data?.sync.leader ? ` on replica ${health.data.sync.leader}` : ''}. Queues and cases show the state of then.
          </span>
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
