import { QueryClient } from '@tanstack/react-query';
import { isRequestError } from './api-client.js';

/** Retry only what may heal by itself (network, 5xx); a 4xx answer will not change by asking again. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!isRequestError(error)) return false;
  return error.code === 'NETWORK' || error.status >= 500;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

declare module '@tanstack/react-query' {
  interface Register {
    // Query functions call the API client, which only ever rejects with a RequestError.
    defaultError: import('./api-client.js').RequestError;
  }
}
