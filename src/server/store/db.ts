// A small database seam: the same SQL runs on PostgreSQL (pg) and on embedded PGlite.
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ query: async (sql, params = []) => (await client.query(sql, params)).rows });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

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

  close(): Promise<void> {
    return this.serialise(() => this.pglite.close());
  }
}

export async function openDb(options: { databaseUrl?: string; pgliteDir?: string }): Promise<Db> {
  if (options.databaseUrl) {
    const { default: pgModule } = await import('pg');
    // Timestamps come back as Date objects; bigint counts as numbers small enough for JS.
    pgModule.types.setTypeParser(20, (value: string) => Number(value));
    const pool = new pgModule.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client whose server connection drops (restart, failover) must not crash the process;
    // the pool replaces it on the next query.
    pool.on('error', (error) => console.warn(`[db] idle connection lost: ${error.message}`));
    return new PostgresDb(pool);
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // pg_trgm: the free-text search's trigram index (migration 008); PGlite loads extensions at construction.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const pglite = new PGlite(options.pgliteDir, { extensions: { pg_trgm } });
  await pglite.waitReady;
  return new PgliteDb(pglite);
}
