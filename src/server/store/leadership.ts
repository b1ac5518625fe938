import type pg from 'pg';
import type { Db } from './db.js';

export interface Leadership {
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

// An arbitrary fixed key: every BFF replica pointing at one database competes for the same lock.
const SYNC_LOCK_KEY = 7_240_001;

/**
 * On PostgreSQL the sync leader holds a session advisory lock on a dedicated connection; if that replica
 * dies, its connection closes and another takes over. PGlite lives in one process, which is always leader.
 */
export function leadershipFor(db: Db, databaseUrl: string | undefined): Leadership {
  if (db.kind === 'pglite' || !databaseUrl) return { tryAcquire: async () => true, release: async () => undefined };
  let client: pg.Client | null = null;
  let held = false;
  return {
    async tryAcquire() {
      if (held) return true;
      if (!client) {
        const { default: pgModule } = await import('pg');
        client = new pgModule.Client({ connectionString: databaseUrl });
        client.on('error', () => {
          held = false;
          client = null;
        });
        await client.connect();
      }
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SYNC_LOCK_KEY]);
      held = rows[0]?.ok === true;
      return held;
    },
    async release() {
      held = false;
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
