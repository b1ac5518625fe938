// The database role the BFF runs as in production. It may read and write the workbench's tables, but the
// audit evidence only grows: on audit_event it has SELECT and INSERT and nothing else, on the chain head
// SELECT and UPDATE (the append moves the head; a trigger lets it only move forward). So even a compromised
// BFF cannot edit or delete evidence; the append-only trigger additionally stops the owner by accident.
//
// Production: run the migrations with the owner's URL (they create tables, which this role may not), then
// start the BFF with DATABASE_URL=postgres://workbench_app:<password>@host/db. Tests use this helper on a
// throw-away database to check the permissions through the BFF's own connection.
import pg from 'pg';

/**
 * Creates (or updates) the role and grants it its rights on the tables that exist now, so run it after the
 * migrations (tables added later get the plain read/write default; run it again to restrict new ones).
 * Idempotent. Returns the database URL with the role's credentials.
 */
export async function ensureAppRole(adminUrl: string, databaseName: string, roleName = 'workbench_app', password: string): Promise<string> {
  await createOrUpdateRole(adminUrl, roleName, password);
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${databaseName}`;
  await grantRights(databaseUrl.toString(), databaseName, roleName);
  const appUrl = new URL(databaseUrl);
  appUrl.username = roleName; // the URL setters percent-encode what needs it
  appUrl.password = password;
  return appUrl.toString();
}

// Roles are cluster-wide; several test files may ask for the same role at once.
const ROLE_LOCK_KEY = 7_240_002;

async function createOrUpdateRole(adminUrl: string, roleName: string, password: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const role = client.escapeIdentifier(roleName);
    const secret = client.escapeLiteral(password);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [ROLE_LOCK_KEY]);
      const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [roleName]);
      await client.query(`${rows.length ? 'ALTER' : 'CREATE'} ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${secret}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

async function grantRights(databaseUrl: string, databaseName: string, roleName: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const role = client.escapeIdentifier(roleName);
    await client.query(`
      GRANT CONNECT ON DATABASE ${client.escapeIdentifier(databaseName)} TO ${role};
      GRANT USAGE ON SCHEMA public TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role};
      REVOKE ALL ON audit_event FROM ${role};
      GRANT SELECT, INSERT ON audit_event TO ${role};
      REVOKE ALL ON audit_chain_head FROM ${role};
      GRANT SELECT, UPDATE ON audit_chain_head TO ${role};
    `);
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
