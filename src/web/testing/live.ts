// A mock of GET /api/events for component tests: an msw `sse` handler whose events are checked against the
// shared contracts (like `respond` for JSON answers), and which the test drives: send a change, flip the feed.
import { sse, type ServerSentEventResolverExtras } from 'msw';
import * as z from 'zod/mini';
import { endpoints } from '../../contracts/endpoints.js';
import { liveChangeSchema, liveEvents, liveStatusSchema, type LiveChange, type LiveStatus } from '../../contracts/live.js';

type LiveEventMap = { message: unknown; status: LiveStatus; change: LiveChange; 'session-ended': Record<string, never> };
type Client = ServerSentEventResolverExtras<LiveEventMap, never>['client'];

export interface LiveStreamMock {
  handler: ReturnType<typeof sse>;
  /** Streams opened so far (a reconnect opens another). */
  readonly connections: number;
  change(change: LiveChange): void;
  status(feed: LiveStatus['feed']): void;
  /** Drops every open stream, as a replica that restarts would. */
  drop(): void;
}

export function liveStream(initial: LiveStatus['feed'] = 'UP'): LiveStreamMock {
  const clients = new Set<Client>();
  let connections = 0;
  let feed = initial;
  const handler = sse<LiveEventMap>(endpoints.events.path, ({ client }) => {
    connections += 1;
    clients.add(client);
    client.send({ event: liveEvents.status, data: z.parse(liveStatusSchema, { feed }) });
  });
  return {
    handler,
    get connections() {
      return connections;
    },
    change(change) {
      const data = z.parse(liveChangeSchema, change);
      for (const client of clients) client.send({ event: liveEvents.change, data });
    },
    status(next) {
      feed = next;
      for (const client of clients) client.send({ event: liveEvents.status, data: z.parse(liveStatusSchema, { feed }) });
    },
    drop() {
      for (const client of clients) client.close();
      clients.clear();
    },
  };
}
