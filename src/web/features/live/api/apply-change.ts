import type { QueryClient } from '@tanstack/react-query';
import { liveKinds, type LiveChange } from '../../../../contracts/live.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** What a page refetches when it cannot know what changed (polling, or back after an outage). */
export const EVERYTHING: LiveChange = { kinds: [...liveKinds], caseIds: null };

/**
 * Marks what a change touches as stale; TanStack Query refetches only what is on screen (the rest when it is
 * next shown). A refetch already running is left to finish rather than restarted, so a burst of events never
 * keeps a slow view (the queue, the dashboard) from ever arriving.
 */
export function applyChange(queryClient: QueryClient, change: LiveChange): Promise<unknown> {
  const keys: (readonly unknown[])[] = [];
  if (change.caseIds === null) keys.push(queryKeys.cases.details());
  else for (const caseId of change.caseIds) keys.push(queryKeys.cases.detail(caseId));
  if (change.kinds.includes('case')) {
    // Everything that lists or counts cases: the queue, the case lists, the dashboard, order views, search.
    keys.push(queryKeys.queue.all(), queryKeys.cases.lists(), queryKeys.dashboard.all(), queryKeys.orders.all(), queryKeys.search.all());
  }
  if (change.kinds.includes('approval')) keys.push(queryKeys.approvals.all());
  if (change.kinds.includes('freeze')) keys.push(queryKeys.freezes.all());
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false })));
}
