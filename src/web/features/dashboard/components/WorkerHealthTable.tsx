import type { Dashboard } from '../../../../contracts/dashboard.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { Link } from 'react-router';
import { formatCount, formatMs } from '../api/dashboard-format.js';
import { useQueueHref } from './dashboard-engine.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';

/** A task waiting longer than this means nobody fetches the topic: a worker may be down. */
export const STALE_WAIT_MS = 5 * 60_000;

export function WorkerHealthTable({ workers }: { workers: Dashboard['technical']['workers'] }) {
  const queueHref = useQueueHref();
  return (
    <section className="panel dashboard-chart" aria-labelledby="worker-health-heading" data-testid="worker-health">
      <header className="panel__header">
        <h3 id="worker-health-heading" className="panel__title">
          Worker health
        </h3>
      </header>
      {workers.length === 0 ? (
        <p className="panel__body muted">No external task topics reported.</p>
      ) : (
        <div className="ui-table-wrap">
          <table className="ui-table dashboard-table">
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col" className="ui-num">
                  Tasks waiting
                </th>
                <th scope="col">Oldest waiting</th>
                <th scope="col">Worker last seen</th>
                <th scope="col" className="ui-num">
                  Failing, retrying
                </th>
                <th scope="col" className="ui-num">
                  Locks ran out
                </th>
                <th scope="col">Sampled</th>
              </tr>
            </thead>
            <tbody>
              {[...workers]
                .sort((a, b) => a.topic.localeCompare(b.topic) || a.engineId.localeCompare(b.engineId))
                .map((worker) => {
                  // Measured against the sample, not the clock: an old sample must not make a healthy topic look stale.
                  const ageMs = worker.oldestWaitingSince ? new Date(worker.sampledAt).getTime() - new Date(worker.oldestWaitingSince).getTime() : null;
                  const stale = ageMs !== null && ageMs > STALE_WAIT_MS;
                  return (
                    <tr key={`${worker.engineId}:${worker.topic}`} className={stale ? 'dashboard-table__row--warning' : undefined} data-testid="worker-row">
                      <th scope="row" className="mono">
                        <Link to={queueHref({ topic: worker.topic })} aria-label={`Open cases at topic ${worker.topic}`}>
                          {worker.topic}
                        </Link>
                        <EngineLabel engineId={worker.engineId} below />
                      </th>
                      <td className="ui-num">{formatCount(worker.waiting)}</td>
                      <td>
                        {worker.oldestWaitingSince ? (
                          <span title={`since ${worker.oldestWaitingSince} UTC`}>{formatMs(ageMs)}</span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                        {stale ? <strong className="dashboard-warning"> A worker may be down</strong> : null}
                      </td>
                      <td>{worker.workerSeenAt ? <RelativeTime iso={worker.workerSeenAt} /> : <span className="muted">not seen</span>}</td>
                      <td className="ui-num">{worker.retrying > 0 ? <strong className="dashboard-warning">{formatCount(worker.retrying)}</strong> : '0'}</td>
                      <td className="ui-num" title="Tasks whose lock ran out before the worker answered: in this range, and right now">
                        {formatCount(worker.lockExpirationsInRange)}
                        {worker.lockExpiredNow > 0 ? <span className="dashboard-warning"> ({formatCount(worker.lockExpiredNow)} now)</span> : null}
                      </td>
                      <td className="muted">
                        <RelativeTime iso={worker.sampledAt} />
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
