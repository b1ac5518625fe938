import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { submitFailingOrder, type Services } from '../src/server/testing/demo-orders.js';
import { ordersOf } from '../src/server/testing/engine-probe.js';
import { pageAs, sessionOf, signIn } from './support/login.js';

// A 1280x720 laptop: the case page answers "what failed, why, what to do" on its first screen, the queue
// never scrolls sideways, and every form dialog is screenshotted at both checked sizes.
const SCREENSHOTS = 'screenshots';
const SIZES = [[1280, 720], [1440, 900]] as const;
const services = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as Services;

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

async function screenshots(page: Page, name: string, fullPage = true) {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/laptop-${name}-${width}x${height}.png`, fullPage });
  }
}

/** The element is entirely inside the first screen (no scrolling needed to see it). */
async function expectOnFirstScreen(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  console.log(`[laptop] ${what}: top ${Math.round(box!.y)}, bottom ${Math.round(box!.y + box!.height)} of ${viewport.height}`);
  expect({ what, top: box!.y >= 0, bottom: box!.y + box!.height <= viewport.height, left: box!.x >= 0, right: box!.x + box!.width <= viewport.width }).toEqual({
    what,
    top: true,
    bottom: true,
    left: true,
    right: true,
  });
}

test.describe(() => {
  test.use({ storageState: sessionOf('olivia.ops') });
  test('at 1280x720 the case page answers on its first screen and the queue never scrolls sideways', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/cases');
    await page.getByTestId('case-row').first().waitFor();
    const sideways = await page.evaluate(() => {
      const root = document.scrollingElement!;
      const table = document.querySelector<HTMLElement>('[data-testid="queue-scroll"]') ?? root;
      return { root: root.scrollWidth - root.clientWidth, table: table.scrollWidth - table.clientWidth };
    });
    console.log(`[laptop] queue sideways overflow: ${JSON.stringify(sideways)}`);
    expect(sideways).toEqual({ root: 0, table: 0 });
    await screenshots(page, 'queue', false);

    // Kept from the last round: the global search shows a focus ring, a navigation focuses the new page's heading.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.keyboard.press('/');
    const searchRing = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(searchRing).toBe('solid');
    await page.keyboard.press('Escape');
    await page.getByTestId('case-row').first().getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

    const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'transient-availability')[0]!;
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/search?q=${order.orderId}`);
    await expect(page).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/);
    await page.locator('.diagram__canvas svg').first().waitFor();
    await expectOnFirstScreen(page, page.getByRole('heading', { level: 1 }), 'heading');
    await expectOnFirstScreen(page, page.getByTestId('case-error-message'), 'failure reason');
    await expectOnFirstScreen(page, page.locator('#case-actions .actions__list button').first(), 'first action');
    await expectOnFirstScreen(page, page.locator('.diagram__canvas'), 'diagram canvas');
    // The skip link leads to the actions; diagnosis checkboxes are 24 px targets.
    await expect(page.getByRole('link', { name: 'Skip to actions' })).toHaveAttribute('href', '#case-actions');
    for (const box of await page.getByTestId('runbook').getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.getBoundingClientRect()))) {
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
    }
    await screenshots(page, 'case', false);
    await screenshots(page, 'case-full');

    // The action dialog, as offered and after a refused submit of an empty required field.
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('#case-actions .actions__list button').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await screenshots(page, 'dialog-action', false);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('action-ANNOTATE').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('button[type="submit"]').click();
    await expect(dialog.getByRole('textbox').first()).toBeFocused();
    await screenshots(page, 'dialog-action-invalid', false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});

// The one test that signs in through the form (every other test opens its pages with a saved session).
test('form dialogs at both sizes: sign-in, freezes, bulk retry, approval decision', async ({ browser }) => {
  // A fresh billing failure, so the seeded one stays for its own spec; it fails while the first dialogs are shown.
  const failing = submitFailingOrder(process.env.WORKBENCH_E2E_ENGINE!, services(), 'billing-failure');
  const context = await browser.newContext();
  const page = await context.newPage();
  // Without a session the app shows the sign-in page.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Username', { exact: true })).toBeFocused();
  await screenshots(page, 'login-invalid', false);
  await page.getByLabel('Username', { exact: true }).fill('theo.tech');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await screenshots(page, 'login-refused', false);
  await signIn(page, 'theo.tech');

  await page.goto('/freezes');
  await page.getByRole('button', { name: 'Freeze', exact: true }).click();
  await expect(page.getByLabel('Process definition key')).toBeFocused();
  await screenshots(page, 'freeze-invalid');

  await page.goto('/cases?processKey=order-orchestration&activityId=checkAvailability&bulk=retry');
  await expect(page.getByRole('dialog').getByTestId('bulk-dry-run')).toBeVisible();
  await screenshots(page, 'dialog-bulk-retry', false);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  // Ops ask for an unsafe retry of the fresh billing failure, a supervisor opens the decision.
  const billing = await failing;
  const ops = await pageAs(browser, 'olivia.ops');
  await expect(async () => {
    await ops.goto(`/search?q=${billing.orderId}`);
    await expect(ops).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/, { timeout: 2_000 });
    await expect(ops.getByTestId('action-REQUEST_UNSAFE_RETRY')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await ops.getByTestId('action-REQUEST_UNSAFE_RETRY').click();
  const request = ops.getByRole('dialog');
  await request.getByRole('button', { name: 'Request unsafe retry' }).click();
  await screenshots(ops, 'dialog-unsafe-retry-invalid', false);
  await request.getByLabel(/why the step must run again/i).fill('Payment gateway recovered; first attempt answered 502.');
  await request.getByLabel(/evidence that a repeat is safe/i).fill('Billing shows no charge for the key.');
  await request.getByRole('button', { name: 'Request unsafe retry' }).click();
  await expect(ops.getByTestId('action-notice')).toContainText(/supervisor/i);

  const supervisor = await pageAs(browser, 'sara.supervisor');
  await supervisor.goto('/approvals');
  const row = supervisor.getByTestId('approval-row').filter({ hasText: billing.businessKey });
  await row.getByRole('button', { name: /reject/i }).click();
  const decision = supervisor.getByRole('dialog');
  await decision.getByRole('button', { name: /confirm rejection/i }).click();
  await expect(decision.getByRole('textbox').first()).toBeFocused();
  await screenshots(supervisor, 'dialog-decision-invalid', false);
  await decision.getByRole('button', { name: 'Cancel' }).click();
});
