import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getDeployments(signal?: AbortSignal) {
  return apiFetch(endpoints.deployments, { signal });
}

/** Reports are written once per version and running counts move with the mirror: a minute is fresh enough. */
export const deploymentsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.deployments(), queryFn: ({ signal }) => getDeployments(signal), refetchInterval: 60_000 });

export function useDeployments() {
  return useQuery(deploymentsQueryOptions());
}
