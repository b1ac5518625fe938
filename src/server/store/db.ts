// A small database seam: the same SQL runs on PostgreSQL (pg) and on embedded PGlite.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { abortErrorOf, currentScope, DeadlineExceededError } from '../request-scope.js';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Some connection to this database was found dead: distrust every connection opened before (PostgreSQL
   * only). The sync's lock check, which asks every pass with a short timeout, reports it here.
   */
  connectionsLost?(): void;
}

/** No database connection became free within the pool's wait: answered 503 `BUSY` instead of queueing without end. */
export class DatabaseBusyError extends Error {
  readonly code = 'BUSY' as const;
  constructor(waitedMs: number) {
    super(`No database connection became free within ${waitedMs} ms.`);
    this.name = 'DatabaseBusyError';
  }
}

export interface PostgresPoolOptions {
  /** Most connections this pool opens. */
  max: number;
  /** Longest wait for a free connection before DatabaseBusyError. */
  connectionTimeoutMillis: number;
  /** Shown in pg_stat_activity, so an operator can tell request reads from the sync. */
  applicationName?: string;
  /**
   * Longest wait for any one statement's answer, on the client's side (0: none). A backstop for a network
   * that drops packets: the server never answers and no server-side timeout can fire, so without it a
   * statement (and the sync pass or request behind it) waits for ever. The connection is then dropped.
   */
  queryTimeoutMillis?: number;
}

/** Cancels the statement running on one server process (pg_cancel_backend from another connection). */
export type CancelBackend = (pid: number) => Promise<void>;

// Which statement_timeout each pooled connection currently has, so a SET is sent only when it changes.
const statementTimeouts = new WeakMap<pg.PoolClient, number>();
/** Idle time before the first TCP keepalive probe of a database connection. */
export const KEEPALIVE_DELAY_MS = 30_000;

// How many connection losses the pool had seen when each connection was first handed out.
const bornAfterLosses = new WeakMap<pg.PoolClient, number>();

/** Connection losses seen on one database, shared by its pools: a failover kills the requests' and the sync's alike. */
export interface ConnectionLosses {
  count: number;
}

/**
 * A pg pool behind the Db seam. Inside a read request's scope (`request-scope.ts`) each statement runs with
 * the scope's statement_timeout, and when the client goes away or the deadline passes the statement running
 * for it is cancelled on the server, so no abandoned search keeps a connection busy.
 */
export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  /**
   * Connection losses seen so far. After a failover (or a NAT that forgot its flows) every idle connection is
   * silently dead and each would cost a full query timeout to find out; once one is found dead, the pool's
   * older connections are replaced instead of tried.
   */
  private readonly losses: ConnectionLosses;
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: { connectionTimeoutMillis: number; cancelBackend?: CancelBackend; onClose?: () => Promise<void>; losses?: ConnectionLosses } = { connectionTimeoutMillis: 0 },
  ) {
    this.losses = options.losses ?? { count: 0 };
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.withClient(async (client) => (await client.query(sql, params)).rows as T[]);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work({ query: async (sql, params = []) => (await client.query(sql, params)).rows });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A lost connection rolls back on the server by itself; a ROLLBACK sent now would only wait behind
        // the statement that never answered.
        if (!isConnectionLost(error)) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const scope = currentScope();
    if (scope?.signal.aborted) throw abortErrorOf(scope);
    const client = await this.connect();
    // The pool listens for errors of idle connections only: one that dies while checked out (between the
    // statements of a transaction) would otherwise be an uncaught 'error' event, which ends the process.
    let lost: Error | null = null;
    const onLost = (error: Error) => {
      lost ??= error;
    };
    client.on('error', onLost);
    if (scope?.signal.aborted) {
      client.removeListener('error', onLost);
      client.release();
      throw abortErrorOf(scope);
    }
    let cancelling: Promise<void> | null = null;
    const onAbort = () => {
      cancelling ??= (this.options.cancelBackend?.(processIdOf(client)) ?? Promise.resolve()).catch((error: unknown) =>
        console.warn(`[db] could not cancel a statement: ${error instanceof Error ? error.message : String(error)}`),
      );
    };
    scope?.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.applyStatementTimeout(client, scope?.statementTimeoutMs ?? 0);
      return await work(client);
    } catch (error) {
      if (isConnectionLost(error)) lost ??= error as Error;
      if (lost) this.connectionsLost();
      if (scope && isQueryCanceled(error)) throw scope.signal.aborted ? abortErrorOf(scope) : new DeadlineExceededError();
      throw error;
    } finally {
      scope?.signal.removeEventListener('abort', onAbort);
      // A cancel sent for this connection must not hit the next user's statement: wait for it and drop the
      // connection instead of returning it to the pool. A connection that timed out or broke is dropped too:
      // the next statement on it would only queue behind the one that never answered.
      if (cancelling) await cancelling;
      // After release the pool's own listener takes over; a late error until then is already noted.
      client.release(cancelling || lost ? true : undefined);
      client.removeListener('error', onLost);
    }
  }

  connectionsLost(): void {
    this.losses.count++;
  }

  private async connect(): Promise<pg.PoolClient> {
    // Bounded: the pool holds at most `max` connections, and each older one is dropped on the way.
    for (;;) {
      const client = await this.checkout();
      const born = bornAfterLosses.get(client);
      if (born === undefined) bornAfterLosses.set(client, this.losses.count);
      if (born === undefined || born === this.losses.count) return client;
      client.release(true);
    }
  }

  private async checkout(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      if (error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message)) {
        throw new DatabaseBusyError(this.options.connectionTimeoutMillis);
      }
      throw error;
    }
  }

  private async applyStatementTimeout(client: pg.PoolClient, ms: number): Promise<void> {
    if ((statementTimeouts.get(client) ?? 0) === ms) return;
    await client.query(`SET statement_timeout = ${Math.max(0, Math.floor(ms))}`);
    statementTimeouts.set(client, ms);
  }

  /**
   * Ends the pool; waits at most `waitMs` for connections still out (a statement on a dead network answers
   * only at its query timeout), so a shutdown during an outage does not hang.
   */
  async close(waitMs = 5000): Promise<void> {
    await this.options.onClose?.();
    await withinMs(this.pool.end(), waitMs);
  }
}

/** Waits for `work` at most `ms`; afterwards it goes on unwatched (its failure is ignored). */
export async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes one pg client within `ms`: politely (Terminate, then wait for the server to close) when the network
 * answers, else by destroying the socket, since a polite end waits for ever for a server that cannot answer.
 */
export async function endClient(client: pg.Client, ms = 1000): Promise<void> {
  const ended = await withinMs(client.end(), ms);
  if (!ended) (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/**
 * Errors of the connection rather than of the statement: the client-side query timeout, a connection
 * reset or terminated (also by pg_terminate_backend: 57P01), a client that can no longer be used.
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  if (code === '57P01' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'ECONNREFUSED') return true;
  return /Query read timeout|Connection terminated|not queryable|timeout expired/i.test(error.message);
}

const processIdOf = (client: pg.PoolClient): number => (client as unknown as { processID: number }).processID;
/** 57014: canceled by pg_cancel_backend or by statement_timeout. */
const isQueryCanceled = (error: unknown): boolean => (error as { code?: string } | null)?.code === '57014';

/**
 * PGlite is one connection: two interleaved BEGINs would share a transaction. Every statement and every
 * transaction therefore goes through one queue.
 */
export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serialise(async () => (await this.pglite.query<T>(sql, params)).rows);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.serialise(async () => {
      await this.pglite.exec('BEGIN');
      try {
        const result = await work({ query: async <R>(sql: string, params: unknown[] = []) => (await this.pglite.query<R>(sql, params)).rows });
        await this.pglite.exec('COMMIT');
        return result;
      } catch (error) {
        await this.pglite.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** LISTEN on the one connection (queued, so never inside someone's transaction); resolves to the unlisten. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    return this.serialise(async () => {
      const unlisten = await this.pglite.listen(channel, onPayload);
      return () => this.serialise(() => unlisten());
    });
  }

  close(): Promise<void> {
    return this.serialise(() => this.pglite.close());
  }
}

export interface OpenDbOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  /** PostgreSQL only: size and wait of the pool (defaults: 10 connections, 5 s wait). */
  pool?: Partial<PostgresPoolOptions>;
  /** PostgreSQL only: shared with the other pools of the same database (openDatabases). */
  losses?: ConnectionLosses;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pgModule = await loadPg();
    const poolOptions: PostgresPoolOptions = { max: 10, connectionTimeoutMillis: 5000, applicationName: 'fallout-workbench', ...options.pool };
    const pool = new pgModule.Pool({
      connectionString: options.databaseUrl,
      max: poolOptions.max,
      connectionTimeoutMillis: poolOptions.connectionTimeoutMillis,
      ...(poolOptions.queryTimeoutMillis ? { query_timeout: poolOptions.queryTimeoutMillis } : {}),
      // Keepalive probes keep an idle connection's flow alive in firewalls and NATs that forget silent flows,
      // and let the kernel find out, eventually, that a server went away without a word.
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      ...(poolOptions.applicationName ? { application_name: poolOptions.applicationName } : {}),
    });
    // An idle client whose server connection drops (restart, failover) must not crash the process;
    // the pool replaces it on the next query.
    pool.on('error', (error) => console.warn(`[db] idle connection lost: ${error.message}`));
    const cancel = canceller(pgModule, options.databaseUrl, poolOptions.connectionTimeoutMillis || 5000);
    return new PostgresDb(pool, { connectionTimeoutMillis: poolOptions.connectionTimeoutMillis, cancelBackend: cancel.cancelBackend, onClose: cancel.close, losses: options.losses });
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // pg_trgm: the free-text search's trigram index (migration 008); PGlite loads extensions at construction.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const pglite = new PGlite(options.pgliteDir, { extensions: { pg_trgm } });
  await pglite.waitReady;
  return new PgliteDb(pglite);
}

async function loadPg(): Promise<typeof pg> {
  const { default: pgModule } = await import('pg');
  // Timestamps come back as Date objects; bigint counts as numbers small enough for JS.
  pgModule.types.setTypeParser(20, (value: string) => Number(value));
  return pgModule;
}

/**
 * Cancels through a one-connection pool of its own: a cancel must get through even when every request
 * connection is busy (which is exactly when it is needed).
 */
function canceller(pgModule: typeof pg, databaseUrl: string, timeoutMs: number): { cancelBackend: CancelBackend; close(): Promise<void> } {
  let pool: pg.Pool | null = null;
  return {
    async cancelBackend(pid) {
      if (!pool) {
        // Bounded like the request it serves: a cancel that cannot get through must not hold the request.
        pool = new pgModule.Pool({
          connectionString: databaseUrl, max: 1, allowExitOnIdle: true, application_name: 'fallout-workbench-cancel',
          connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs,
        });
        pool.on('error', () => undefined);
      }
      await pool.query('SELECT pg_cancel_backend($1)', [pid]);
    },
    close: async () => {
      if (pool) await withinMs(pool.end(), timeoutMs);
      pool = null;
    },
  };
}

/**
 * The BFF's two databases: request handling and the background work (sync, outbox, freezes) get separate
 * pools, so a flood of reads cannot starve the sync of connections. PGlite is one connection: both are it.
 */
export interface Databases {
  requests: Db;
  background: Db;
  close(): Promise<void>;
}

export async function openDatabases(options: {
  databaseUrl?: string;
  pgliteDir?: string;
  requestPool?: Partial<PostgresPoolOptions>;
  backgroundPool?: Partial<PostgresPoolOptions>;
}): Promise<Databases> {
  const losses: ConnectionLosses = { count: 0 };
  const requests = await openDb({ databaseUrl: options.databaseUrl, pgliteDir: options.pgliteDir, pool: options.requestPool, losses });
  if (requests.kind === 'pglite') return { requests, background: requests, close: () => requests.close() };
  const background = await openDb({
    databaseUrl: options.databaseUrl,
    losses,
    // Bounded, unlike a queue of its own making: during an outage connecting hangs (a firewall dropping
    // packets) or a statement never answers, and a sync pass that waits for ever never lets the next one run.
    // A pass that times out fails and the next one tries again; waiting for a free connection of this small
    // pool normally takes milliseconds.
    pool: { max: 3, connectionTimeoutMillis: 10_000, queryTimeoutMillis: 30_000, applicationName: 'fallout-workbench-sync', ...options.backgroundPool },
  });
  return { requests, background, close: async () => { await requests.close(); await background.close(); } };
}
