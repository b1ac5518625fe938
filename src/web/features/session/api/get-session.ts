import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch, setCsrfToken } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export async function getSession(signal?: AbortSignal) {
  const session = await apiFetch(endpoints.session, { signal });
  // Every fresh session answer carries the token mutating requests must send back.
  setCsrfToken(session.csrfToken);
  return session;
}

export const sessionQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.session(), queryFn: ({ signal }) => getSession(signal), staleTime: 5 * 60_000, retry: false });

export function useSession() {
  return useQuery(sessionQueryOptions());
}

/** The signed-in user, for components under the session gate (which renders nothing else until it is known). */
export function useSessionUser() {
  return useSession().data?.user ?? null;
}
