import { formatRelative } from '../../../lib/format.js';
import { useHealth } from '../../session/api/get-health.js';

/**
 * Says so while the sync has engine incidents that are not cases yet (an incident storm being ingested):
 * the queue is then incomplete, and operators must not read an empty view as "no fallout".
 */
export function SyncBacklogBanner() {
  const backlog = useHealth().data?.sync.backlog;
  if (!backlog?.behind) return null;
  const { engineOpenIncidents: engine, ingestedOpenIncidents: ingested, oldestNotIngestedAt: oldest } = backlog;
  return (
    <div className="banner banner--warning" role="status" data-testid="sync-backlog-banner">
      <strong>The sync is catching up: not every engine incident is a case yet</strong>
      <span className="banner__meta">
        {engine !== null && ingested !== null ? `${ingested.toLocaleString('en')} of ${engine.toLocaleString('en')} open engine incidents are in cases. ` : ''}
        {oldest ? (
          <>
            Incidents raised after{' '}
            <time dateTime={oldest} title={`${oldest} UTC`}>
              {formatRelative(oldest)}
            </time>{' '}
            are still being read.
          </>
        ) : null}
      </span>
    </div>
  );
}
