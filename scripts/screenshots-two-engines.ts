// Screenshots of the pages that name engines, with one workbench over two real engines: Camunda 7.24 and
// Operaton 1.0.3, each with its own demo services and workers, both seeded with the same seed (so the same
// order ids exist in both), and the BFF configured with ENGINES. Pictures go to screenshots/ (git-ignored) at
// 1280x720 and 1440x900. Run under the heavy lock: `flock /tmp/fw-heavy.lock npx tsx scripts/screenshots-two-engines.ts`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { flavorSpec, type EngineFlavor } from './lib/engine-flavor.js';
import { ENGINE_USERS } from './lib/engine.js';
import { freePort, startManaged, waitFor } from './lib/managed-process.js';
import { REPO_ROOT } from './lib/paths.js';
import { startStack, type Stack } from './lib/stack.js';
import { buildWebIfStale } from './lib/web-build.js';
import { runMigrateStep } from '../src/server/store/migrate-step.js';

const OUT = path.join(REPO_ROOT, 'screenshots');
const LABELS: Record<EngineFlavor, string> = { camunda: 'North (Camunda)', operaton: 'South (Operaton)' };

async function stackOf(flavor: EngineFlavor, dataDir: string): Promise<Stack> {
  return startStack({
    ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: 0 },
    dataDir: path.join(dataDir, flavor),
    cleanEngine: true,
    flavor: flavorSpec(flavor),
    seed: { orders: 12, seed: 7 },
    startBff: false,
    log: (line) => console.log(`[${flavor}] ${line}`),
  });
}

async function shoot(page: Page, name: string) {
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, `${name}-${width}x${height}.png`), fullPage: true });
  }
}

async function main() {
  buildWebIfStale();
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-two-engines-'));
  const stacks: Stack[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const started = Date.now();
    const [north, south] = await Promise.all([stackOf('camunda', dataDir), stackOf('operaton', dataDir)]);
    stacks.push(north!, south!);
    console.log(`[two-engines] both engines seeded in ${Date.now() - started} ms`);
    const engines = [
      { id: 'north', label: LABELS.camunda, url: north!.engineUrl, domainServices: servicesOf(north!) },
      { id: 'south', label: LABELS.operaton, url: south!.engineUrl, domainServices: servicesOf(south!) },
    ];
    const pgliteDir = path.join(dataDir, 'pglite');
    await runMigrateStep({ pgliteDir });
    const port = await freePort();
    const bff = startManaged('bff', path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(REPO_ROOT, 'src/server/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        WORKBENCH_PORT: String(port), ENGINES: JSON.stringify(engines), CAMUNDA_USER: ENGINE_USERS.api.user, CAMUNDA_PASSWORD: ENGINE_USERS.api.password,
        DOMAIN_SERVICES: servicesOf(north!), PGLITE_DIR: pgliteDir, SYNC_INTERVAL_MS: '1000',
      },
      logFile: path.join(dataDir, 'logs', 'bff.log'),
    });
    stops.push(() => bff.stop());
    const base = `http://127.0.0.1:${port}`;
    await waitFor('the BFF', async () => (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).status < 500, 60_000);

    const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
    stops.push(() => browser.close());
    const page = await browser.newPage({ baseURL: base, viewport: { width: 1440, height: 900 } });
    const signIn = async (user: string) => {
      await page.goto('/login');
      await page.getByLabel('Username', { exact: true }).fill(user);
      await page.getByLabel('Password', { exact: true }).fill('fallout-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    };
    await signIn('theo.tech');
    // Both engines' cases of the same order: wait until the sync of each has them.
    await waitFor('both cases of ORD-100928', async () => {
      const response = await page.request.get(`${base}/api/search?q=ORD-100928`);
      const body = (await response.json()) as { cases: { engineId: string }[] };
      return new Set(body.cases.map((c) => c.engineId)).size === 2;
    }, 90_000, 1000);
    await page.goto('/search?q=ORD-10092');
    await page.getByTestId('engine-label').first().waitFor();
    await shoot(page, 'two-engines-search');
    await page.goto('/cases?status=open');
    await page.getByTestId('engine-label').first().waitFor();
    await shoot(page, 'two-engines-queue');
    const search = (await (await page.request.get(`${base}/api/search?q=ORD-100928`)).json()) as { cases: { id: string; engineId: string }[] };
    const southCase = search.cases.find((c) => c.engineId === 'south')!;
    await page.goto(`/cases/${southCase.id}`);
    await page.getByTestId('case-engine').waitFor();
    await page.waitForTimeout(1500);
    await shoot(page, 'two-engines-case-south');
    await page.goto('/dashboard');
    await page.getByTestId('engine-sync-tile').first().waitFor();
    await page.waitForTimeout(1500);
    await shoot(page, 'two-engines-dashboard');
    // One engine's figures: the engine filter set to South.
    await page.goto('/dashboard?engine=south');
    await page.getByTestId('dashboard-engine').waitFor();
    await page.waitForTimeout(1500);
    await shoot(page, 'two-engines-dashboard-south');
    // The order both engines know: one panel per engine, each from that engine's own order service.
    await page.goto('/orders/ORD-100928');
    await page.getByTestId('order-engine-state').first().waitFor();
    await page.waitForTimeout(1000);
    await shoot(page, 'two-engines-order');
    // A freeze on South, made from the form the case page links to (engine pre-filled), then the list.
    await page.goto('/freezes?processDefinitionKey=order-orchestration&activityId=checkAvailability&engineId=south');
    await page.getByTestId('freeze-engine').waitFor();
    await shoot(page, 'two-engines-freeze-form');
    await page.getByLabel(/^Reason/).fill('Stock service storm on the South site');
    await page.getByRole('button', { name: 'Freeze' }).click();
    await page.getByTestId('freeze-notice').waitFor();
    await page.getByTestId('active-freeze').getByTestId('engine-label').waitFor();
    await shoot(page, 'two-engines-freezes');
    console.log(`[two-engines] screenshots in ${OUT}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    for (const stack of stacks) await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function servicesOf(stack: Stack): string {
  return Object.entries(stack.services).map(([name, url]) => `${name}=${url}`).join(',');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
