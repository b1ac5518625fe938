import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { AppProvider } from '../app/provider.js';
import { createRoutes } from '../app/router.js';
import { DEFAULT_LIVE_OPTIONS, type LiveOptions } from '../features/live/api/live-options.js';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 30_000, refetchInterval: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

/** Live updates stay off unless a test is about them: no stream, no polling beat under other tests. */
const LIVE_OFF: LiveOptions = { ...DEFAULT_LIVE_OPTIONS, enabled: false };

/** The whole app (layout, routes, lazy chunks) at `path`, over msw. */
export function renderApp(path: string, options: { live?: Partial<LiveOptions> } = {}) {
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [path] });
  const user = userEvent.setup();
  const utils = render(
    <AppProvider queryClient={queryClient} live={options.live ? { ...DEFAULT_LIVE_OPTIONS, ...options.live } : LIVE_OFF}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...utils, router, queryClient, user };
}
