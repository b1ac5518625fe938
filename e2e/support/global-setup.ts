// Starts the real stack once for the browser tests: reference engine, demo services and workers, seeded
// demo orders, and the BFF serving the built SPA, all on free ports in a temporary folder. Then every demo
// user signs in once through the BFF's login endpoint; the tests reuse those sessions (see login.ts).
import { mkdirSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, request, type FullConfig } from '@playwright/test';
import { freePort } from '../../scripts/lib/managed-process.js';
import { startStack } from '../../scripts/lib/stack.js';
import { buildWebIfStale } from '../../scripts/lib/web-build.js';
import { copyReferenceCatalog, editCatalogFile } from '../../src/server/catalog/testing.js';
import { AUTH_DIR, DEMO_PASSWORD, DEMO_USERS, sessionOf } from './login.js';

async function browserVersion(executablePath: string | undefined): Promise<string> {
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking'] });
  const version = browser.version();
  await browser.close();
  return version;
}

async function saveSessions(baseURL: string): Promise<void> {
  rmSync(AUTH_DIR, { recursive: true, force: true });
  mkdirSync(AUTH_DIR, { recursive: true });
  await Promise.all(
    DEMO_USERS.map(async (user) => {
      const context = await request.newContext({ baseURL });
      const response = await context.post('/api/auth/login', { data: { username: user, password: DEMO_PASSWORD } });
      if (!response.ok()) throw new Error(`[e2e] ${user} could not sign in: ${response.status()} ${await response.text()}`);
      await context.storageState({ path: sessionOf(user) });
      await context.dispose();
    }),
  );
}

/** How often the e2e BFF evaluates the alert rules (the shipped catalog says every 15 s). */
export const E2E_ALERT_EVERY = 'PT2S';

/**
 * The ops catalog as shipped, copied, with one change: the alert rules are evaluated every two seconds, so the
 * alerts journey waits for the storm it makes rather than for the next 15-second pass. Every rule and threshold
 * stays the shipped one.
 */
function catalogWithFastAlerts(): string {
  const dir = copyReferenceCatalog();
  editCatalogFile(dir, 'shared/alerts.yaml', /^(\s*evaluateEvery:\s*)\S+/m, `$1${E2E_ALERT_EVERY}`);
  return dir;
}

export default async function globalSetup(config: FullConfig) {
  const started = Date.now();
  buildWebIfStale();
  const executablePath = config.projects[0]?.use.launchOptions?.executablePath;
  // The browser's version is logged while the stack starts (launching it is no reason to wait).
  const version = browserVersion(executablePath);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-e2e-'));
  const catalogDir = catalogWithFastAlerts();
  const stack = await startStack({
    ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: await freePort() },
    dataDir,
    cleanEngine: true,
    seed: { orders: 12, seed: 7 },
    startBff: true,
    bffEnv: { CATALOG_DIR: catalogDir },
    log: () => undefined,
  });
  console.log(`[e2e] browser: ${executablePath ?? 'Playwright Chromium'} ${await version}`);
  await saveSessions(stack.bffUrl!);
  console.log(`[e2e] stack ready and ${DEMO_USERS.length} users signed in ${Date.now() - started} ms after the setup began, at ${stack.bffUrl} ${JSON.stringify(stack.timings)}`);
  process.env.WORKBENCH_E2E_URL = stack.bffUrl!;
  process.env.WORKBENCH_E2E_ENGINE = stack.engineUrl;
  process.env.WORKBENCH_E2E_SERVICES = JSON.stringify(stack.services);
  process.env.WORKBENCH_E2E_MANIFEST = readFileSync(path.join(dataDir, 'demo', 'seed-manifest.json'), 'utf8');
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(catalogDir, { recursive: true, force: true });
  };
}
