import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function search(q: string, signal?: AbortSignal) {
  return apiFetch(endpoints.search, { query: { q }, signal });
}

export const searchQueryOptions = (q: string) =>
  queryOptions({ queryKey: queryKeys.search.query(q), queryFn: ({ signal }) => search(q, signal), enabled: q.length > 0 });

export function useSearch(q: string) {
  return useQuery(searchQueryOptions(q));
}
