import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ordersOf } from '../src/server/testing/engine-probe.js';
import { sessionOf, type DemoUser } from './support/login.js';

// What support and ops could not see before: why a rejected order ended (its BPMN error's code and message, on
// every run), which cases each deployed version has, and every variable the step's contracts declare.
const SCREENSHOTS = 'screenshots';
test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

/** Both sizes: the first screen as a user sees it (is the answer above the fold?) and the whole page. */
async function screenshots(page: Page, name: string) {
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}-full.png`, fullPage: true });
  }
}

/** Each test reads as one role, with that user's saved session. */
const as = (user: DemoUser) => test.use({ storageState: sessionOf(user) });

test.describe(() => {
  as('sam.support');
  test('support sees why a rejected order ended, from the engine history', async ({ page }) => {
    const [order] = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'business-rejection');
    expect(order, 'the default seed has one business rejection').toBeTruthy();
    await page.goto(`/orders/${order!.orderId}`);
    const run = page.getByTestId('order-run').first();
    await expect(run.getByTestId('order-run-state')).toHaveText('Ended at “Order rejected”');
    await expect(run.getByTestId('order-run-error')).toContainText(`Why it ended here: inventory reports OUT_OF_STOCK for order ${order!.orderId}`);
    await expect(run.getByTestId('order-run-error')).toContainText('code INVENTORY_REJECTED');
    await expect(run.getByTestId('order-run-path')).toContainText('Check availability (interrupted) → Inventory rejected → Order rejected');
    await screenshots(page, 'order-view-history');
  });
});

test.describe(() => {
  as('theo.tech');
  test('ops open the cases of one deployed version from the dashboard', async ({ page }) => {
    await page.goto('/dashboard?range=24h');
    const list = page.getByTestId('deployment-list');
    // The sync mirrors deployments on its first passes.
    await expect(async () => {
      await page.reload();
      await expect(list.getByTestId('deployment-version-link').first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await list.scrollIntoViewIfNeeded();
    await screenshots(page, 'dashboard-deployments');
    const withCases = list.getByTestId('deployment-version-link').filter({ hasText: 'Order orchestration' }).first();
    const label = (await withCases.textContent())!;
    const version = /v(\d+)$/.exec(label)![1]!;
    await withCases.click();
    await expect(page).toHaveURL(new RegExp(`/cases\\?.*processVersion=${version}`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
});

test.describe(() => {
  as('olivia.ops');
  test('the case page shows every contract variable of the process, the sensitive one masked', async ({ page }) => {
    const [order] = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'reserve-unknown-outcome');
    // The case id through the search API (the session's cookie): the page then opens exactly that case.
    const caseId = await expect
      .poll(async () => ((await (await page.request.get(`/api/search?q=${order!.orderId}`)).json()) as { cases: { id: string }[] }).cases[0]?.id, { timeout: 60_000 })
      .toBeTruthy()
      .then(async () => ((await (await page.request.get(`/api/search?q=${order!.orderId}`)).json()) as { cases: { id: string }[] }).cases[0]!.id);
    await page.goto(`/cases/${caseId}`);
    await expect(page.getByTestId('contract-variables')).toBeVisible();
    const panel = page.getByTestId('contract-variables');
    await expect(panel.getByTestId('contract-variable-group').first()).toContainText('Reserve inventory');
    await expect(panel.getByTestId('contract-variable-group').first()).toContainText('Masked');
    await expect(panel).not.toContainText('CUST-');
    await page.setViewportSize({ width: 1280, height: 720 });
    // The answer (what failed, what to do) stays on the first screen.
    await expect(page.getByRole('heading', { name: 'Actions' }).first()).toBeInViewport();
    await screenshots(page, 'case-contract-variables');
  });
});
