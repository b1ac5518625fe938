import type { ProcessSummary } from '../../../../contracts/search.js';
import { ProcessStateChip } from '../../../components/ui/Chips.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';

export function OrderProcesses({ processes }: { processes: ProcessSummary[] }) {
  // Running first, newest first: the instance that matters now leads.
  const ordered = [...processes].sort((a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null) || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  return (
    <section className="panel" aria-labelledby="order-processes-heading">
      <header className="panel__header">
        <h2 id="order-processes-heading" className="panel__title">
          Processes <span className="count-pill">{processes.length}</span>
        </h2>
      </header>
      {ordered.length === 0 ? (
        <p className="panel__body muted">No workflow has run for this order.</p>
      ) : (
        <div className="ui-table-wrap">
          <table className="ui-table">
            <thead>
              <tr>
                <th scope="col">Process</th>
                <th scope="col">Version</th>
                <th scope="col">State</th>
                <th scope="col">Current activity</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((process) => (
                <tr key={process.processInstanceId} data-testid="order-process-row">
                  <td>
                    {process.processDefinitionName ?? process.processDefinitionKey}
                    <span className="order-sub mono" title="Process instance id">
                      {process.processInstanceId}
                    </span>
                    {process.engineId ? <EngineLabel engineId={process.engineId} below /> : null}
                  </td>
                  <td>{process.processDefinitionVersion !== null ? `v${process.processDefinitionVersion}` : '—'}</td>
                  <td>
                    <ProcessStateChip state={process.state} />
                  </td>
                  <td className="mono">{process.currentActivityIds.length ? process.currentActivityIds.join(', ') : <span className="muted">—</span>}</td>
                  <td className="muted">{process.startedAt ? <AbsoluteTime iso={process.startedAt} /> : '—'}</td>
                  <td className="muted">{process.endedAt ? <AbsoluteTime iso={process.endedAt} /> : 'Running'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
