// One stream of changes per open tab (GET /api/events): each event marks what it touches as stale, so the
// case page, the queue, the approvals inbox and its badge and the dashboard refetch by themselves. Whenever
// the stream cannot tell (no EventSource, refused, dropped, or the server says it cannot hear the database)
// the page polls instead, and once it is live again it refetches everything once: what changed meanwhile
// was never announced.
import { useQueryClient } from '@tanstack/react-query';
import { useContext, useEffect, useRef, useState } from 'react';
import * as z from 'zod/mini';
import { endpoints } from '../../../../contracts/endpoints.js';
import { liveChangeSchema, liveEvents, liveStatusSchema } from '../../../../contracts/live.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { ChangeApplier, EVERYTHING } from './apply-change.js';
import { LiveOptionsContext } from './live-options.js';
import { useDocumentVisible } from './use-document-visible.js';

/**
 * off: live updates are switched off; connecting: the stream is opening; live: changes arrive as they
 * happen; reconnecting: the stream dropped and the browser is reopening it (the page polls meanwhile);
 * polling: no stream for now (refused, unsupported, or the server cannot hear the database).
 */
export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'polling';

const readJson = (data: unknown): unknown => {
  try {
    return JSON.parse(String(data));
  } catch {
    return undefined;
  }
};

export function useLiveUpdates(): LiveState {
  const options = useContext(LiveOptionsContext);
  const queryClient = useQueryClient();
  const visible = useDocumentVisible();
  const [state, setState] = useState<LiveState>(options.enabled ? 'connecting' : 'off');
  // Whether this page was live before: coming back to live after a gap refetches what it shows.
  const wasLive = useRef(false);
  const [applier, setApplier] = useState<ChangeApplier | null>(null);
  useEffect(() => {
    const created = new ChangeApplier(queryClient);
    setApplier(created);
    return () => created.dispose();
  }, [queryClient]);

  useEffect(() => {
    if (!options.enabled || !visible || !applier) return;
    if (typeof EventSource === 'undefined') {
      setState('polling');
      return;
    }
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let refusals = 0;
    let live = false;

    const setLive = (next: boolean) => {
      if (next && !live) {
        refusals = 0;
        if (wasLive.current) void applier.apply(EVERYTHING);
        wasLive.current = true;
      }
      live = next;
    };
    const open = () => {
      setState('connecting');
      const current = new EventSource(endpoints.events.path);
      source = current;
      current.addEventListener(liveEvents.status, (event) => {
        const status = z.safeParse(liveStatusSchema, readJson((event as MessageEvent).data));
        if (!status.success) return;
        setLive(status.data.feed === 'UP');
        setState(status.data.feed === 'UP' ? 'live' : 'polling');
      });
      current.addEventListener(liveEvents.change, (event) => {
        const change = z.safeParse(liveChangeSchema, readJson((event as MessageEvent).data));
        void applier.apply(change.success ? change.data : EVERYTHING);
      });
      current.addEventListener(liveEvents.sessionEnded, () => {
        current.close();
        setLive(false);
        setState('polling');
        // The session query answers 401 now, and the app goes to the sign-in page.
        void queryClient.invalidateQueries({ queryKey: queryKeys.session() });
      });
      current.addEventListener('error', () => {
        setLive(false);
        if (current.readyState !== EventSource.CLOSED) {
          setState('reconnecting');
          return;
        }
        // Refused (no stream on this server, too many open pages, signed out): poll, and ask again later.
        setState('polling');
        const delay = Math.min(options.reopen.maxMs, options.reopen.minMs * 2 ** refusals);
        refusals += 1;
        reopenTimer = setTimeout(open, delay);
      });
    };
    open();
    return () => {
      clearTimeout(reopenTimer);
      source?.close();
      setLive(false);
    };
  }, [options, visible, queryClient, applier]);

  // Not live (and shown): refetch what the page shows on a beat instead.
  useEffect(() => {
    if (!options.enabled || !visible || state === 'live' || !applier) return;
    const timer = setInterval(() => void applier.apply(EVERYTHING), options.pollMs);
    return () => clearInterval(timer);
  }, [options, visible, state, applier]);

  return state;
}
