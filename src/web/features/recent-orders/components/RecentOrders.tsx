import { Link } from 'react-router';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { useRecentOrders } from '../api/get-recent-orders.js';
import './recent-orders.css';

/** Search's landing: the orders this user opened last, each a link to its order view. */
export function RecentOrders() {
  const recent = useRecentOrders();
  return (
    <section className="panel recent-orders" aria-labelledby="recent-orders-title">
      <header className="panel__header">
        <h2 id="recent-orders-title" className="panel__title">
          Recent orders
        </h2>
        <span className="muted recent-orders__hint">The last 10 orders you opened</span>
      </header>
      {recent.isPending ? (
        <SkeletonBlock label="Loading recent orders" />
      ) : recent.isError ? (
        <ErrorState title="Recent orders could not be loaded" failure={toFailure(recent.error)} onRetry={() => void recent.refetch()} retrying={recent.isFetching} />
      ) : recent.data.items.length === 0 ? (
        <p className="recent-orders__empty muted">Orders you open, from search or a case, show here so you can get back to them.</p>
      ) : (
        <ol className="recent-orders__list">
          {recent.data.items.map((item) => (
            <li key={item.orderId} className="recent-orders__item" data-testid="recent-order">
              <Link to={`/orders/${encodeURIComponent(item.orderId)}`} className="recent-orders__link">
                {item.orderId}
              </Link>
              <span className="muted">
                opened <RelativeTime iso={item.viewedAt} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
