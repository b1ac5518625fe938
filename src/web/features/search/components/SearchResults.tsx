import { useId } from 'react';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { Link } from 'react-router';
import type { CaseSummary } from '../../../../contracts/cases.js';
import type { ProcessSummary } from '../../../../contracts/search.js';
import { CaseStateCells, ProcessStateChip } from '../../../components/ui/Chips.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { entityTypeLabels } from '../../../components/ui/labels.js';
import { processLabel } from '../../../lib/format.js';
import { orderHref } from '../../order-view/api/get-order-view.js';
import { caseHref, isOpenStatus } from '../api/single-destination.js';

function Entity({ entity }: { entity: CaseSummary['entity'] }) {
  if (!entity) return <span className="muted">—</span>;
  return (
    <span>
      {entityTypeLabels[entity.type] ?? entity.type} <span className="mono">{entity.id}</span>
      {entity.revision !== undefined ? <span className="muted"> rev {entity.revision}</span> : null}
    </span>
  );
}

export function CaseResults({ cases }: { cases: CaseSummary[] }) {
  const headingId = useId();
  if (cases.length === 0) return null;
  return (
    <section className="panel search-group" aria-labelledby={headingId} data-testid="search-group-cases">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          Cases <span className="search-group__count">{cases.length}</span>
        </h2>
      </header>
      <div className="search-table-wrap">
        <table className="ui-table search-table">
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Business key</th>
              <th scope="col">Entity</th>
              <th scope="col">Process</th>
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
                  <Link to={caseHref(item.id)} className="mono search-table__primary">
                    {item.id}
                  </Link>
                  <EngineLabel engineId={item.engineId} below />
                </td>
                <td className="mono">{item.businessKey ?? '—'}</td>
                <td>
                  <Entity entity={item.entity} />
                </td>
                <td className="mono">{processLabel(item.processDefinitionKey, item.processDefinitionVersion)}</td>
                <td title={item.activityId ?? 'The workflow never started'}>{item.activityName ?? item.activityId ?? <span className="muted">Not started</span>}</td>
                <CaseStateCells item={item} />
                <td className="muted">
                  <RelativeTime iso={item.lastSeenAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ProcessResults({ title, processes, cases }: { title: string; processes: ProcessSummary[]; cases: CaseSummary[] }) {
  const headingId = useId();
  if (processes.length === 0) return null;
  const ended = processes.some((p) => p.endedAt !== null);
  return (
    <section className="panel search-group" aria-labelledby={headingId} data-testid={`search-group-${title.split(' ')[0]?.toLowerCase()}`}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title} <span className="search-group__count">{processes.length}</span>
        </h2>
      </header>
      <div className="search-table-wrap">
        <table className="ui-table search-table">
          <thead>
            <tr>
              <th scope="col">Business key</th>
              <th scope="col">Entity</th>
              <th scope="col">Process</th>
              <th scope="col">Current activity</th>
              <th scope="col">State</th>
              <th scope="col" className="ui-num">
                Open cases
              </th>
              <th scope="col">Started</th>
              {ended ? <th scope="col">Ended</th> : null}
            </tr>
          </thead>
          <tbody>
            {processes.map((process) => {
              const openCase = cases.find((c) => c.processInstanceId === process.processInstanceId && isOpenStatus(c.status));
              return (
                <tr key={process.processInstanceId} data-testid="process-row">
                  <td>
                    <span className="mono search-table__primary">{process.businessKey ?? '—'}</span>
                    <span className="search-table__sub mono" title="Process instance id">
                      {process.processInstanceId}
                    </span>
                    {process.engineId ? <EngineLabel engineId={process.engineId} below /> : null}
                  </td>
                  <td>
                    <Entity entity={process.entity} />
                  </td>
                  <td>
                    {process.processDefinitionName ?? process.processDefinitionKey}
                    {process.processDefinitionVersion !== null ? <span className="muted"> v{process.processDefinitionVersion}</span> : null}
                    {process.processDefinitionName ? <span className="search-table__sub mono">{process.processDefinitionKey}</span> : null}
                  </td>
                  <td className="mono">{process.currentActivityIds.length ? process.currentActivityIds.join(', ') : <span className="muted">—</span>}</td>
                  <td>
                    <ProcessStateChip state={process.state} />
                  </td>
                  <td className="ui-num">
                    {process.openCaseCount > 0 ? (
                      openCase ? (
                        <Link to={caseHref(openCase.id)} aria-label={`${process.openCaseCount} open cases; open ${openCase.id}`}>
                          {process.openCaseCount}
                        </Link>
                      ) : (
                        <span className="search-table__open">{process.openCaseCount}</span>
                      )
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td className="muted">{process.startedAt ? <AbsoluteTime iso={process.startedAt} /> : '—'}</td>
                  {ended ? <td className="muted">{process.endedAt ? <AbsoluteTime iso={process.endedAt} /> : '—'}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One "Order view" link per order the results mention: the read-only page beside the cases. */
export function OrderResults({ orderIds }: { orderIds: string[] }) {
  const headingId = useId();
  if (orderIds.length === 0) return null;
  return (
    <section className="panel search-group" aria-labelledby={headingId} data-testid="search-group-orders">
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          Orders <span className="search-group__count">{orderIds.length}</span>
        </h2>
      </header>
      <ul className="search-orders">
        {orderIds.map((orderId) => (
          <li key={orderId} className="search-orders__item" data-testid="order-row">
            <span className="mono search-table__primary">{orderId}</span>
            <Link to={orderHref(orderId)}>Order view</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
