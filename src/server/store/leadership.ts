import type pg from 'pg';
import type { Db } from './db.js';

export interface Leadership {
  /** Whether this replica leads the sync of its engine right now; re-checked on every call. */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

// The advisory lock's first key names the workbench sync; the second is the engine id's hash, so several
// replicas share several engines: one leader per engine, any replica may lead any engine.
const SYNC_LOCK_CLASS = 7_240_001;

/**
 * On PostgreSQL the sync leader of an engine holds a session advisory lock on a dedicated connection; if that
 * replica dies its connection closes and another takes over. Every pass re-checks in `pg_locks` that the lock
 * is still held by this connection (an administrator may have killed it, or PostgreSQL restarted), and a dead
 * connection is replaced on the next pass, so leadership comes back after an outage. PGlite lives in one
 * process, which is always leader.
 */
export function leadershipFor(db: Db, databaseUrl: string | undefined, engineId = 'default', options: { connectTimeoutMs?: number } = {}): Leadership {
  if (db.kind === 'pglite' || !databaseUrl) return { tryAcquire: async () => true, release: async () => undefined };
  let client: pg.Client | null = null;

  const drop = async (broken: pg.Client | null) => {
    if (broken && client === broken) client = null;
    await broken?.end().catch(() => undefined);
  };

  const connect = async (): Promise<pg.Client> => {
    const { default: pgModule } = await import('pg');
    const fresh = new pgModule.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      query_timeout: 5000,
      application_name: `fallout-workbench sync leader ${engineId}`,
      keepAlive: true,
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
    connecting ??= connect().then(
      (fresh) => {
        client = fresh;
        return fresh;
      },
    ).finally(() => {
      connecting = null;
    });
    return connecting;
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
        await drop(current);
        throw error;
      }
    },
    async release() {
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
