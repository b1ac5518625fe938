import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { DEFAULT_LIVE_OPTIONS, LiveOptionsContext, type LiveOptions } from '../features/live/api/live-options.js';

export function AppProvider({ queryClient, live = DEFAULT_LIVE_OPTIONS, children }: { queryClient: QueryClient; live?: LiveOptions; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <LiveOptionsContext.Provider value={live}>{children}</LiveOptionsContext.Provider>
    </QueryClientProvider>
  );
}
