import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { queryKeys } from '../../../lib/query-keys.js';
import { ChangeApplier, keysOf } from './apply-change.js';

describe('keysOf', () => {
  it('names the changed cases, and the lists and counts for a case change', () => {
    expect(keysOf({ kinds: [], caseIds: ['FO-1'] })).toEqual([queryKeys.cases.detail('FO-1')]);
    expect(keysOf({ kinds: ['case'], caseIds: null })).toEqual([
      queryKeys.cases.details(), queryKeys.queue.all(), queryKeys.cases.lists(), queryKeys.dashboard.all(), queryKeys.orders.all(), queryKeys.search.all(),
    ]);
    expect(keysOf({ kinds: ['approval', 'freeze'], caseIds: [] })).toEqual([queryKeys.approvals.all(), queryKeys.freezes.all()]);
  });
});

describe('ChangeApplier', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  /** An on-screen query whose fetches the test finishes by hand. */
  function watched(client: QueryClient, caseId: string) {
    const pending: ((value: string) => void)[] = [];
    let fetches = 0;
    const observer = new QueryObserver(client, {
      queryKey: queryKeys.cases.detail(caseId),
      queryFn: () => {
        fetches += 1;
        return new Promise<string>((resolve) => pending.push(resolve));
      },
      staleTime: Infinity,
    });
    cleanups.push(observer.subscribe(() => undefined));
    return { finish: (value: string) => pending.shift()!(value), get fetches() { return fetches; }, get data() { return observer.getCurrentResult().data; } };
  }

  it('fetches a changed view once more after a fetch that was already running, instead of restarting or trusting it', async () => {
    const client = new QueryClient();
    const applier = new ChangeApplier(client);
    cleanups.push(() => applier.dispose());
    const page = watched(client, 'FO-1');
    expect(page.fetches).toBe(1);

    void applier.apply({ kinds: ['case'], caseIds: ['FO-1'] });
    void applier.apply({ kinds: ['case'], caseIds: ['FO-1'] });
    // Not restarted: still the first fetch.
    expect(page.fetches).toBe(1);
    page.finish('read before the change');
    await expect.poll(() => page.fetches).toBe(2);
    page.finish('read after the change');
    await expect.poll(() => page.data).toBe('read after the change');
    expect(page.fetches).toBe(2);
  });

  it('leaves views of other cases alone', async () => {
    const client = new QueryClient();
    const applier = new ChangeApplier(client);
    cleanups.push(() => applier.dispose());
    const page = watched(client, 'FO-1');
    page.finish('first');
    await expect.poll(() => page.data).toBe('first');
    await applier.apply({ kinds: [], caseIds: ['FO-2'] });
    expect(page.fetches).toBe(1);
  });
});
