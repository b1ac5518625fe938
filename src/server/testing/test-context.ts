// Builds the BFF in-process for integration tests: a real database, the real engine adapter (with a call
// counter) and the same wiring as main.ts.
import type { AlertingConfig } from '../alerts/delivery.js';
import type { AlertService } from '../alerts/alert-service.js';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp } from '../app.js';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../auth/session-store.js';
import type { UserDirectory } from '../auth/user-directory.js';
import type { OidcClient } from '../auth/oidc/oidc-client.js';
import { loadUsersFile } from '../auth/users-file.js';
import { systemClock, type Clock } from '../clock.js';
import type { AppContext } from '../context.js';
import type { Catalog } from '../catalog/catalog.js';
import { referenceCatalog } from '../catalog/testing.js';
import { composeServices, type ComposeOptions } from '../compose.js';
import { composeEngines } from '../compose-engines.js';
import type { EngineSpec } from '../engines/engine-list.js';
import { openDatabases, openDb, type Db, type PostgresPoolOptions } from '../store/db.js';
import type { LiveReadsOptions } from '../cases/live-reads.js';
import { migrate } from '../store/migrate.js';
import type { LeadershipTimeouts } from '../store/leadership.js';
import type { SyncStateRepo } from '../store/sync-state-repo.js';
import type { SyncLoop } from '../sync/sync-loop.js';
import type { IncidentSyncBudget } from '../sync/incident-sync.js';
import { createLiveUpdates, type LiveUpdatesOptions } from '../live/live-updates.js';
import { openTestPglite } from './pglite-template.js';

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throw-away database on the real PostgreSQL server, dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fw_it_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The demo users of `config/users.json` (password `fallout-demo`); tests sign in as them with `loginAs`. */
export const DEMO_USERS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../config/users.json');

/** An engine URL on a port nobody listens on: for unit tests where every engine call must fail fast. */
export async function unreachableEngineUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/engine-rest`;
}

export interface TestBff {
  ctx: AppContext;
  app: Awaited<ReturnType<typeof buildApp>>;
  sync: SyncLoop;
  engineCalls: { method: string; path: string; query: string; status?: number | null }[];
  syncState: SyncStateRepo;
  /** The alert rules and their delivery (tests flush the delivery after a pass). */
  alerts: AlertService;
  close(): Promise<void>;
}

export async function startTestBff(options: {
  engineUrl: string;
  databaseUrl?: string;
  clock?: Clock;
  users?: UserDirectory;
  sessionPolicy?: SessionPolicy;
  /** Single sign-on through this IdP client (see testing/oidc-provider.ts); none by default. */
  oidc?: OidcClient;
  /** Sign-in with the users file (default true). */
  localLogin?: boolean;
  webDist?: string | null;
  catalog?: Catalog;
  /** Domain services by name (orders, inventory, billing); none by default. */
  services?: Record<string, string>;
  orderStartGraceMs?: number;
  /** The sync's per-pass budget of new incidents (tests of the backlog make it small). */
  incidentsPerPass?: number;
  syncEngineRps?: number;
  engineId?: string;
  incidentBudget?: Partial<IncidentSyncBudget>;
  /** Overload settings, as main.ts takes them from the environment. */
  requestDeadlineMs?: number;
  pool?: Partial<PostgresPoolOptions>;
  liveReads?: LiveReadsOptions;
  /**
   * PostgreSQL: the sync, outbox and freezes on a pool of their own, as main.ts runs them (openDatabases),
   * with these settings. Without it one pool serves all.
   */
  backgroundPool?: Partial<PostgresPoolOptions>;
  /** The interval of a started sync loop (`sync.start()`); tests that call runOnce ignore it. */
  syncIntervalMs?: number;
  leadershipTimeouts?: LeadershipTimeouts;
  syncStopWaitMs?: number;
  /** Longest wait for one engine request (default 10 s). */
  engineTimeoutMs?: number;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /** The lease on running commands (the crash tests make it short). */
  commandLeaseMs?: number;
  /** How long an unsafe-retry request waits for a supervisor (default 30 min; the alert tests let one expire). */
  approvalTtlMs?: number;
  /** Acts on the engine at a precise moment of a sync pass (see ComposeOptions.wrapSyncEngine). */
  wrapSyncEngine?: ComposeOptions['wrapSyncEngine'];
  /** Live updates (`GET /api/events`) from the database's change feed, as main.ts wires them; off by default. */
  live?: boolean | Omit<LiveUpdatesOptions, 'db' | 'databaseUrl'>;
  /**
   * Several engines in one workbench (compose-engines.ts, as main.ts wires ENGINES): each with its own sync
   * loop; `engineUrl`, `engineId` and `services` are then ignored. The first is the primary.
   */
  /** Alert receivers (Alertmanager, signed webhook) as main.ts takes them from the environment; none by default. */
  alerting?: AlertingConfig;
  engines?: { id: string; label: string; engineUrl: string; flavor?: 'camunda' | 'operaton'; services?: Record<string, string> }[];
}): Promise<TestBff> {
  const databases = options.backgroundPool
    ? await openDatabases({ databaseUrl: options.databaseUrl, requestPool: options.pool, backgroundPool: options.backgroundPool })
    : null;
  const db: Db = databases?.requests ?? (options.databaseUrl ? await openDb({ databaseUrl: options.databaseUrl, pool: options.pool }) : await openTestPglite());
  await migrate(db);
  const engineCalls: { method: string; path: string; query: string; status?: number | null }[] = [];
  const shared = {
    db,
    backgroundDb: databases?.background,
    databaseUrl: options.databaseUrl,
    engineObserver: (call: TestBff['engineCalls'][number]) => engineCalls.push(call),
    catalog: options.catalog ?? (await referenceCatalog()),
    domainUrls: options.services ?? {},
    clock: options.clock ?? systemClock,
    syncIntervalMs: options.syncIntervalMs ?? 60_000,
    incidentsPerPass: options.incidentsPerPass ?? 10_000,
    syncEngineRps: options.syncEngineRps ?? 200,
    incidentBudget: options.incidentBudget,
    approvalTtlMs: options.approvalTtlMs ?? 30 * 60_000,
    commandLeaseMs: options.commandLeaseMs,
    recurrenceWindowMs: 24 * 3_600_000,
    orderStartGraceMs: options.orderStartGraceMs ?? 30_000,
    leadershipTimeouts: options.leadershipTimeouts,
    syncStopWaitMs: options.syncStopWaitMs,
    log: options.log ?? (() => undefined),
    liveReads: options.liveReads,
    wrapSyncEngine: options.wrapSyncEngine,
    alerting: options.alerting,
  };
  const specs: EngineSpec[] | null = options.engines?.map((e) => ({
    id: e.id, label: e.label, url: e.engineUrl, user: 'workbench', password: 'workbench-secret', flavor: e.flavor ?? null, cockpitUrl: null,
    domainServices: e.services ? Object.entries(e.services).map(([name, url]) => `${name}=${url}`).join(',') : null, timeoutMs: options.engineTimeoutMs ?? 10_000,
  })) ?? null;
  const services = specs
    ? composeEngines(shared, specs)
    : composeServices({
        ...shared,
        engine: { baseUrl: options.engineUrl, user: 'workbench', password: 'workbench-secret', timeoutMs: options.engineTimeoutMs ?? 10_000 },
        engineId: options.engineId ?? 'default',
      });
  const { sync, syncState } = services;
  const stopSync = specs ? () => (services as ReturnType<typeof composeEngines>).syncAll.stop() : () => sync.stop();
  const live = options.live ? createLiveUpdates({ databaseUrl: options.databaseUrl, db, ...(options.live === true ? {} : options.live) }) : undefined;
  await live?.start();
  const ctx: AppContext = {
    ...services,
    live,
    syncStatus: () => sync.status,
    users: options.users ?? loadUsersFile(DEMO_USERS_FILE),
    sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    oidc: options.oidc ?? null,
    localLogin: options.localLogin ?? true,
    webDist: options.webDist ?? null,
  };
  const app = await buildApp(ctx, { requestDeadlineMs: options.requestDeadlineMs });
  return {
    ctx, app, sync, engineCalls, syncState, alerts: services.alerts,
    async close() {
      await stopSync();
      await services.alerts.delivery.stop();
      await app.close();
      await live?.stop();
      await (databases ?? db).close();
    },
  };
}
