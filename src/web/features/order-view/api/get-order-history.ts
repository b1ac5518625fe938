import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getOrderHistory(orderId: string, signal?: AbortSignal) {
  return apiFetch(endpoints.orderHistory, { params: { orderId }, signal });
}

// Under the order's own key, so whatever refreshes the order view refreshes its history too.
export const orderHistoryQueryOptions = (orderId: string) =>
  queryOptions({ queryKey: [...queryKeys.orders.detail(orderId), 'history'] as const, queryFn: ({ signal }) => getOrderHistory(orderId, signal) });

/** The order's runs from the engine's history; asked separately, so a slow engine never holds up the order view. */
export function useOrderHistory(orderId: string) {
  return useQuery(orderHistoryQueryOptions(orderId));
}
