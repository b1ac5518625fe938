import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually } from '../src/server/testing/engine-probe.js';
import { submitFailingOrder, type Services } from '../src/server/testing/demo-orders.js';
import { sessionOf } from './support/login.js';

// A storm of transient failures at one step, worked the way tech ops would at 02:00: seen on the dashboard,
// bulk retried from there (dry run, then the run over exactly the reviewed cases), every case resolved.
// The bulk retry takes every transient case at the step, seeded ones included, so this file runs after
// retry-transient-failure.spec.ts (Playwright runs the files in name order with one worker).
const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const services = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as Services;
const SCREENSHOTS = 'screenshots';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('theo.tech') });

test('tech ops bulk retry a storm at check availability from the dashboard, and every case resolves', async ({ page }) => {
  const storm = await Promise.all([1, 2, 3].map(() => submitFailingOrder(process.env.WORKBENCH_E2E_ENGINE!, services(), 'transient-availability')));

  // The sync turns the incidents into cases within seconds; the dashboard shows the step as soon as it has.
  const bulkLink = page.getByRole('link', { name: /^Bulk retry at Check availability/ });
  await expect(async () => {
    await page.goto('/dashboard?range=24h');
    await expect(bulkLink).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-storm.png`, fullPage: true });
  await bulkLink.click();

  // The dry run runs on arrival and lists the exact scope; every storm order is in it.
  const dialog = page.getByRole('dialog');
  const dryRun = dialog.getByTestId('bulk-dry-run');
  await expect(dryRun).toBeVisible();
  await expect(async () => {
    const text = await dryRun.innerText();
    for (const order of storm) expect(text).toContain(order.businessKey);
  }).toPass({ timeout: 10_000 });
  await page.screenshot({ path: `${SCREENSHOTS}/bulk-retry-dry-run.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: `${SCREENSHOTS}/bulk-retry-dry-run-1280.png` });

  await dialog.getByLabel(/Comment for the audit trail/).fill('Stock service back after the 02:00 restart');
  await dialog.getByRole('button', { name: /^Retry \d+ cases?$/ }).click();
  const results = dialog.getByTestId('bulk-results');
  await expect(results).toBeVisible({ timeout: 30_000 });
  await expect(results.getByRole('status')).not.toContainText('failed');
  await page.screenshot({ path: `${SCREENSHOTS}/bulk-retry-results-1280.png` });

  // Where the effect lands: each storm instance ran the step once more and moved past it.
  for (const order of storm) {
    const instance = await engine().orderInstance(order.businessKey);
    await eventually(async () => (await engine().history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, `${order.orderId} past the step`);
  }
  // And the workbench says so: each case is resolved once the sync has seen the process move on.
  await dialog.getByText('Close', { exact: true }).click();
  for (const order of storm) {
    // The page's own session finds the case (the same request the search box makes).
    const found = (await (await page.request.get(`/api/search?q=${encodeURIComponent(order.businessKey)}`)).json()) as { cases: { id: string; source: string }[] };
    const caseId = found.cases.find((c) => c.source === 'INCIDENT')!.id;
    await expect(async () => {
      await page.goto(`/cases/${caseId}`);
      await expect(page.getByText('Resolved', { exact: true }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  }
});
