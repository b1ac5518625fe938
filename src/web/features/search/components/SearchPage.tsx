import { Navigate, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { entityTypeLabels } from '../../../components/ui/labels.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { RecentOrders } from '../../recent-orders/components/RecentOrders.js';
import { isSupportOnly, listedOrders, singleOrderDestination } from '../api/order-destination.js';
import { useSearch } from '../api/search.js';
import { singleDestination } from '../api/single-destination.js';
import { CaseResults, OrderResults, ProcessResults } from './SearchResults.js';
import './search.css';

const acceptedForms = ['ORD-100928', '100928', 'order:ORD-100928', 'quote:Q-1:rev:2', 'FO-2026-000001'];

function SearchHints() {
  return (
    <div className="search-hints">
      <p>Search by order or quote number, business key, process instance id or case id. For example:</p>
      <ul className="search-hints__list">
        {acceptedForms.map((form) => (
          <li key={form}>
            <code>{form}</code>
          </li>
        ))}
      </ul>
      <p className="muted">
        Press <kbd>/</kbd> anywhere to jump to the search box.
      </p>
    </div>
  );
}

function interpretation(kind: string, value: string): string {
  const label = entityTypeLabels[kind.toUpperCase()] ?? kind.replace(/_/g, ' ');
  return `Searching ${label.toLowerCase()} ${value}`;
}

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const result = useSearch(q);
  const user = useSessionUser();
  useDocumentTitle(q ? `Search: ${q}` : 'Search');

  if (!q) {
    return (
      <div className="page">
        <h1 className="page__title">Search</h1>
        <section className="panel search-panel">
          <EmptyState title="Find an order, quote or case">
            <SearchHints />
          </EmptyState>
        </section>
        <RecentOrders />
      </div>
    );
  }

  if (result.data) {
    // Support alone lands on the order (what the customer asks about); operators on the case they can act on.
    const orderDestination = user && isSupportOnly(user.roles) ? singleOrderDestination(result.data) : null;
    // Ids that merely start with what was typed are suggestions: never open one of them unasked.
    const exact = !result.data.interpretedAs?.kind.endsWith('starting with');
    const destination = exact ? (orderDestination ?? singleDestination(result.data)) : null;
    if (destination) return <Navigate to={destination} replace />;
  }

  const data = result.data;
  const total = data ? data.cases.length + data.running.length + data.ended.length : 0;

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Search results</h1>
          <p className="page__subtitle" data-testid="search-interpretation">
            {data
              ? data.interpretedAs
                ? interpretation(data.interpretedAs.kind, data.interpretedAs.value)
                : `Free-text search for “${data.query}”`
              : `Searching “${q}”…`}
            {data ? ` · ${total} ${total === 1 ? 'result' : 'results'}` : null}
          </p>
        </div>
      </div>

      {result.isPending ? (
        <section className="panel">
          <SkeletonBlock label="Searching" />
        </section>
      ) : result.isError ? (
        <section className="panel">
          <ErrorState title="Search failed" failure={toFailure(result.error)} onRetry={() => void result.refetch()} retrying={result.isFetching} />
        </section>
      ) : total === 0 ? (
        <section className="panel search-panel">
          <EmptyState title={`No match for “${q}”`}>
            <SearchHints />
          </EmptyState>
        </section>
      ) : (
        <div className="search-groups">
          <OrderResults orderIds={listedOrders(result.data)} />
          <CaseResults cases={result.data.cases} />
          <ProcessResults title="Running processes" processes={result.data.running} cases={result.data.cases} />
          <ProcessResults title="Ended processes" processes={result.data.ended} cases={result.data.cases} />
        </div>
      )}
    </div>
  );
}
