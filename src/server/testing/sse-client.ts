// A Server-Sent Events reader for tests and benches (Node has no EventSource): connects with a session
// cookie, parses frames as they arrive, and lets the caller wait for an event that matches.
import http from 'node:http';

export interface SseEvent {
  event: string;
  data: string;
  /** performance.now() when the frame arrived. */
  at: number;
  /** Date.now() when the frame arrived, to compare with timestamps another process wrote. */
  wallAt: number;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Every event so far (comments are not events). */
  events: SseEvent[];
  /** The body when the answer was not a stream (an error). */
  errorBody: string | null;
  /** Resolves with the first event from now on (or already received after `since`) that matches. */
  next(match: (event: SseEvent) => boolean, options?: { timeoutMs?: number; since?: number }): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens the stream with node:http rather than fetch: Node 20's fetch opens a spare connection when a
 * streamed answer is aborted, which then holds up the server's close for a while.
 */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, resolve);
    request.on('error', reject);
  });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const status = response.statusCode ?? 0;
  const isStream = status === 200 && (response.headers['content-type'] ?? '').startsWith('text/event-stream');
  let errorBody: string | null = null;
  let ended: Promise<void>;
  if (isStream) {
    ended = readFrames(response, (event) => {
      events.push(event);
      for (const wake of [...waiters]) wake();
    }).catch(() => undefined);
  } else {
    let text = '';
    for await (const chunk of response) text += String(chunk);
    errorBody = text;
    ended = Promise.resolve();
  }
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') responseHeaders.set(name, value);

  return {
    status,
    headers: responseHeaders,
    events,
    errorBody,
    ended,
    close: () => response.destroy(),
    next(match, options = {}) {
      const since = options.since ?? events.length;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(since).find(match);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching event within ${options.timeoutMs ?? 5000} ms; got ${JSON.stringify(events.slice(since))}`));
        }, options.timeoutMs ?? 5000);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

async function readFrames(body: http.IncomingMessage, onEvent: (event: SseEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) onEvent({ event, data: data.join('\n'), at: performance.now(), wallAt: Date.now() });
    }
  }
}
