// The live updates of one BFF replica: the database's change feed and the hub that fans it out to the open
// pages. main.ts (and tests) create it beside the app and start and stop it with the process.
import { PgliteDb, type Db } from '../store/db.js';
import type { ChangeFeed } from './change-feed.js';
import { DEFAULT_LIVE_HUB, LiveHub, type LiveHubOptions } from './live-hub.js';
import { PgChangeFeed, type PgChangeFeedOptions } from './pg-change-feed.js';
import { PgliteChangeFeed } from './pglite-change-feed.js';

export interface LiveUpdates {
  feed: ChangeFeed;
  hub: LiveHub;
  /** How often an open stream's session is checked again. */
  sessionRecheckMs: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LiveUpdatesOptions {
  /** PostgreSQL: the feed opens a LISTEN connection of its own. Unset: the embedded PGlite of `db`. */
  databaseUrl?: string;
  db: Db;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  hub?: Partial<LiveHubOptions>;
  feed?: Partial<Omit<PgChangeFeedOptions, 'databaseUrl'>>;
  /** Default 60 s: a sign-out elsewhere, an expiry or a changed users file ends the stream within it. */
  sessionRecheckMs?: number;
}

export function createLiveUpdates(options: LiveUpdatesOptions): LiveUpdates {
  let feed: ChangeFeed;
  if (options.databaseUrl) feed = new PgChangeFeed({ databaseUrl: options.databaseUrl, log: options.log, ...options.feed });
  else if (options.db instanceof PgliteDb) feed = new PgliteChangeFeed(options.db);
  else throw new Error('live updates need a PostgreSQL URL or the embedded PGlite');
  const hub = new LiveHub(feed, { ...DEFAULT_LIVE_HUB, ...options.hub });
  return {
    feed,
    hub,
    sessionRecheckMs: options.sessionRecheckMs ?? 60_000,
    async start() {
      hub.start();
      await feed.start();
    },
    async stop() {
      hub.close();
      await feed.stop();
    },
  };
}
