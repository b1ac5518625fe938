import { useSyncExternalStore } from 'react';

// One shared ticker per interval, so every relative time on screen ages together without one timer per cell:
// the default (30 s) for "12 min ago", one second for countdowns such as an approval's expiry.
interface Ticker {
  listeners: Set<() => void>;
  now: number;
  timer: ReturnType<typeof setInterval> | undefined;
}

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let ticker = tickers.get(intervalMs);
  if (!ticker) {
    ticker = { listeners: new Set(), now: Date.now(), timer: undefined };
    tickers.set(intervalMs, ticker);
  }
  return ticker;
}

function subscribeTo(intervalMs: number) {
  return (listener: () => void): (() => void) => {
    const ticker = tickerFor(intervalMs);
    ticker.listeners.add(listener);
    if (ticker.timer === undefined) {
      // A ticker that was idle holds an old time: start from the present.
      ticker.now = Date.now();
      ticker.timer = setInterval(() => {
        ticker.now = Date.now();
        ticker.listeners.forEach((l) => l());
      }, intervalMs);
    }
    return () => {
      ticker.listeners.delete(listener);
      if (ticker.listeners.size === 0 && ticker.timer !== undefined) {
        clearInterval(ticker.timer);
        ticker.timer = undefined;
      }
    };
  };
}

const subscribers = new Map<number, (listener: () => void) => () => void>();

export function useNow(intervalMs = 30_000): number {
  let subscribe = subscribers.get(intervalMs);
  if (!subscribe) {
    subscribe = subscribeTo(intervalMs);
    subscribers.set(intervalMs, subscribe);
  }
  const ticker = tickerFor(intervalMs);
  return useSyncExternalStore(subscribe, () => {
    // An idle ticker may hold an old time; refresh it, but keep the value stable between the calls of one render.
    if (ticker.timer === undefined && Math.abs(Date.now() - ticker.now) >= intervalMs) ticker.now = Date.now();
    return ticker.now;
  });
}
