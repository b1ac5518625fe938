import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** The orders the caller opened last (recorded by the BFF when an order view or a case of an order opens). */
export const recentOrdersQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.recentOrders(), queryFn: ({ signal }) => apiFetch(endpoints.recentOrders, { signal }) });

export const useRecentOrders = () => useQuery(recentOrdersQueryOptions());
