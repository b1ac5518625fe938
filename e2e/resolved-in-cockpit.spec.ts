import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { cockpit } from '../src/server/testing/cockpit.js';
import { submitFailingOrder, type Services } from '../src/server/testing/demo-orders.js';
import { engineReader, eventually } from '../src/server/testing/engine-probe.js';
import { sessionOf } from './support/login.js';

const SCREENSHOTS = 'screenshots';
const engineUrl = () => process.env.WORKBENCH_E2E_ENGINE!;
const services = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as Services;

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('olivia.ops') });

/** Both sizes the case page is checked at: a 1280 px laptop and the 1440 px default. */
async function screenshots(page: Page, name: string) {
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png`, fullPage: true });
  }
}

/** Reloads the case page until its status chip reads `status` (the sync runs every second). */
async function expectStatus(page: Page, status: string) {
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('case-status').first()).toHaveText(status, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

test('cases resolved in Cockpit show what the engine shows: cleared but waiting, cancelled with the order still active, then resolved', async ({ page }) => {
  const admin = cockpit(engineUrl());
  const engine = engineReader(engineUrl());
  const [cleared, cancelled] = await Promise.all([
    submitFailingOrder(engineUrl(), services(), 'transient-availability'),
    submitFailingOrder(engineUrl(), services(), 'transient-availability'),
  ]);
  const openCase = async (orderId: string) => {
    await expect(async () => {
      await page.goto(`/search?q=${orderId}`);
      await expect(page).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    return page.url();
  };

  // An operator in Cockpit suspends the instance and sets the task's retries: the incident goes, the token stays.
  const clearedUrl = await openCase(cleared.orderId);
  await expect(page.getByTestId('case-status').first()).toHaveText('Open');
  const [instance] = await engine.processInstances(cleared.businessKey);
  const [incident] = await admin.incidents(instance!.id);
  await admin.suspend(instance!.id);
  await admin.setExternalTaskRetries(incident!.configuration!, 1);
  await expectStatus(page, 'Cleared outside');
  const banner = page.getByTestId('cleared-outside-banner');
  await expect(banner).toContainText('Incident cleared outside the workbench — step still waiting.');
  await expect(banner.getByTestId('outside-change')).toContainText('admin let the failed step try again');
  // In words on the timeline, with the engine's operation code kept on the entry (its hover title).
  const outsideRetry = page.getByTestId('timeline-entry').filter({ has: page.locator('[data-action="SET_EXTERNAL_TASK_RETRIES"]') });
  await expect(outsideRetry).toContainText('Step retried in the engine');
  await expect(outsideRetry).toContainText('by admin');
  await expect(page.getByRole('button', { name: /retry step/i })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('moving again');
  await screenshots(page, 'case-cleared-outside');

  // The other order's instance is cancelled in Cockpit while the order service still has the order active.
  await openCase(cancelled.orderId);
  const [other] = await engine.processInstances(cancelled.businessKey);
  await admin.cancel(other!.id);
  await expectStatus(page, 'Cancelled in engine');
  const cancelledBanner = page.getByTestId('cancelled-in-engine-banner');
  await expect(cancelledBanner).toContainText('Cancelled in the engine — not resolved.');
  // The timeline says it in words; its time sits beside the entry, not as an ISO timestamp inside the sentence.
  const cancelledEntry = page.getByTestId('timeline-entry').filter({ has: page.locator('[data-action="CANCELLED_IN_ENGINE"]') });
  await expect(cancelledEntry).toContainText('The process instance was cancelled in the engine while the case was open');
  await expect(cancelledEntry).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  // The order service is asked by the reconcile (every 10 s): the mismatch shows once it answered.
  await expect(async () => {
    await page.reload();
    await expect(cancelledBanner.getByTestId('domain-mismatch')).toContainText(`Order ${cancelled.orderId} is still`, { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(cancelledBanner.getByTestId('outside-change')).toContainText('admin cancelled the process instance');
  await expect(page.getByTestId('domain-mismatch-chip')).toBeVisible();
  await screenshots(page, 'case-cancelled-in-engine');

  // Back in Cockpit the first instance is activated: the worker runs the step, and the case resolves for real.
  await admin.activate(instance!.id);
  await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'step completed');
  await page.goto(clearedUrl);
  await expectStatus(page, 'Resolved');
  await expect(page.getByTestId('timeline-entry').filter({ has: page.locator('[data-action="CLEARED_OUTSIDE"]') })).toHaveCount(1);
  await screenshots(page, 'case-resolved-after-cockpit');
});
