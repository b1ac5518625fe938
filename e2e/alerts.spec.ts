import { expect, test, type APIRequestContext } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Alert, AlertList } from '../src/contracts/alerts.js';
import { referenceCatalog } from '../src/server/catalog/testing.js';
import { cockpit } from '../src/server/testing/cockpit.js';
import { submitFailingOrder, type Services } from '../src/server/testing/demo-orders.js';
import { engineReader, eventually } from '../src/server/testing/engine-probe.js';
import { sessionOf } from './support/login.js';

// The on-call person's night: a real failure storm at Check availability (the stock service refuses, the
// workers give up, the engine raises incidents) fires one alert. Tech ops open Alerts from the top bar, read
// the business impact, the measure, the example orders and the first safe step, see that nobody was paged
// (this stack has no Alertmanager), and follow the alert to exactly its cases in the queue. Then the stock
// service answers again and the failed tasks get a retry, as in Cockpit: the alert resolves on its own.
//
// The storm's orders are this file's own (fresh order ids, faults armed for them alone) and are recovered
// before it ends; the seeded orders failing at the step are left as they are for the files that work them.
// The e2e BFF evaluates the rules every two seconds (global-setup.ts), so no wait here is a 15-second pass.
const ENGINE = () => process.env.WORKBENCH_E2E_ENGINE!;
const SERVICES = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as Services;
const SCREENSHOTS = 'screenshots';
const SCOPE = 'order-orchestration/checkAvailability';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('theo.tech') });

async function alerts(request: APIRequestContext): Promise<Alert[]> {
  const list = (await (await request.get('/api/alerts')).json()) as AlertList;
  return [...list.active, ...list.recent];
}

test('a storm at check availability fires one alert with its impact, orders and first step; the alert leads to its cases and resolves with the storm', async ({ page }) => {
  const engine = engineReader(ENGINE());
  const { baseline } = (await referenceCatalog()).alerts!.incidentSpike;
  // Whatever the seed left failing at the step counts too; the storm takes the step just past the usual level.
  const before = (await engine.incidents('?activityId=checkAvailability')).length;
  const storm = await Promise.all(Array.from({ length: Math.max(1, baseline + 1 - before) }, () => submitFailingOrder(ENGINE(), SERVICES(), 'transient-availability')));
  const total = before + storm.length;

  // On call, the page is what the alert links to: the alert is there by the time someone opens it.
  const fired = await eventually(async () => {
    const alert = (await alerts(page.request)).find((a) => a.rule === 'INCIDENT_SPIKE' && a.scope === SCOPE && a.status === 'FIRING');
    return alert?.payload.measure.observed === total ? alert : null;
  }, 20_000, `the spike alert over ${total} failures`);

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  const card = page.locator(`#alert-${fired.id}`);
  await expect(card).toHaveAttribute('data-testid', 'active-alert');
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(`${total} orders failing at Check availability`);
  await expect(card).toContainText('Failures above the usual level · Check availability · Order orchestration');
  await expect(card.getByTestId('alert-impact')).toHaveText(`${total} orders stopped at Check availability until the failure is recovered.`);
  await expect(card).toContainText(`${total} open failures at this step where up to ${baseline} are usual`);
  await expect(card.getByTestId('alert-first-action')).toHaveText(
    "Check the downstream service the step calls; retry the failed orders in bulk only once it answers again. Runbook, first check: Check the dependency's health (the endpoint in the error details).",
  );
  // Newest first: the storm's orders lead the examples, each a link to its order.
  for (const order of storm) await expect(card.getByRole('link', { name: order.orderId, exact: true })).toHaveAttribute('href', `/orders/${order.orderId}`);
  // No Alertmanager or webhook in this stack: the page says nobody was paged rather than pretending.
  await expect(card.getByTestId('alert-notified')).toHaveText('Notified: nobody (no receiver is configured; shown here only)');
  await expect(card.getByText('Technical details')).toBeVisible();
  await expect(card.locator('[data-technical]')).toBeHidden();

  mkdirSync(`${SCREENSHOTS}`, { recursive: true });
  await page.mouse.move(0, 0);
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/alerts-firing-${width}x${height}.png` });
  }

  // From the alert to its cases: the queue filtered to the step's open failures, the storm's orders in it.
  await card.getByTestId('alert-cases-link').click();
  await expect(page).toHaveURL(/\/cases\?processKey=order-orchestration&activityId=checkAvailability&source=INCIDENT/);
  for (const order of storm) await expect(page.locator('#main').getByText(order.businessKey, { exact: true })).toBeVisible();

  // The stock service answers again (the armed refusals are spent); each storm task gets one more try, as in
  // Cockpit. The workers complete them, the sync resolves the cases, and the next pass resolves the alert.
  const admin = cockpit(ENGINE());
  for (const order of storm) {
    const [instance] = await engine.processInstances(order.businessKey);
    for (const incident of await admin.incidents(instance!.id)) await admin.setExternalTaskRetries(incident.configuration!, 1);
  }
  await eventually(async () => (await alerts(page.request)).find((a) => a.id === fired.id)?.status === 'RESOLVED', 20_000, 'the spike alert resolved');
  await page.goto(`/alerts?alert=${fired.id}`);
  const resolved = page.getByRole('region', { name: /^Resolved in the last 7 days/ }).locator(`#alert-${fired.id}`);
  await expect(resolved).toHaveAttribute('data-testid', 'resolved-alert');
  await expect(resolved.getByText('History (2)')).toBeVisible();
  await expect(page.getByRole('region', { name: /^Firing/ }).locator(`#alert-${fired.id}`)).toHaveCount(0);
});
