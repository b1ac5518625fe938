import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually } from '../src/server/testing/engine-probe.js';
import { sessionOf } from './support/login.js';

const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const services = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as { orders: string; inventory: string; billing: string };
const SCREENSHOTS = 'screenshots';
// Order data flows into the worker's failure message (the billing key is part of it): untrusted text.
const MARKUP_KEY = 'BILL-<img src=x onerror="window.__pwned=1">';
const MARKUP_NOTE = '<script>window.__pwned=2</script><b>bold?</b>';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('olivia.ops') });

test('markup in an incident message and in a note shows as text everywhere and runs nothing', async ({ page }) => {
  const orderId = `ORD-X${Date.now().toString(36).toUpperCase()}`;
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post(`${services().billing}/admin/faults`, { orderId, fault: 'gateway-error', count: 1 })).ok).toBe(true);
  expect((await post(`${services().orders}/orders`, { orderId, customerId: 'CUST-X', orderTotal: 12, billingIdempotencyKey: MARKUP_KEY })).ok).toBe(true);
  await eventually(async () => (await engine().incidents()).some((i) => i.activityId === 'billingHandoffTask'), 30_000, 'billing incident');

  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto('/cases');
  const row = page.getByTestId('case-row').filter({ hasText: orderId });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText('<img src=x');
  await page.screenshot({ path: `${SCREENSHOTS}/untrusted-text-list.png`, fullPage: true });

  await row.getByRole('link').first().click();
  await expect(page.getByText(MARKUP_KEY, { exact: false }).first()).toBeVisible();
  // The diagram's badge carries the failure message as its tooltip: as text, not markup.
  const badge = page.getByTestId('incident-badge-billingHandoffTask');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute('title', new RegExp(MARKUP_KEY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(badge.locator('*')).toHaveCount(0);

  await page.getByTestId('action-ANNOTATE').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/note/i).fill(MARKUP_NOTE);
  await dialog.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('timeline-entry').filter({ hasText: '<script>' }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/untrusted-text-case.png`, fullPage: true });

  // Nothing ran: no element was made from the text, no script set the flag, no dialog opened.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('b', { hasText: 'bold?' })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
