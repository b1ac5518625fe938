import { useParams } from 'react-router';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import type { OrderView } from '../../../../contracts/orders.js';
import { useOrderView } from '../api/get-order-view.js';
import { OrderHistory } from './OrderHistory.js';
import { OrderOpenCases } from './OrderOpenCases.js';
import { OrderProcesses } from './OrderProcesses.js';
import { OrderStatePanel, type OrderState } from './OrderStatePanel.js';
import { OrderTimeline } from './OrderTimeline.js';
import './order-view.css';

/** The read-only view support lands on for an order. */
export function OrderViewPage() {
  const orderId = useParams().orderId ?? '';
  const order = useOrderView(orderId);
  useDocumentTitle(`Order ${orderId}`);

  return (
    <div className="page order-view">
      <div className="page__header">
        <div>
          <h1 className="page__title">
            Order <span className="mono">{orderId}</span>
          </h1>
          <p className="page__subtitle">{order.data ? <span className="mono">{order.data.businessKey}</span> : 'Read-only view of the order and its workflow'}</p>
        </div>
      </div>
      {order.isPending ? (
        <section className="panel">
          <SkeletonBlock label="Loading order" />
        </section>
      ) : order.isError ? (
        <section className="panel">
          <ErrorState title="The order could not be loaded" failure={toFailure(order.error)} onRetry={() => void order.refetch()} retrying={order.isFetching} />
        </section>
      ) : (
        <div className="order-view__body">
          {order.data.engines ? (
            // Known to several engines: each engine's own order service and workflow, labelled.
            order.data.engines.map((engine) => (
              <OrderStanding key={engine.engineId} state={engine} engine={{ id: engine.engineId, label: engine.label }} />
            ))
          ) : (
            <OrderStanding state={order.data} />
          )}
          <OrderHistory orderId={orderId} />
          <OrderOpenCases cases={order.data.openCases} />
          <OrderProcesses processes={order.data.processes} />
          <OrderTimeline entries={order.data.timeline} />
        </div>
      )}
    </div>
  );
}

/** One engine's answer about the order: a disagreement or an unreachable order service first, then the two sides. */
function OrderStanding({ state, engine }: { state: OrderState & Pick<OrderView, 'disagreement'>; engine?: { id: string; label: string } }) {
  const where = engine ? ` (${engine.label})` : '';
  return (
    <>
      {state.disagreement ? (
        <div className="notice notice--error order-view__disagreement" role="alert" data-testid="order-disagreement">
          <p>
            <strong>The order service and the workflow disagree{where}.</strong>
          </p>
          <p>{state.disagreement}</p>
        </div>
      ) : null}
      {state.domainError ? (
        <div className="notice notice--warning" role="status" data-testid="order-domain-error">
          <p>
            <strong>The order service{where} could not be asked:</strong> {state.domainError}
          </p>
          <p className="notice__meta">The workflow side below is still current.</p>
        </div>
      ) : null}
      <OrderStatePanel order={state} engine={engine} />
    </>
  );
}
