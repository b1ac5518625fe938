import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const dashboardRanges = ['24h', '7d', '30d'] as const;
export type DashboardRange = (typeof dashboardRanges)[number];

/** The range from the URL; anything unknown falls back to the BFF's default (7d). */
export function parseDashboardRange(value: string | null): DashboardRange {
  return dashboardRanges.find((range) => range === value) ?? '7d';
}

export function getDashboard(range: DashboardRange, signal?: AbortSignal) {
  return apiFetch(endpoints.dashboard, { query: { range }, signal });
}

export const dashboardQueryOptions = (range: DashboardRange) =>
  queryOptions({ queryKey: queryKeys.dashboard.range(range), queryFn: ({ signal }) => getDashboard(range, signal), refetchInterval: 60_000 });

/** While another range loads, the previous figures stay on screen (marked as updating) instead of a skeleton. */
export function useDashboard(range: DashboardRange) {
  return useQuery({ ...dashboardQueryOptions(range), placeholderData: keepPreviousData });
}
