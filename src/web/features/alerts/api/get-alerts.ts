import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getAlerts(signal?: AbortSignal) {
  return apiFetch(endpoints.alerts, { signal });
}

/** The sync leader evaluates the rules every 15 s; the page follows at that pace. */
export const alertsQueryOptions = () => queryOptions({ queryKey: queryKeys.alerts(), queryFn: ({ signal }) => getAlerts(signal), refetchInterval: 15_000 });

export function useAlerts() {
  return useQuery(alertsQueryOptions());
}
