// Where each dashboard figure leads: the case queue (`/cases?…`) filtered to the cases behind the number.
// The BFF sends a ready `filter` for per-activity items; for the rest the query is built here from the queue's
// documented filters (src/contracts/queues.ts).
import type { DashboardRange } from './get-dashboard.js';

const rangeMinutes: Record<DashboardRange, number> = { '24h': 24 * 60, '7d': 7 * 24 * 60, '30d': 30 * 24 * 60 };

export function queueHref(filter: string | Record<string, string | number>): string {
  const query = typeof filter === 'string' ? filter.replace(/^\?/, '') : new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString();
  return query ? `/cases?${query}` : '/cases';
}

/** Cases first seen within the dashboard's range (any status). */
export function inRangeFilter(range: DashboardRange): Record<string, string | number> {
  return { status: 'all', maxAgeMinutes: rangeMinutes[range] };
}

export type CommandOutcome = 'done' | 'pending' | 'failed';

/** Cases with a recovery command of `actions` that ended as `outcome`, issued within the range. */
export function commandsFilter(range: DashboardRange, actions: readonly string[] | null, outcome: CommandOutcome | null): Record<string, string | number> {
  return {
    status: 'all',
    ...(actions ? { command: actions.join(',') } : {}),
    ...(outcome ? { commandOutcome: outcome } : {}),
    eventWithinMinutes: rangeMinutes[range],
  };
}

/** Cases whose unsafe-retry request was not decided in time, requested within the range. */
export function approvalBreachesFilter(range: DashboardRange): Record<string, string | number> {
  return { status: 'all', approval: 'breached', eventWithinMinutes: rangeMinutes[range] };
}

/** Length of one bucket of the series: hours for a day, days beyond. */
export function bucketMs(range: DashboardRange): number {
  return range === '24h' ? 3_600_000 : 86_400_000;
}

/**
 * Cases first seen inside one bucket, as an age window relative to now (the queue filters by age, not by
 * timestamps). Rounded outwards so a case on the bucket edge is not lost.
 */
export function bucketFilter(bucketStartIso: string, range: DashboardRange, now: number): Record<string, string | number> {
  const start = new Date(bucketStartIso).getTime();
  const end = start + bucketMs(range);
  return {
    status: 'all',
    minAgeMinutes: Math.max(0, Math.floor((now - end) / 60_000)),
    maxAgeMinutes: Math.max(0, Math.ceil((now - start) / 60_000)),
  };
}
