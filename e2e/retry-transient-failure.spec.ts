import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually, ordersOf } from '../src/server/testing/engine-probe.js';
import { pageAs, sessionOf } from './support/login.js';

const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const SCREENSHOTS = 'screenshots';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('sam.support') });

test('support finds order 100928 and sees its state, an operator retries the failed step, the case resolves', async ({ page, browser }) => {
  const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'transient-availability').find((o) => o.orderId === 'ORD-100928');
  expect(order, 'the default seed makes ORD-100928 a transient availability failure').toBeTruthy();
  const [instance] = await engine().processInstances(order!.businessKey);
  expect(await engine().incidents(`?processInstanceId=${instance!.id}`)).toHaveLength(1);

  // (Without a session the app shows the sign-in page: laptop-layout.spec.ts, the one test of the sign-in form.)
  await page.goto('/cases');
  await expect(page.getByRole('heading', { name: /cases/i }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/case-list.png`, fullPage: true });

  // Search by the bare number: support lands on the read-only order view, its state in business words.
  await page.keyboard.press('/');
  await page.keyboard.type('100928');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/orders\/ORD-100928/);
  await expect(page.getByTestId('order-domain-state')).toBeVisible();
  await expect(page.getByTestId('order-workflow-stage')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/order-view.png`, fullPage: true });
  await page.getByRole('link', { name: /^FO-\d{4}-\d{6}$/ }).first().click();
  await expect(page).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/);
  await expect(page.getByText('order:ORD-100928').first()).toBeVisible();

  // The diagram shows the incident badge on check availability.
  const badge = page.getByTestId('incident-badge-checkAvailability');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveText('1');
  await page.screenshot({ path: `${SCREENSHOTS}/case-page-before-retry.png`, fullPage: true });
  // Support reads; retrying is for operators.
  await expect(page.getByRole('button', { name: /retry step/i })).toHaveCount(0);
  const caseUrl = page.url();
  // Support's page stays open, never reloaded, hearing the changes of the read model.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');

  // The operator works in a browser of their own (separate cookies), on the case support found.
  const operator = await pageAs(browser, 'olivia.ops');
  await operator.goto(caseUrl);
  await expect(operator.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
  await operator.getByRole('button', { name: /retry step/i }).click();
  const dialog = operator.getByRole('dialog');
  await expect(dialog).toContainText(/one more attempt/);
  await dialog.getByRole('button', { name: /retry/i }).last().click();

  // The case page follows the retry, then turns Resolved by itself once the sync saw the process move on:
  // no reload, on the operator's page and on support's.
  await expect(operator.getByTestId('command-progress')).toBeVisible({ timeout: 10_000 });
  await operator.screenshot({ path: `${SCREENSHOTS}/case-page-retry-progress.png` });
  await expect(operator.getByTestId('command-progress')).toHaveAttribute('data-phase', 'RESOLVED', { timeout: 10_000 });
  await expect(operator.getByText('Resolved', { exact: true }).first()).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('Resolved', { exact: true }).first()).toBeVisible({ timeout: 10_000 });
  await expect(operator.getByRole('button', { name: /retry step/i })).toHaveCount(0);
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await operator.setViewportSize({ width, height });
    await operator.screenshot({ path: `${SCREENSHOTS}/case-page-resolved-live-${width}x${height}.png` });
  }

  // The engine: the incident is gone and the process moved past the step.
  await eventually(async () => (await engine().incidents(`?processInstanceId=${instance!.id}`)).length === 0, 15_000, 'incident gone');
  await eventually(async () => (await engine().history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'step completed');
  await expect(operator.getByTestId('incident')).toContainText('No longer open in the engine');
  await operator.screenshot({ path: `${SCREENSHOTS}/case-page-resolved.png`, fullPage: true });
  await operator.context().close();
});
