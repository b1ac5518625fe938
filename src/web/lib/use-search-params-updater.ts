import { useCallback, useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';

type Change = (current: URLSearchParams) => URLSearchParams;

/**
 * `useSearchParams` whose updates build on each other. React Router hands even a functional update the
 * search params of the last render, and renders a navigation some time after it starts; so two filter
 * changes made in quick succession (two selects, a slow machine) would each start from an old URL and the
 * second would drop the first. This applies each change to the URL the previous change produced.
 */
export function useSearchParamsUpdater(): [URLSearchParams, (change: Change) => void] {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  // The URLs this hook asked for that have not been rendered yet, oldest first.
  const pending = useRef<string[]>([]);
  useEffect(() => {
    const index = pending.current.indexOf(params.toString());
    if (index === -1) {
      // A navigation from elsewhere (back button, a link): it replaces whatever was asked for before.
      latest.current = params;
      pending.current = [];
    } else {
      // One of ours rendered; the later ones are still on their way, and `latest` already holds the last.
      pending.current = pending.current.slice(index + 1);
    }
  }, [params]);
  const update = useCallback(
    (change: Change) => {
      const next = change(new URLSearchParams(latest.current));
      latest.current = next;
      pending.current.push(next.toString());
      setParams(next);
    },
    [setParams],
  );
  return [params, update];
}
