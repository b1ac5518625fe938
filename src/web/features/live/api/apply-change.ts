import type { QueryClient } from '@tanstack/react-query';
import { liveKinds, type LiveChange } from '../../../../contracts/live.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** What a page refetches when it cannot know what changed (polling, or back after an outage). */
export const EVERYTHING: LiveChange = { kinds: [...liveKinds], caseIds: null };

/** The query keys a change touches. */
export function keysOf(change: LiveChange): (readonly unknown[])[] {
  const keys: (readonly unknown[])[] = [];
  if (change.caseIds === null) keys.push(queryKeys.cases.details());
  else for (const caseId of change.caseIds) keys.push(queryKeys.cases.detail(caseId));
  if (change.kinds.includes('case')) {
    // Everything that lists or counts cases: the queue, the case lists, the dashboard, order views, search.
    keys.push(queryKeys.queue.all(), queryKeys.cases.lists(), queryKeys.dashboard.all(), queryKeys.orders.all(), queryKeys.search.all());
  }
  if (change.kinds.includes('approval')) keys.push(queryKeys.approvals.all());
  if (change.kinds.includes('freeze')) keys.push(queryKeys.freezes.all());
  return keys;
}

/**
 * Marks what a change touches as stale; TanStack Query refetches only what is on screen (the rest when it is
 * next shown). A refetch already running is neither restarted (a burst of events would keep a slow view, a
 * case page waiting for the engine, from ever arriving) nor trusted: it may have read before the change
 * committed, so the view is fetched once more as soon as it ends.
 */
export class ChangeApplier {
  private readonly again = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly queryClient: QueryClient) {
    this.unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      const { query } = event;
      if (event.type !== 'updated' || query.state.fetchStatus !== 'idle' || !this.again.delete(query.queryHash)) return;
      void queryClient.refetchQueries({ queryKey: query.queryKey, exact: true, type: 'active' }, { cancelRefetch: false });
    });
  }

  apply(change: LiveChange): Promise<unknown> {
    const cache = this.queryClient.getQueryCache();
    return Promise.all(
      keysOf(change).map((queryKey) => {
        for (const query of cache.findAll({ queryKey, type: 'active' })) {
          if (query.state.fetchStatus === 'fetching') this.again.add(query.queryHash);
        }
        return this.queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
      }),
    );
  }

  dispose(): void {
    this.unsubscribe();
    this.again.clear();
  }
}
