import type { OrderView } from '../../../../contracts/orders.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { codeInWords } from '../../../components/ui/labels.js';

/** The order service's state beside the workflow's stage: the two answers support compares first. */
export function OrderStatePanel({ order }: { order: OrderView }) {
  return (
    <section className="panel" aria-labelledby="order-state-heading">
      <header className="panel__header">
        <h2 id="order-state-heading" className="panel__title">
          Where the order is
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
