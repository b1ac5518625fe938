// Starts the BFF: configuration, database and migrations, engine adapter, sync loop, HTTP server.
import { loadConfig } from './config.js';
import { systemClock } from './clock.js';
import { buildApp } from './app.js';
import { loadUsersFile } from './auth/users-file.js';
import { loadCatalog } from './catalog/load.js';
import { composeServices } from './compose.js';
import { parseServiceUrls } from './domain/domain-services.js';
import { openDatabases } from './store/db.js';
import { migrate } from './store/migrate.js';
import type { AppContext } from './context.js';

const log = (message: string, extra?: Record<string, unknown>) =>
  console.log(`[bff] ${message}${extra ? ' ' + JSON.stringify(extra) : ''}`);

async function main() {
  const config = loadConfig();
  // Before the database: a bad users file stops the start at once, naming the file and the field.
  const users = loadUsersFile(config.USERS_FILE);
  const databases = await openDatabases({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    requestPool: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: config.DATABASE_POOL_WAIT_MS },
    backgroundPool: { max: config.DATABASE_SYNC_POOL_SIZE },
  });
  const db = databases.requests;
  const applied = await migrate(databases.background);
  if (applied.length) log('applied migrations', { applied });

  const catalog = await loadCatalog(config.CATALOG_DIR);
  log(`ops catalog ${catalog.version} loaded from ${config.CATALOG_DIR}`);
  const services = composeServices({
    db,
    backgroundDb: databases.background,
    liveReads: { budgetMs: config.CASE_ENGINE_BUDGET_MS, cacheMs: config.ENGINE_READ_CACHE_MS },
    databaseUrl: config.DATABASE_URL,
    engine: { baseUrl: config.CAMUNDA_URL, user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD, timeoutMs: config.CAMUNDA_TIMEOUT_MS },
    engineId: config.ENGINE_ID,
    catalog,
    domainUrls: parseServiceUrls(config.DOMAIN_SERVICES),
    clock: systemClock,
    syncIntervalMs: config.SYNC_INTERVAL_MS,
    incidentCap: config.SYNC_INCIDENT_CAP,
    approvalTtlMs: config.APPROVAL_TTL_MINUTES * 60_000,
    recurrenceWindowMs: config.RECURRENCE_WINDOW_HOURS * 3_600_000,
    orderStartGraceMs: config.ORDER_START_GRACE_SECONDS * 1000,
    log,
  });
  const { sync } = services;

  const ctx: AppContext = {
    ...services,
    syncStatus: () => sync.status,
    users,
    sessionPolicy: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS, cookieSecure: config.COOKIE_SECURE },
    webDist: config.WEB_DIST,
  };
  const app = await buildApp(ctx, { requestDeadlineMs: config.REQUEST_DEADLINE_MS });
  await app.listen({ host: config.WORKBENCH_HOST, port: config.WORKBENCH_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.WORKBENCH_PORT;
  log(`listening on http://${config.WORKBENCH_HOST}:${port}`, { engine: config.CAMUNDA_URL, database: config.DATABASE_URL ? 'postgres' : 'pglite' });
  sync.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`stopping (${signal})`);
    await sync.stop();
    await app.close();
    await databases.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error('[bff] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
