// PostgreSQL: one LISTEN connection per replica, outside the pools (a pooled connection would lose its LISTEN
// when handed back). NOTIFY reaches every session listening on the database, so a replica that does not run
// the sync hears the leader's changes exactly like its own.
//
// An outage must not leave pages believing they are live: a lost connection (error, end, or a ping that gets
// no answer, as on a blackholed network where TCP reports nothing for minutes) marks the feed down at once,
// and the connection is opened again with backoff. Notifications sent meanwhile are lost for good: pages
// hear DOWN, poll meanwhile, and refetch everything once they hear UP.
import pg from 'pg';
import { FeedListeners, type ChangeFeed, type ChangeListener } from './change-feed.js';
import { CHANGE_CHANNEL, parseChangeNote } from './change-note.js';

export interface PgChangeFeedOptions {
  databaseUrl: string;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /** First and longest pause before reconnecting (doubling in between). */
  backoff?: { minMs: number; maxMs: number };
  /** How often the connection is asked `SELECT 1`, and how long the answer may take. */
  pingEveryMs?: number;
  pingTimeoutMs?: number;
  /** Longest wait for a new connection. */
  connectTimeoutMs?: number;
}

export class PgChangeFeed implements ChangeFeed {
  private readonly listeners = new FeedListeners();
  /** The connection being opened or in use; a callback of any other (earlier) one is stale. */
  private current: pg.Client | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private readonly backoff: { minMs: number; maxMs: number };

  constructor(private readonly options: PgChangeFeedOptions) {
    this.backoff = options.backoff ?? { minMs: 250, maxMs: 5000 };
  }

  get up(): boolean {
    return this.listeners.up;
  }

  subscribe(listener: ChangeListener): () => void {
    return this.listeners.subscribe(listener);
  }

  /** Resolves after the first attempt; a failed one is retried in the background (the feed is down meanwhile). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.current;
    this.drop(client);
    this.listeners.setUp(false);
  }

  private async connect(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      application_name: 'fallout-workbench-live',
      keepAlive: true,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 5000,
    });
    this.current = client;
    client.on('notification', (message) => {
      if (client === this.current && message.channel === CHANGE_CHANNEL) this.listeners.change(parseChangeNote(message.payload ?? ''));
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (client !== this.current) return;
    if (this.failures > 0) this.options.log?.('live: listening again for database changes', { after: this.failures });
    this.failures = 0;
    this.pingTimer = setInterval(() => void this.ping(client), this.options.pingEveryMs ?? 10_000);
    this.pingTimer.unref();
    this.listeners.setUp(true);
  }

  private async ping(client: pg.Client): Promise<void> {
    const timeoutMs = this.options.pingTimeoutMs ?? 5000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer to a ping within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      this.lost(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (client !== this.current) return;
    this.drop(client);
    if (this.stopped) return;
    if (this.failures === 0) {
      this.options.log?.('live: lost the database change feed; pages poll until it is back', { error: error instanceof Error ? error.message : String(error) });
    }
    this.listeners.setUp(false);
    const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** this.failures);
    this.failures += 1;
    this.retryTimer = setTimeout(() => void this.connect(), delay * (0.75 + Math.random() * 0.5));
    this.retryTimer.unref();
  }

  /** Forgets a connection and closes its socket without waiting: on a dead network a polite end never completes. */
  private drop(client: pg.Client | null): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (!client) return;
    if (client === this.current) this.current = null;
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    client.end().catch(() => undefined);
  }
}
