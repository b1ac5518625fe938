import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { ordersOf } from '../src/server/testing/engine-probe.js';
import { pageAs, sessionOf } from './support/login.js';

const SCREENSHOTS = 'screenshots';
test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('aud.auditor') });

test('an auditor checks the chain and exports one case trail', async ({ page, browser }) => {
  const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'bad-deployment')[0]!;
  // An operator leaves a note on the order's case first, so its trail has an event of its own.
  const ops = await pageAs(browser, 'olivia.ops');
  await ops.goto(`/search?q=${order.orderId}`);
  await expect(ops).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/); // the order's one case opens directly
  await ops.getByTestId('action-ANNOTATE').click();
  await ops.getByRole('dialog').getByLabel(/note/i).fill('Checked with the release team: v3 fixes the expression.');
  await ops.getByRole('dialog').getByRole('button', { name: 'Add note' }).click();
  await expect(ops.getByTestId('action-notice')).toBeVisible();
  await ops.context().close();

  await page.goto('/audit');
  await expect(page.getByTestId('audit-verification')).toContainText('Chain intact');
  await page.getByLabel('Business key').fill(order.businessKey);
  await page.getByLabel('Business key').press('Enter');
  await expect(page).toHaveURL(/businessKey=/);
  await page.screenshot({ path: `${SCREENSHOTS}/audit.png`, fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /csv/i }).click();
  const file = await (await download).path();
  const csv = readFileSync(file!, 'utf8');
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  expect(header).toContain('business_key');
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.includes(order.businessKey))).toBe(true);
});
