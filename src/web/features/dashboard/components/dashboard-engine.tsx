import { createContext, useContext, type ReactNode } from 'react';
import { queueHref } from '../api/queue-links.js';

// The engine the dashboard shows (several engines, `?engine=` in the address): every figure's link to the queue
// then opens that engine's cases only, as the figure counts them.
const DashboardEngine = createContext<string | null>(null);

export function DashboardEngineProvider({ engineId, children }: { engineId: string | null; children: ReactNode }) {
  return <DashboardEngine.Provider value={engineId}>{children}</DashboardEngine.Provider>;
}

/** `queueHref` for the dashboard's figures: with an engine chosen, the queue filtered to that engine too. */
export function useQueueHref(): (filter: string | Record<string, string | number>) => string {
  const engineId = useContext(DashboardEngine);
  return (filter) => {
    if (!engineId) return queueHref(filter);
    if (typeof filter !== 'string') return queueHref({ ...filter, engineId });
    const query = new URLSearchParams(filter.replace(/^\?/, ''));
    if (!query.has('engineId')) query.set('engineId', engineId);
    return queueHref(query.toString());
  };
}
