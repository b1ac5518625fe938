import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const catalogQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.catalog(),
    queryFn: ({ signal }) => apiFetch(endpoints.catalog, { signal }),
    // The catalog changes with a deployment, not while someone reads it.
    staleTime: 10 * 60_000,
  });

export function useCatalog() {
  return useQuery(catalogQueryOptions());
}
