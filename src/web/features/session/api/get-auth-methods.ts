import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** How this deployment signs people in (password form, single sign-on, or both); needs no session. */
export const authMethodsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.authMethods(),
    queryFn: ({ signal }) => apiFetch(endpoints.authMethods, { signal }),
    staleTime: 5 * 60_000,
    retry: 1,
  });

export function useAuthMethods() {
  return useQuery(authMethodsQueryOptions());
}
