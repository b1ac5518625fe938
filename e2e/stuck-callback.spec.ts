import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually, ordersOf } from '../src/server/testing/engine-probe.js';
import { sessionOf } from './support/login.js';
import { checkThenConfirm } from './support/reservation.js';

// An order stuck at the reservation callback past its stage budget (the demo's is 2 minutes, counted from the
// seed): the operator checks inventory, confirms the reservation it found, and the open case page turns
// Resolved by itself. When this file runs first the budget may not have run out yet: it waits for the case.
const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const SCREENSHOTS = 'screenshots';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('olivia.ops') });

test('a stuck callback case is resolved through check and confirm, and the page shows Resolved without a reload', async ({ page }) => {
  test.setTimeout(200_000);
  const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'stuck-at-callback')[0]!;
  const instance = await engine().orderInstance(order.businessKey);

  // The stage budget runs from the seed: the case opens once it has passed.
  const caseId = await eventually(
    async () => {
      const found = (await (await page.request.get(`/api/search?q=${order.orderId}`)).json()) as { cases: { id: string; source: string }[] };
      return found.cases.find((c) => c.source === 'STUCK')?.id;
    },
    170_000,
    `the stuck case of ${order.orderId}`,
  );
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId('case-status').first()).toHaveText('Open');
  // The budget in words, not the catalog's ISO duration.
  await expect(page.getByTestId('stage-budget')).toContainText('2 minutes');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');

  await checkThenConfirm(page);

  // No reload: the page hears the case resolve.
  await expect(page.getByTestId('case-status').first()).toHaveText('Resolved', { timeout: 10_000 });
  await eventually(async () => (await engine().history(instance!.id)).some((a) => a.activityId === 'waitForReservationCallback' && a.endTime), 15_000, 'callback step left');
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/stuck-callback-resolved-${width}x${height}.png` });
  }
});
