// Starts the real stack once for the browser tests: reference engine, demo services and workers, seeded
// demo orders, and the BFF serving the built SPA, all on free ports in a temporary folder.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type FullConfig } from '@playwright/test';
import { freePort } from '../../scripts/lib/managed-process.js';
import { startStack } from '../../scripts/lib/stack.js';
import { buildWebIfStale } from '../../scripts/lib/web-build.js';

export default async function globalSetup(config: FullConfig) {
  buildWebIfStale();
  const executablePath = config.projects[0]?.use.launchOptions?.executablePath;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking'] });
  console.log(`[e2e] browser: ${executablePath ?? 'Playwright Chromium'} ${browser.version()}`);
  await browser.close();

  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-e2e-'));
  const started = Date.now();
  const stack = await startStack({
    ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: await freePort() },
    dataDir,
    cleanEngine: true,
    seed: { orders: 12, seed: 7 },
    startBff: true,
    log: () => undefined,
  });
  console.log(`[e2e] stack ready in ${Date.now() - started} ms at ${stack.bffUrl} ${JSON.stringify(stack.timings)}`);
  process.env.WORKBENCH_E2E_URL = stack.bffUrl!;
  process.env.WORKBENCH_E2E_ENGINE = stack.engineUrl;
  process.env.WORKBENCH_E2E_SERVICES = JSON.stringify(stack.services);
  process.env.WORKBENCH_E2E_MANIFEST = readFileSync(path.join(dataDir, 'demo', 'seed-manifest.json'), 'utf8');
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
