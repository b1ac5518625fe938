// The PostgreSQL the benches create their throw-away databases in (trust auth on this machine kind).
import pg from 'pg';

export const BENCH_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Drops a bench database even while a killed replica's connections linger. */
export async function dropBenchDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
