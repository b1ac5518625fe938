import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { eventually } from '../src/server/testing/engine-probe.js';
import { pageAs } from './support/login.js';
import { deployCopy, instancesOf, startAt } from './support/migration-model.js';

// Playbook §17 end to end: three orders wait at the reservation callback on version 1 of a process; a platform
// owner plans their move to version 2, a supervisor approves (four eyes), the planner starts it, and the page
// follows the canary and the batch until it says Completed. The engine is checked on its own at the end.
const SHOTS = '/tmp/shots-migrations';
const SIZES = [
  [1280, 720],
  [1440, 900],
] as const;

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** Screenshots at both checked sizes; at neither may the page scroll sideways. */
async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    const sideways = await page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth);
    expect({ name, width, sideways }).toEqual({ name, width, sideways: 0 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png`, fullPage: options.fullPage });
  }
}

async function decide(page: Page, button: string, confirm: string, reason: string) {
  await page.getByTestId('plan-actions').getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Reason/).fill(reason);
  await dialog.getByRole('button', { name: confirm }).click();
  await expect(dialog).toHaveCount(0);
}

test('a platform owner plans a migration, a supervisor approves it, it runs canary first and completes', async ({ browser }) => {
  test.setTimeout(90_000);
  const engineUrl = process.env.WORKBENCH_E2E_ENGINE!;
  const key = `migration-drill-${Date.now().toString(36)}`;
  const v1 = await deployCopy(engineUrl, key, 'version 1');
  const orders = ['MIG-E2E-1', 'MIG-E2E-2', 'MIG-E2E-3'].map((id) => `${id}-${key.slice(-4)}`);
  for (const orderId of orders) await startAt(engineUrl, v1.id, 'waitForReservationCallback', orderId);
  const v2 = await deployCopy(engineUrl, key, 'version 2');
  const moving = await instancesOf(engineUrl, v1.id);
  expect(moving).toHaveLength(3);

  const paula = await pageAs(browser, 'paula.platform');
  await paula.goto(`/migrations/new?process=${key}&source=${v1.version}&target=${v2.version}`);
  await expect(paula.getByLabel(/^Process key/)).toHaveValue(key);
  // Typed: the sync reports a new key's versions only after several seconds (the picker is covered by the component tests).
  await paula.getByLabel(/^Steps in scope/).fill('waitForReservationCallback');
  await paula.getByLabel(/^Required variables/).fill('orderId');
  await paula.getByLabel(/^Batch size/).fill('2');
  await paula.getByLabel(/^Seconds between batches/).fill('0');
  await paula.getByLabel(/^Reason/).fill('Drill: the old version calls the removed inventory topic.');
  await shoot(paula, 'planner');
  await paula.getByRole('button', { name: 'Validate and dry-run' }).click();

  await expect(paula).toHaveURL(/\/migrations\/MIG-[0-9a-f-]+$/);
  const planUrl = new URL(paula.url()).pathname;
  // The plan page starts at its top, not where the form was scrolled to.
  expect(await paula.evaluate(() => window.scrollY)).toBe(0);
  await expect(paula.getByRole('heading', { level: 1 })).toHaveText(`Migration drill: version ${v1.version} → ${v2.version}`);
  await expect(paula.getByTestId('plan-state')).toHaveText('Awaiting approval');
  await expect(paula.getByTestId('four-eyes')).toHaveText('You requested this plan; another platform owner or a supervisor must approve it.');
  await expect(paula.getByTestId('canary').getByTestId('frozen-instance')).toHaveCount(1);
  await expect(paula.getByTestId('batch-1').getByTestId('frozen-instance')).toHaveCount(2);
  // Four eyes: the planner has nothing to press until someone else approved.
  await expect(paula.getByTestId('plan-actions').getByRole('button')).toHaveCount(0);
  await shoot(paula, 'plan-awaiting');

  const sara = await pageAs(browser, 'sara.supervisor');
  await sara.goto(planUrl);
  await expect(sara.getByTestId('plan-actions').getByRole('button')).toHaveText(['Approve', 'Reject']);
  await decide(sara, 'Approve', 'Approve plan', 'Checked the frozen list and the mapping.');
  await expect(sara.getByTestId('plan-state')).toHaveText('Approved, not started');
  await sara.context().close();

  await paula.reload();
  await expect(paula.getByTestId('plan-decision')).toContainText('Approved by sara.supervisor');
  await expect(paula.getByTestId('plan-actions').getByRole('button')).toHaveText(['Start', 'Abort']);
  await decide(paula, 'Start', 'Start migration', 'Approved; moving the drill orders now.');
  // The page follows the run by itself: canary, then the batch, then Completed.
  await expect(paula.getByTestId('plan-state')).toHaveText('Completed', { timeout: 30_000 });
  await expect(paula.getByTestId('plan-progress')).toContainText(/Migrated\s*3/);
  await expect(paula.getByTestId('plan-events')).toContainText('Canary passed its checks');
  await shoot(paula, 'plan-completed');
  await shoot(paula, 'plan-completed-full', { fullPage: true });

  // The engine agrees: all three run on version 2 now, none on version 1.
  await eventually(async () => (await instancesOf(engineUrl, v2.id)).join() === moving.join(), 5_000, 'instances on version 2');
  expect(await instancesOf(engineUrl, v1.id)).toEqual([]);

  await paula.goto('/migrations');
  await expect(paula.getByTestId('migration-plan-row').first()).toContainText('Completed');
  await shoot(paula, 'plans-list');
  await paula.context().close();
});
