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

/** The engine from the URL (`?engine=`), when it looks like an engine id; null: every engine's figures. */
export function parseDashboardEngine(value: string | null): string | null {
  return value && /^[a-z0-9-]{1,40}$/.test(value) ? value : null;
}

export function getDashboard(range: DashboardRange, engineId: string | null, signal?: AbortSignal) {
  return apiFetch(endpoints.dashboard, { query: { range, engineId: engineId ?? undefined }, signal });
}

export const dashboardQueryOptions = (range: DashboardRange, engineId: string | null = null) =>
  queryOptions({ queryKey: queryKeys.dashboard.range(range, engineId), queryFn: ({ signal }) => getDashboard(range, engineId, signal), refetchInterval: 60_000 });

/** While another range or engine loads, the previous figures stay on screen (marked as updating) instead of a skeleton. */
export function useDashboard(range: DashboardRange, engineId: string | null = null) {
  return useQuery({ ...dashboardQueryOptions(range, engineId), placeholderData: keepPreviousData });
}
