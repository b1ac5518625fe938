// Starts the BFF: configuration, database and migrations, engine adapter, sync loop, HTTP server.
import { hostname } from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig } from './config.js';
import { systemClock } from './clock.js';
import { buildApp } from './app.js';
import { loadUsersFile } from './auth/users-file.js';
import { OidcClient } from './auth/oidc/oidc-client.js';
import { oidcSettingsFrom } from './auth/oidc/oidc-settings.js';
import { UserDirectory } from './auth/user-directory.js';
import { loadCatalog } from './catalog/load.js';
import { composeEngines } from './compose-engines.js';
import { loadEngineList } from './engines/engine-list.js';
import { parseServiceUrls } from './domain/domain-services.js';
import { openDatabases, type Db } from './store/db.js';
import { migrate, pendingMigrations } from './store/migrate.js';
import type { AppContext } from './context.js';
import { loadCheckpointKey } from './audit/checkpoint-key.js';
import { CheckpointStore } from './audit/checkpoint-store.js';
import { CheckpointWriter } from './audit/checkpoints.js';
import { armCrashPoints } from './commands/crash-points.js';
import { createLiveUpdates } from './live/live-updates.js';

// One JSON log for the whole process: the app's logger (pino) once it exists; before that (start-up) lines of
// the same shape, so a log shipper never meets a line it cannot parse.
let appLog: FastifyBaseLogger | null = null;
const log = (message: string, extra?: Record<string, unknown>) => {
  if (appLog) appLog.info(extra ?? {}, message);
  else console.log(JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, hostname: hostname(), ...extra, msg: message }));
};

async function main() {
  const config = loadConfig();
  armCrashPoints(config.FW_CRASH_AT);
  if (config.FW_CRASH_AT.length) log('TEST ONLY: crash points armed, this process kills itself there', { points: config.FW_CRASH_AT });
  // Before the database: a bad users file stops the start at once, naming the file and the field.
  // With local sign-in turned off (everyone signs in through the IdP) the users file is not read at all.
  const users = config.LOCAL_LOGIN ? loadUsersFile(config.USERS_FILE) : new UserDirectory([]);
  // Likewise a bad single sign-on setup (role map, redirect address) stops the start, naming what is wrong.
  const oidcSettings = oidcSettingsFrom(config);
  if (oidcSettings) log(`single sign-on through ${oidcSettings.issuer.href} ("${oidcSettings.providerName}")`, { localLogin: config.LOCAL_LOGIN, mappings: oidcSettings.roleMap.mappings.length });
  const databases = await openDatabases({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    requestPool: { max: config.DATABASE_POOL_SIZE, connectionTimeoutMillis: config.DATABASE_POOL_WAIT_MS, queryTimeoutMillis: config.DATABASE_QUERY_TIMEOUT_MS },
    backgroundPool: { max: config.DATABASE_SYNC_POOL_SIZE, queryTimeoutMillis: config.DATABASE_QUERY_TIMEOUT_MS },
  });
  const db = databases.requests;
  await prepareSchema(databases.background, config.DATABASE_URL !== undefined);

  const catalog = await loadCatalog(config.CATALOG_DIR);
  log(`ops catalog ${catalog.version} loaded from ${config.CATALOG_DIR}`);
  // One engine from CAMUNDA_* unless ENGINES or ENGINES_FILE lists several; a bad list stops the start here.
  const engineSpecs = loadEngineList(config);
  if (engineSpecs.length > 1) log(`engines: ${engineSpecs.map((e) => `${e.id} (${e.label}) at ${e.url}`).join(', ')}`);
  const services = composeEngines({
    db,
    backgroundDb: databases.background,
    liveReads: { budgetMs: config.CASE_ENGINE_BUDGET_MS, cacheMs: config.ENGINE_READ_CACHE_MS },
    databaseUrl: config.DATABASE_URL,
    catalog,
    domainUrls: parseServiceUrls(config.DOMAIN_SERVICES),
    clock: systemClock,
    syncIntervalMs: config.SYNC_INTERVAL_MS,
    incidentsPerPass: config.SYNC_INCIDENTS_PER_PASS,
    syncEngineRps: config.SYNC_ENGINE_RPS,
    approvalTtlMs: config.APPROVAL_TTL_MINUTES * 60_000,
    commandLeaseMs: config.COMMAND_LEASE_MS,
    recurrenceWindowMs: config.RECURRENCE_WINDOW_HOURS * 3_600_000,
    orderStartGraceMs: config.ORDER_START_GRACE_SECONDS * 1000,
    alerting: {
      alertmanagerUrl: config.ALERTMANAGER_URL ?? null,
      webhookUrl: config.ALERT_WEBHOOK_URL ?? null,
      webhookSecret: config.ALERT_WEBHOOK_SECRET ?? null,
      publicUrl: config.PUBLIC_URL ?? `http://${config.WORKBENCH_HOST}:${config.WORKBENCH_PORT}`,
    },
    log,
  }, engineSpecs);
  const { sync, syncAll } = services;

  // Without a configured key the embedded default makes one beside its data, so the chain is anchored from the start.
  const dataHome = path.dirname(path.resolve(config.PGLITE_DIR));
  const keyFile = config.AUDIT_SIGNING_KEY_FILE ?? path.join(dataHome, 'audit-signing-key.pem');
  const { key: checkpointKey, created } = loadCheckpointKey(keyFile, {
    createIfMissing: config.AUDIT_SIGNING_KEY_FILE === undefined,
  });
  if (created) log('generated an audit signing key; set AUDIT_SIGNING_KEY_FILE to a key kept outside the database host in production', { file: keyFile });
  const auditAnchor = { store: new CheckpointStore(config.AUDIT_CHECKPOINT_DIR ?? path.join(dataHome, 'audit-checkpoints')), key: checkpointKey };
  // Background work: the checkpoint timer uses the sync's pool, never a request connection.
  const checkpoints = new CheckpointWriter({ db: databases.background, ...auditAnchor, clock: systemClock });
  const writeCheckpoint = () => checkpoints.writeIfGrown().catch((error: unknown) => log('audit checkpoint failed', { error: String(error) }));
  const checkpointTimer = setInterval(() => void writeCheckpoint(), config.AUDIT_CHECKPOINT_SECONDS * 1000);

  // Open pages hear of every change to the read model, whichever replica (or its sync) made it.
  const live = createLiveUpdates({ databaseUrl: config.DATABASE_URL, db, log });
  await live.start();

  const ctx: AppContext = {
    ...services,
    live,
    syncStatus: () => sync.status,
    users,
    oidc: oidcSettings ? new OidcClient(oidcSettings) : null,
    localLogin: config.LOCAL_LOGIN,
    sessionPolicy: { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS, cookieSecure: config.COOKIE_SECURE },
    webDist: config.WEB_DIST,
    auditAnchor,
  };
  const app = await buildApp(ctx, { requestDeadlineMs: config.REQUEST_DEADLINE_MS, logger: { level: config.LOG_LEVEL }, metricsToken: config.METRICS_TOKEN });
  appLog = app.log;
  await app.listen({ host: config.WORKBENCH_HOST, port: config.WORKBENCH_PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.WORKBENCH_PORT;
  log(`listening on http://${config.WORKBENCH_HOST}:${port}`, { engine: engineSpecs[0]!.url, ...(engineSpecs.length > 1 ? { engines: engineSpecs.map((e) => e.url) } : {}), database: config.DATABASE_URL ? 'postgres' : 'pglite' });
  syncAll.start();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`stopping (${signal})`);
    await syncAll.stop();
    await app.close();
    await live.stop();
    clearInterval(checkpointTimer);
    await writeCheckpoint();
    await databases.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Re-reads the users file without a restart; a bad file keeps the users in force and says why.
  process.on('SIGHUP', () => {
    if (!config.LOCAL_LOGIN) return;
    try {
      users.replaceWith(loadUsersFile(config.USERS_FILE));
      log('users file re-read', { file: config.USERS_FILE });
    } catch (error) {
      log('users file NOT re-read: the users in force stay', { error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/**
 * The embedded PGlite is migrated here (one process, one superuser: there is no separate owner). On PostgreSQL
 * the BFF runs as a role that may not create tables, so the migrations are a step of their own
 * (`npm run db:migrate` as the owner) and the BFF only checks that it ran.
 */
async function prepareSchema(db: Db, onPostgres: boolean): Promise<void> {
  if (!onPostgres) {
    const applied = await migrate(db);
    if (applied.length) log('applied migrations', { applied });
    return;
  }
  const pending = await pendingMigrations(db);
  if (pending.length) {
    throw new Error(`the database lacks migrations ${pending.join(', ')}: run \`npm run db:migrate\` with the owner's DATABASE_URL first`);
  }
}

main().catch((error) => {
  console.error('[bff] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
