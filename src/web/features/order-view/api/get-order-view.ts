import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getOrderView(orderId: string, signal?: AbortSignal) {
  return apiFetch(endpoints.orderView, { params: { orderId }, signal });
}

export const orderViewQueryOptions = (orderId: string) =>
  queryOptions({ queryKey: queryKeys.orders.detail(orderId), queryFn: ({ signal }) => getOrderView(orderId, signal) });

export function useOrderView(orderId: string) {
  return useQuery(orderViewQueryOptions(orderId));
}

export function orderHref(orderId: string): string {
  return `/orders/${encodeURIComponent(orderId)}`;
}
