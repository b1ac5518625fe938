import type pg from 'pg';
import { endClient, isConnectionLost, KEEPALIVE_DELAY_MS, type Db } from './db.js';

export interface Leadership {
  /** Whether this replica leads the sync of its engine right now; re-checked on every call. */
  tryAcquire(): Promise<boolean>;
  /** Gives the lead up (ends the lock's connection); a connection still being opened is closed when it opens. */
  release(): Promise<void>;
}

export interface LeadershipTimeouts {
  /** Longest wait to open the lock's connection (a blackholed server never answers the attempt). */
  connectTimeoutMs?: number;
  /** Longest wait for the lock check's answer (a stalled network never delivers it). */
  queryTimeoutMs?: number;
}

// The advisory lock's first key names the workbench sync; the second is the engine id's hash, so several
// replicas share several engines: one leader per engine, any replica may lead any engine.
const SYNC_LOCK_CLASS = 7_240_001;

/**
 * On PostgreSQL the sync leader of an engine holds a session advisory lock on a dedicated connection; if that
 * replica dies its connection closes and another takes over. Every pass re-checks in `pg_locks` that the lock
 * is still held by this connection (an administrator may have killed it, or PostgreSQL restarted), and a dead
 * connection is replaced on the next pass, so leadership comes back after an outage. Every step is bounded
 * (connect, check, close), so an outage of any kind fails a pass instead of hanging it. PGlite lives in one
 * process, which is always leader.
 */
export function leadershipFor(db: Db, databaseUrl: string | undefined, engineId = 'default', options: LeadershipTimeouts = {}): Leadership {
  if (db.kind === 'pglite' || !databaseUrl) return { tryAcquire: async () => true, release: async () => undefined };
  const timeoutMs = { connect: options.connectTimeoutMs ?? 5000, query: options.queryTimeoutMs ?? 5000 };
  let client: pg.Client | null = null;
  // Each release starts a new generation: a connection opened for an earlier one must not lead.
  let generation = 0;

  const drop = async (broken: pg.Client | null) => {
    if (broken && client === broken) client = null;
    // Dropping the connection gives the lock up on the server; a polite end would wait for ever on a dead network.
    if (broken) await endClient(broken);
  };

  const connect = async (): Promise<pg.Client> => {
    const { default: pgModule } = await import('pg');
    const fresh = new pgModule.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: timeoutMs.connect,
      query_timeout: timeoutMs.query,
      application_name: `fallout-workbench sync leader ${engineId}`,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    });
    // A connection that dies between passes: forget it; the next pass connects again.
    fresh.on('error', () => void drop(fresh));
    fresh.on('end', () => {
      if (client === fresh) client = null;
    });
    await fresh.connect();
    return fresh;
  };

  // The incident loop and the other loop ask at the same time: one connection attempt serves both.
  let connecting: Promise<pg.Client> | null = null;
  const connection = async (): Promise<pg.Client> => {
    if (client) return client;
    if (connecting) return connecting;
    const startedIn = generation;
    const attempt: Promise<pg.Client> = connect()
      .then(async (fresh) => {
        // Released while connecting (a shutdown during an outage): this connection must not lead.
        if (startedIn !== generation) {
          await endClient(fresh);
          throw new Error('sync leadership released');
        }
        client = fresh;
        return fresh;
      })
      .finally(() => {
        if (connecting === attempt) connecting = null;
      });
    connecting = attempt;
    return attempt;
  };

  return {
    async tryAcquire() {
      const current = await connection();
      try {
        // Held by this very connection? (A session lock survives as long as the session does.)
        const { rows } = await current.query<{ held: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
             AND classid = $1 AND objid = hashtext($2)::oid AND objsubid = 2) AS held`,
          [SYNC_LOCK_CLASS, engineId],
        );
        if (rows[0]?.held) return true;
        const acquired = await current.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [SYNC_LOCK_CLASS, engineId]);
        return acquired.rows[0]?.ok === true;
      } catch (error) {
        // The lock check is the sync's canary: its connection timing out means the pool's are likely dead too.
        if (isConnectionLost(error)) db.connectionsLost?.();
        await drop(current);
        throw error;
      }
    },
    async release() {
      generation++;
      connecting = null;
      const current = client;
      client = null;
      if (current) await endClient(current);
    },
  };
}
