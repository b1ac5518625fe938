import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { ordersOf } from '../src/server/testing/engine-probe.js';
import { signIn } from './support/login.js';

// Every page, as the role that uses it: no serious or critical axe violation.
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${what}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
}

test('no serious accessibility violations on any page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'login');

  await signIn(page, 'sara.supervisor');
  const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'reserve-unknown-outcome')[0]!;
  const pages: [string, string, () => Promise<void>][] = [
    ['queue', '/cases', async () => void (await page.getByTestId('case-row').first().waitFor())],
    // As a dashboard figure opens it: filters without a control show as removable chips.
    ['queue linked', '/cases?status=all&topic=check-availability&eventWithinMinutes=10080&command=RETRY_STEP', async () =>
      void (await page.getByTestId('link-filter-command').waitFor())],
    ['search', '/search?q=ORD-1009', async () => void (await page.getByRole('heading', { name: /search results/i }).waitFor())],
    ['order view', `/orders/${order.orderId}`, async () => void (await page.getByTestId('order-workflow-stage').waitFor())],
    ['approvals', '/approvals', async () => void (await page.getByRole('heading', { name: 'Approvals' }).waitFor())],
    ['freezes', '/freezes', async () => void (await page.getByRole('heading', { name: /freezes/i }).first().waitFor())],
    ['dashboard', '/dashboard', async () => void (await page.getByRole('heading', { name: /dashboard/i }).first().waitFor())],
    ['catalog', '/catalog', async () => void (await page.getByRole('heading', { name: /catalog/i }).first().waitFor())],
    ['audit', '/audit', async () => void (await page.getByRole('heading', { name: /audit/i }).first().waitFor())],
  ];
  mkdirSync('screenshots', { recursive: true });
  for (const [what, url, ready] of pages) {
    await page.goto(url);
    await ready();
    await page.screenshot({ path: `screenshots/page-${what.replace(/\s+/g, '-')}.png`, fullPage: true });
    await expectAccessible(page, what);
  }
  await page.goto('/cases');
  await page.getByTestId('case-row').first().getByRole('link').first().click();
  await page.getByRole('heading', { name: /FO-\d{4}-\d{6}/ }).first().waitFor();
  await page.getByTestId('runbook').waitFor();
  await page.screenshot({ path: 'screenshots/page-case.png', fullPage: true });
  await expectAccessible(page, 'case page');
});
