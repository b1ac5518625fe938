// The queue's state lives in the URL (so a link can be shared): one search parameter per filter, named exactly
// as the BFF's `GET /api/queue` query, so the page forwards them unchanged.
import { queueFilterNames, type QueueView } from '../../../../contracts/queues.js';

export const queueViews: ReadonlyArray<{ value: QueueView; label: string; emptyHint: string }> = [
  { value: 'mine', label: 'My cases', emptyHint: 'Nothing is assigned to you. Pick a case from “My team” or “All”.' },
  { value: 'team', label: 'My team', emptyHint: 'Your team owns no open fallout right now.' },
  { value: 'approvals', label: 'Awaiting my approval', emptyHint: 'No retry is waiting for your decision.' },
  { value: 'unclassified', label: 'Unclassified', emptyHint: 'Every open case matched a catalog rule.' },
  { value: 'stuck', label: 'Stuck', emptyHint: 'No instance waits past its stage budget.' },
  { value: 'all', label: 'All', emptyHint: 'The engine reports no incidents. Try status “All” to see resolved cases.' },
];

/** Filters the page forwards to the BFF (besides view, sort and order): the contract's list. */
export const filterNames = queueFilterNames;
export type FilterName = (typeof filterNames)[number];

/**
 * Filters with no control in the filter bar: they arrive through links (the dashboard's figures) and are
 * shown as removable chips, so the user always sees why the list is narrowed.
 */
export const linkOnlyFilters = ['maxAgeMinutes', 'topic', 'command', 'commandOutcome', 'approval', 'eventWithinMinutes'] as const satisfies readonly FilterName[];

export type SortKey = 'lastSeen' | 'firstSeen' | 'severity' | 'slaDue' | 'age';
export type SortOrder = 'asc' | 'desc';
const sortKeys: readonly SortKey[] = ['lastSeen', 'firstSeen', 'severity', 'slaDue', 'age'];

export const sortLabels: Record<SortKey, string> = {
  lastSeen: 'last seen',
  firstSeen: 'first seen',
  severity: 'severity',
  slaDue: 'SLA due',
  age: 'age',
};

/** "sorted by last seen, newest first": the caption's words for the current sort. */
export function describeSort(sort: SortKey, order: SortOrder): string {
  const direction: Record<SortKey, [asc: string, desc: string]> = {
    lastSeen: ['oldest first', 'newest first'],
    firstSeen: ['oldest first', 'newest first'],
    severity: ['lowest first', 'highest first'],
    slaDue: ['soonest first', 'latest first'],
    age: ['youngest first', 'oldest first'],
  };
  return `sorted by ${sortLabels[sort]}, ${direction[sort][order === 'asc' ? 0 : 1]}`;
}

export interface QueueState {
  view: QueueView;
  sort: SortKey;
  order: SortOrder;
  filters: Partial<Record<FilterName, string>>;
}

/** Cases per page: the table loads the next page as the user scrolls (the BFF sends at most 200). */
export const QUEUE_PAGE = 100;

/** A count as the queue shows it: `10,000+` when the BFF stopped counting at its cap. */
export function formatCount(count: number, capped = false): string {
  return `${count.toLocaleString('en-US')}${capped ? '+' : ''}`;
}

export function parseQueueState(params: URLSearchParams): QueueState {
  const view = queueViews.find((entry) => entry.value === params.get('view'))?.value ?? 'all';
  const sortParam = params.get('sort');
  const sort = sortKeys.find((key) => key === sortParam) ?? 'lastSeen';
  const order: SortOrder = params.get('order') === 'asc' ? 'asc' : 'desc';
  const filters: QueueState['filters'] = {};
  for (const name of filterNames) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return { view, sort, order, filters };
}

/** The query string for `GET /api/queue`: the URL's state plus the page size. */
export function queueQuery(state: QueueState): Record<string, string> {
  return { view: state.view, ...state.filters, sort: state.sort, order: state.order, limit: String(QUEUE_PAGE) };
}

/** A copy of `params` with `name` set (or removed when empty); the other filters stay. */
export function withParam(params: URLSearchParams, name: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value === '') next.delete(name);
  else next.set(name, value);
  return next;
}

/** Clicking the sorted column flips the order; another column starts descending (newest, worst first). */
export function nextSort(state: QueueState, key: SortKey): { sort: SortKey; order: SortOrder } {
  if (state.sort === key) return { sort: key, order: state.order === 'desc' ? 'asc' : 'desc' };
  return { sort: key, order: 'desc' };
}

/** Bulk retry needs one process and one activity pinned: the BFF retries transient cases at that step only. */
export function bulkScope(state: QueueState): { processDefinitionKey: string; activityId: string } | null {
  const { processKey, activityId } = state.filters;
  if (!processKey || !activityId || processKey.includes(',') || activityId.includes(',')) return null;
  return { processDefinitionKey: processKey, activityId };
}
