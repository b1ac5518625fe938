import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { QueueResponse } from '../../../../contracts/queues.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { queueQuery, type QueueState } from './queue-filters.js';

/**
 * The queue in pages of QUEUE_PAGE cases (keyset: each page asks for the rows after the previous page's
 * `nextCursor`); the table asks for the next page as the user scrolls near the end of what is loaded.
 */
export const queueQueryOptions = (state: QueueState) => {
  const query = queueQuery(state);
  return infiniteQueryOptions({
    queryKey: queryKeys.queue.list(query),
    queryFn: ({ signal, pageParam }) => apiFetch(endpoints.queue, { query: pageParam ? { ...query, cursor: pageParam } : query, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: QueueResponse) => last.nextCursor,
    // Keep the last list on screen while a new filter loads, so the table does not flash empty.
    placeholderData: keepPreviousData,
    // The queue is the page people leave open at night: keep it fresh without a reload. A refetch re-reads every
    // loaded page, so once the user has scrolled deep the list is refreshed on focus or by hand instead.
    refetchInterval: (q) => ((q.state.data?.pages.length ?? 0) > 2 ? false : 30_000),
  });
};

export interface QueueList {
  /** Every loaded page's cases, in order. */
  items: QueueResponse['items'];
  /** From the first page: matches (up to the cap), facets, view counts. */
  total: number;
  totalCapped: boolean;
  facets: QueueResponse['facets'];
  views: QueueResponse['views'];
}

export function useQueue(state: QueueState) {
  const query = useInfiniteQuery(queueQueryOptions(state));
  const pages = query.data?.pages;
  const first = pages?.[0];
  const data: QueueList | undefined = first
    ? { items: pages.flatMap((p) => p.items), total: first.total, totalCapped: first.totalCapped, facets: first.facets, views: first.views }
    : undefined;
  return { ...query, list: data };
}
