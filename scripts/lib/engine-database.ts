// The reference engine's database: H2 in its data folder by default, PostgreSQL when ENGINE_DB_URL is set.
// The jar's own default user is H2's `sa`, which PostgreSQL does not know ("role "sa" does not exist"), so
// the launcher always passes a user and password for PostgreSQL: ENGINE_DB_USER / ENGINE_DB_PASSWORD, by
// default `postgres` with no password (a local PostgreSQL with trust auth, as the tests use).
import pg from 'pg';

export interface EngineDatabase {
  /** JDBC URL as the engine's datasource takes it: jdbc:postgresql://host:port/database[?currentSchema=…]. */
  url: string;
  user: string;
  password: string;
}

export const DEFAULT_ENGINE_DB_USER = 'postgres';

/** ENGINE_DB_URL / ENGINE_DB_USER / ENGINE_DB_PASSWORD, checked; undefined means H2. */
export function engineDatabaseFromEnv(env: NodeJS.ProcessEnv = process.env): EngineDatabase | undefined {
  const url = env.ENGINE_DB_URL?.trim();
  if (!url) return undefined;
  if (!url.startsWith('jdbc:postgresql:')) {
    throw new Error(`ENGINE_DB_URL must be a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/engine (unset for the embedded H2); got "${url}".`);
  }
  return { url, user: env.ENGINE_DB_USER || DEFAULT_ENGINE_DB_USER, password: env.ENGINE_DB_PASSWORD ?? '' };
}

/** The same database as node-postgres connects to it. User and password in the URL win, as in the JDBC driver. */
export function pgConfigOf(db: EngineDatabase): pg.ClientConfig & { schema: string | null } {
  const rest = db.url.slice('jdbc:postgresql:'.length);
  // jdbc:postgresql:database and jdbc:postgresql:/ mean localhost:5432.
  const url = new URL(rest.startsWith('//') ? `postgresql:${rest}` : `postgresql://localhost/${rest.replace(/^\/+/, '')}`);
  if (url.hostname.includes(',')) throw new Error(`ENGINE_DB_URL names several hosts; --clean needs one (${db.url}).`);
  const params = url.searchParams;
  return {
    host: url.hostname || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || params.get('user') || db.user,
    user: params.get('user') ?? db.user,
    password: params.get('password') ?? db.password,
    schema: params.get('currentSchema'),
  };
}

/**
 * `--clean` for a PostgreSQL engine database: drops the engine's own tables (ACT_*), nothing else, so a
 * database shared with other schemas or tables loses only the engine's state. The engine recreates its
 * schema at start (`schema-update: true`). Fails fast instead of waiting when an engine still holds the tables.
 */
export async function cleanEngineDatabase(db: EngineDatabase): Promise<{ droppedTables: number }> {
  const { schema, ...config } = pgConfigOf(db);
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '5s'`);
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
        WHERE schemaname = coalesce($1, current_schema()) AND tablename LIKE 'act\\_%'`,
      [schema],
    );
    if (rows.length > 0) await client.query(`DROP TABLE IF EXISTS ${rows.map((r) => r.name).join(', ')} CASCADE`);
    return { droppedTables: rows.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not clean the engine database ${db.url}: ${message}${/lock timeout/i.test(message) ? ' (is an engine still running on it?)' : ''}`);
  } finally {
    await client.end();
  }
}
