import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState, ErrorState, SkeletonBlock, Spinner } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSearchParamsUpdater } from '../../../lib/use-search-params-updater.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole } from '../../session/roles.js';
import { useActiveSavedView } from '../../saved-views/api/active-view.js';
import { SavedViewBar } from '../../saved-views/components/SavedViewBar.js';
import { SavedViewTabs } from '../../saved-views/components/SavedViewTabs.js';
import { useQueue } from '../api/get-queue.js';
import { bulkScope, describeSort, formatCount, nextSort, parseQueueState, queueViews, withParam, type FilterName, type SortKey } from '../api/queue-filters.js';
import { BulkRetryDialog } from './BulkRetryDialog.js';
import { QueueFilterBar } from './QueueFilterBar.js';
import { QueueTable, type Selection } from './QueueTable.js';
import { SyncBacklogBanner } from './SyncBacklogBanner.js';
import { SyncIssuesBanner } from './SyncIssuesBanner.js';
import './queue.css';

/** The case queue: saved views, filters with facet counts, sortable virtualized list, bulk retry. */
export function QueuePage() {
  const [params, setParams] = useSearchParamsUpdater();
  const state = useMemo(() => parseQueueState(params), [params]);
  const queue = useQueue(state);
  const user = useSessionUser();
  const currentView = queueViews.find((view) => view.value === state.view)!;
  const saved = useActiveSavedView(params);
  useDocumentTitle(`${saved.view?.name ?? currentView.label} · Queue`);

  const scope = bulkScope(state);
  const bulkCapable = scope !== null && hasAnyRole(user, ['tech_ops']);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // `bulk=retry` (the dashboard's *Bulk retry* link) opens the dialog, and with it the dry run, on arrival.
  const [bulkOpen, setBulkOpen] = useState(() => params.get('bulk') === 'retry');
  const selection: Selection | null = bulkCapable
    ? {
        selected,
        toggle: (caseId) =>
          setSelected((previous) => {
            const next = new Set(previous);
            if (next.has(caseId)) next.delete(caseId);
            else next.add(caseId);
            return next;
          }),
        setAll: (caseIds) => setSelected(new Set(caseIds ?? [])),
      }
    : null;

  function update(change: (current: URLSearchParams) => URLSearchParams) {
    setSelected(new Set());
    setParams(change);
  }
  const setFilter = (name: FilterName, value: string | null) => update((current) => withParam(current, name, value));
  const clearFilters = () =>
    update((current) => {
      const next = new URLSearchParams();
      for (const name of ['view', 'sort', 'order']) {
        const value = current.get(name);
        if (value) next.set(name, value);
      }
      return next;
    });
  const sortBy = (key: SortKey) => {
    const sort = nextSort(state, key);
    update((current) => withParam(withParam(current, 'sort', sort.sort), 'order', sort.order));
  };

  const data = queue.list;
  const caption = data
    ? `${saved.view?.name ?? currentView.label}: showing ${formatCount(data.items.length)} of ${formatCount(data.total, data.totalCapped)} cases, ${describeSort(state.sort, state.order)}`
    : 'Cases';

  return (
    <div className="page queue-page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Fallout cases</h1>
          <p className="page__subtitle">Engine incidents and stuck instances, classified as business cases.</p>
        </div>
        <div className="queue-toolbar">
          {queue.isFetching && !queue.isPending ? <Spinner label="Refreshing" /> : null}
          {bulkCapable ? (
            <button type="button" className="ui-button ui-button--primary" onClick={() => setBulkOpen(true)}>
              Bulk retry{selected.size > 0 ? ` (${selected.size} selected)` : ''}
            </button>
          ) : null}
        </div>
      </div>

      <SyncBacklogBanner />
      <SyncIssuesBanner />

      <nav className="queue-views" aria-label="Saved views">
        {queueViews.map((view) => {
          // A saved view open over a built-in one is the active tab, not both.
          const active = view.value === state.view && !saved.view;
          const count = data?.views[view.value];
          return (
            <Link
              key={view.value}
              to={{ search: withParam(withParam(withParam(params, 'bulk', null), 'saved', null), 'view', view.value === 'all' ? null : view.value).toString() }}
              onClick={() => setSelected(new Set())}
              className={`queue-views__tab${active ? ' queue-views__tab--active' : ''}`}
              aria-current={active ? 'page' : undefined}
            >
              {view.label}
              {count !== undefined ? (
                <span className="queue-views__count" aria-label={count === 1 ? '1 case' : `${formatCount(count)} cases`}>
                  {formatCount(count)}
                </span>
              ) : null}
            </Link>
          );
        })}
        <SavedViewTabs params={params} activeId={saved.view?.id ?? null} onOpen={() => setSelected(new Set())} />
      </nav>
      <SavedViewBar view={saved.view} missing={saved.missing} />

      <QueueFilterBar state={state} facets={data?.facets} onChange={setFilter} onClear={clearFilters} />

      <section className="panel queue-panel" aria-label="Case list">
        {queue.isError && !data ? (
          <ErrorState title="Cases could not be loaded" failure={toFailure(queue.error)} onRetry={() => void queue.refetch()} retrying={queue.isFetching} />
        ) : !data ? (
          <SkeletonBlock label="Loading cases" />
        ) : data.items.length === 0 ? (
          <EmptyState title={Object.keys(state.filters).length > 0 ? 'No case matches these filters' : `No cases in “${currentView.label}”`}>
            <p>{Object.keys(state.filters).length > 0 ? 'Clear a filter or pick another view.' : currentView.emptyHint}</p>
          </EmptyState>
        ) : (
          <>
            <QueueTable
              items={data.items}
              more={queue.hasNextPage ? { loading: queue.isFetchingNextPage, failed: queue.isFetchNextPageError, load: () => void queue.fetchNextPage() } : null}
              state={state}
              onSort={sortBy}
              selection={selection}
              caption={caption}
            />
            {queue.isError ? (
              <p className="queue-stale" role="status">
                Showing the last loaded list: {queue.error.message}
              </p>
            ) : null}
          </>
        )}
      </section>

      {bulkOpen && scope && bulkCapable ? (
        <BulkRetryDialog
          processDefinitionKey={scope.processDefinitionKey}
          activityId={scope.activityId}
          activityName={data?.facets.activityId.find((facet) => facet.value === scope.activityId)?.label ?? data?.items.find((item) => item.activityId === scope.activityId)?.activityName ?? null}
          processName={data?.facets.processKey.find((facet) => facet.value === scope.processDefinitionKey)?.label ?? null}
          selectedIds={[...selected]}
          onClose={() => {
            setBulkOpen(false);
            if (params.get('bulk')) setParams((current) => withParam(current, 'bulk', null));
          }}
        />
      ) : null}
    </div>
  );
}
