import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getFreezes(signal?: AbortSignal) {
  return apiFetch(endpoints.listFreezes, { signal });
}

export const freezesQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.freezes.list(),
    queryFn: ({ signal }) => getFreezes(signal),
    // Freezes end by themselves at `endsAt`; keep the list honest while it is open.
    refetchInterval: 60_000,
  });

export function useFreezes() {
  return useQuery(freezesQueryOptions());
}
