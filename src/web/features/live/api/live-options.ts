import { createContext } from 'react';

export interface LiveOptions {
  /** Off: no stream and no polling (component tests that do not test live updates). */
  enabled: boolean;
  /** How often a page refetches what it shows while it cannot hear changes. */
  pollMs: number;
  /** First and longest wait before a refused stream (404, 429, 5xx) is tried again. */
  reopen: { minMs: number; maxMs: number };
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { enabled: true, pollMs: 5000, reopen: { minMs: 5000, maxMs: 60_000 } };

export const LiveOptionsContext = createContext<LiveOptions>(DEFAULT_LIVE_OPTIONS);
