import { Link } from 'react-router';
import type { CaseSummary } from '../../../../contracts/cases.js';
import { CaseStateCells } from '../../../components/ui/Chips.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';

export function OrderOpenCases({ cases }: { cases: CaseSummary[] }) {
  return (
    <section className="panel" aria-labelledby="order-cases-heading">
      <header className="panel__header">
        <h2 id="order-cases-heading" className="panel__title">
          Open cases <span className="count-pill">{cases.length}</span>
        </h2>
      </header>
      {cases.length === 0 ? (
        <p className="panel__body muted">No open fallout case for this order.</p>
      ) : (
        <div className="ui-table-wrap">
          <table className="ui-table">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Activity</th>
                <th scope="col">Category</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`/cases/${encodeURIComponent(item.id)}`} className="mono">
                      {item.id}
                    </Link>
                    <EngineLabel engineId={item.engineId} below />
                  </td>
                  <td>{item.activityName ?? item.activityId ?? <span className="muted">Not started</span>}</td>
                  <CaseStateCells item={item} />
                  <td className="muted">
                    <RelativeTime iso={item.lastSeenAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
