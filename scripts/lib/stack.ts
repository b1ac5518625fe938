// Starts the whole demo stack: reference engine → processes deployed → demo services and workers → demo
// orders seeded → BFF. Used by `npm start`, the integration test setup and the Playwright setup alike.
import path from 'node:path';
import { ENGINE_USERS, buildEngine, engineRestUrl, startEngine, waitForEngine } from './engine.js';
import type { EngineDatabase } from './engine-database.js';
import { flavorSpec, type FlavorSpec } from './engine-flavor.js';
import { startManaged, waitFor, type ManagedProcess } from './managed-process.js';
import { REPO_ROOT } from './paths.js';
import { deployWorkflows } from '../../workflows/deploy.js';
import { seedDemo } from '../../demo/seed.js';
import { runMigrateStep } from '../../src/server/store/migrate-step.js';

export interface StackPorts {
  engine: number;
  orders: number;
  inventory: number;
  billing: number;
  bff: number;
}

export interface StackOptions {
  ports: StackPorts;
  dataDir: string;
  cleanEngine: boolean;
  /** Which reference engine; ENGINE_FLAVOR's by default. */
  flavor?: FlavorSpec;
  /** PostgreSQL for the engine; H2 in `dataDir/engine` otherwise (never taken from the environment here). */
  engineDb?: EngineDatabase;
  seed: { orders: number; seed: number } | null;
  startBff: boolean;
  /** More environment for the BFF (the e2e setup points CATALOG_DIR at a copy with a faster alert cadence). */
  bffEnv?: Record<string, string>;
  /** PostgreSQL for the BFF; PGlite in `dataDir` otherwise. */
  databaseUrl?: string;
  echo?: boolean;
  log?: (line: string) => void;
}

export interface Stack {
  engineUrl: string;
  flavor: FlavorSpec;
  engineVersion: string;
  bffUrl: string | null;
  services: { orders: string; inventory: string; billing: string };
  timings: Record<string, number>;
  processes: ManagedProcess[];
  stop(): Promise<void>;
  /** Stops one demo component (e.g. to simulate a worker outage) and returns a function that restarts it. */
  stopComponent(name: string): Promise<() => Promise<void>>;
}

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started: ManagedProcess[] = [];
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const { ports, dataDir } = options;
  const flavor = options.flavor ?? flavorSpec();
  const engineUrl = engineRestUrl(ports.engine);
  const services = {
    orders: `http://127.0.0.1:${ports.orders}`,
    inventory: `http://127.0.0.1:${ports.inventory}`,
    billing: `http://127.0.0.1:${ports.billing}`,
  };
  const demoEnv: NodeJS.ProcessEnv = {
    CAMUNDA_URL: engineUrl,
    CAMUNDA_USER: ENGINE_USERS.api.user,
    CAMUNDA_PASSWORD: ENGINE_USERS.api.password,
    CAMUNDA_WORKER_USER: ENGINE_USERS.worker.user,
    CAMUNDA_WORKER_PASSWORD: ENGINE_USERS.worker.password,
    ORDERS_PORT: String(ports.orders),
    INVENTORY_PORT: String(ports.inventory),
    BILLING_PORT: String(ports.billing),
    ORDERS_URL: services.orders,
    INVENTORY_URL: services.inventory,
    BILLING_URL: services.billing,
    DEMO_DATA_DIR: path.join(dataDir, 'demo'),
    WORKER_RETRY_TIMEOUT_MS: '1000',
  };
  const definitions: Record<string, () => ManagedProcess> = {};
  const demoComponent = (name: string, script: string, args: string[] = []) => {
    definitions[name] = () =>
      startManaged(name, TSX, [path.join(REPO_ROOT, script), ...args], {
        env: demoEnv,
        cwd: REPO_ROOT,
        logFile: path.join(dataDir, 'logs', `${name}.log`),
        echo: options.echo,
      });
    return definitions[name]!();
  };

  const stop = async () => {
    for (const process of [...started].reverse()) await process.stop();
  };

  try {
    buildEngine({ flavor });
    const engine = await startEngine({
      port: ports.engine, dataDir: path.join(dataDir, 'engine'), clean: options.cleanEngine, db: options.engineDb, flavor, logFile: path.join(dataDir, 'logs', 'engine.log'),
    });
    started.push(engine);
    // While the JVM boots (the longest wait): the demo services start (they call the engine only when asked)
    // and the BFF's database is migrated, so neither waits for the engine.
    started.push(demoComponent('orders', 'demo/services/orders.ts'));
    started.push(demoComponent('inventory', 'demo/services/inventory.ts'));
    started.push(demoComponent('billing', 'demo/services/billing.ts'));
    const servicesReady = Promise.all(
      Object.entries(services).map(([name, url]) =>
        waitFor(`the ${name} service`, async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok, 30_000),
      ),
    );
    // The migration step goes first, as the owner: on PostgreSQL the BFF may run as a role that cannot create tables.
    const migrated = options.startBff
      ? runMigrateStep(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { pgliteDir: path.join(dataDir, 'pglite') })
      : Promise.resolve();
    // Settled at once so that a failure waits for the engine's own outcome (and is rethrown below), never unhandled.
    const settled = Promise.allSettled([servicesReady, migrated]);
    const engineVersion = await waitForEngine(engineUrl, 180_000, engine.exited, flavor);
    timings.engineReadyMs = Date.now() - t0;
    log(`[stack] ${flavor.product} ready at ${engineUrl} (${timings.engineReadyMs} ms)`);
    for (const result of await settled) if (result.status === 'rejected') throw result.reason;

    // The BFF boots while the processes are deployed and the demo seeded; its sync picks the cases up as they come.
    let bffUrl: string | null = null;
    if (options.startBff) {
      const bff = startManaged('bff', TSX, [path.join(REPO_ROOT, 'src/server/main.ts')], {
        cwd: REPO_ROOT,
        env: {
          WORKBENCH_PORT: String(ports.bff),
          CAMUNDA_URL: engineUrl,
          CAMUNDA_USER: ENGINE_USERS.api.user,
          CAMUNDA_PASSWORD: ENGINE_USERS.api.password,
          SYNC_INTERVAL_MS: '1000',
          DOMAIN_SERVICES: `orders=${services.orders},inventory=${services.inventory},billing=${services.billing}`,
          PGLITE_DIR: path.join(dataDir, 'pglite'),
          ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
          ...options.bffEnv,
        },
        logFile: path.join(dataDir, 'logs', 'bff.log'),
        echo: options.echo,
      });
      started.push(bff);
      bffUrl = `http://127.0.0.1:${ports.bff}`;
    }

    await deployWorkflows({ engineUrl, user: ENGINE_USERS.api.user, password: ENGINE_USERS.api.password, log: (l: string) => log(`[deploy] ${l}`) });
    started.push(demoComponent('workers', 'demo/workers/main.ts'));
    timings.demoReadyMs = Date.now() - t0;

    if (options.seed) {
      await seedDemo({
        engineUrl,
        user: ENGINE_USERS.api.user,
        password: ENGINE_USERS.api.password,
        ordersUrl: services.orders,
        inventoryUrl: services.inventory,
        billingUrl: services.billing,
        orders: options.seed.orders,
        seed: options.seed.seed,
        dataDir: demoEnv.DEMO_DATA_DIR,
        log: (l: string) => log(`[seed] ${l}`),
      });
      timings.seededMs = Date.now() - t0;
    }

    if (bffUrl) {
      // Any answer below 500 means it listens (the health endpoint itself needs a session: 401 is fine here).
      await waitFor('the BFF', async () => (await fetch(`${bffUrl}/api/health`, { signal: AbortSignal.timeout(2000) })).status < 500, 60_000);
      timings.bffReadyMs = Date.now() - t0;
    }

    return {
      engineUrl,
      flavor,
      engineVersion,
      bffUrl,
      services,
      timings,
      processes: started,
      stop,
      async stopComponent(name: string) {
        const index = started.findIndex((p) => p.name === name);
        if (index < 0 || !definitions[name]) throw new Error(`No demo component ${name}`);
        await started[index]!.stop();
        return async () => {
          started[index] = definitions[name]!();
        };
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
