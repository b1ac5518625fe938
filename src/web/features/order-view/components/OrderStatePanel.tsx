import type { OrderView } from '../../../../contracts/orders.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { codeInWords } from '../../../components/ui/labels.js';

/** What one panel shows: the order as the workbench's one engine, or one of several, knows it. */
export type OrderState = Pick<OrderView, 'domain' | 'domainError' | 'stage'>;

/**
 * The order service's state beside the workflow's stage: the two answers support compares first. Several engines
 * that both know the order: one panel each, titled with the engine's label (each engine has its own order service).
 */
export function OrderStatePanel({ order, engine }: { order: OrderState; engine?: { id: string; label: string } }) {
  const headingId = `order-state-heading${engine ? `-${engine.id}` : ''}`;
  return (
    <section className="panel" aria-labelledby={headingId} data-testid={engine ? 'order-engine-state' : undefined}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          Where the order is{engine ? <span className="order-state__engine"> in {engine.label}</span> : null}
        </h2>
      </header>
      <div className="panel__body order-state">
        <div className="order-state__side" data-testid="order-domain-state">
          <h3 className="order-state__label">Order service says</h3>
          {order.domain ? (
            <>
              <p className="order-state__value" title={`Status code ${order.domain.status}`}>
                {codeInWords(order.domain.status)} <span className="order-state__code mono" data-technical>
                  {order.domain.status}
                </span>
              </p>
              <p className="muted">
                {order.domain.updatedAt ? (
                  <>
                    Updated <RelativeTime iso={order.domain.updatedAt} />
                  </>
                ) : (
                  'No update time'
                )}
                {order.domain.customerId ? (
                  <>
                    {' '}
                    · Customer <span className="mono">{order.domain.customerId}</span>
                  </>
                ) : null}
              </p>
            </>
          ) : (
            <p className="muted">Not available{order.domainError ? ' (see the notice above)' : ''}</p>
          )}
        </div>
        <div className="order-state__side" data-testid="order-workflow-stage">
          <h3 className="order-state__label">Workflow stage</h3>
          {order.stage ? (
            <>
              <p className="order-state__value">{order.stage.label}</p>
              <p className="muted">
                {order.stage.since ? (
                  <>
                    Since <AbsoluteTime iso={order.stage.since} />
                  </>
                ) : null}{' '}
                <span className="mono" title="Activity id" data-technical>
                  {order.stage.activityId}
                </span>
              </p>
            </>
          ) : (
            <p className="muted">No running workflow for this order.</p>
          )}
        </div>
      </div>
    </section>
  );
}
