import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { queueQuery, type QueueState } from './queue-filters.js';

/** Beyond this many rows the queue stops polling in the background. */
export const LARGE_LIST = 2000;

export const queueQueryOptions = (state: QueueState) => {
  const query = queueQuery(state);
  return queryOptions({
    queryKey: queryKeys.queue.list(query),
    queryFn: ({ signal }) => apiFetch(endpoints.queue, { query, signal }),
    // Keep the last list on screen while a new filter loads, so the table does not flash empty.
    placeholderData: keepPreviousData,
    // The queue is the page people leave open at night: keep it fresh without a reload. A very long list is
    // refreshed on focus or by hand instead: parsing thousands of cases would stall scrolling every 30 s.
    refetchInterval: (query) => ((query.state.data?.items.length ?? 0) > LARGE_LIST ? false : 30_000),
  });
};

export function useQueue(state: QueueState) {
  return useQuery(queueQueryOptions(state));
}
