import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually, ordersOf } from '../src/server/testing/engine-probe.js';
import { sessionOf } from './support/login.js';
import { checkThenConfirm } from './support/reservation.js';

const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const services = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as { orders: string; inventory: string; billing: string };
const SCREENSHOTS = 'screenshots';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('olivia.ops') });

test('an operator reconciles an unknown reservation outcome: check status, confirm, the process continues with one reservation', async ({ page }) => {
  const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'reserve-unknown-outcome')[0]!;
  const instance = await engine().orderInstance(order.businessKey);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: /fallout cases/i })).toBeVisible();
  await page.keyboard.press('/');
  await page.keyboard.type(order.orderId);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/);
  await expect(page.getByTestId('incident-badge-reserveInventory')).toBeVisible();
  // The runbook for this failure says what not to do and how to recover safely: the operator follows it.
  const runbook = page.getByTestId('runbook');
  await expect(runbook).toContainText(/reservation/i);
  await expect(runbook.getByText(/Do not retry/i).first()).toBeVisible();
  await expect(runbook).toContainText(/Confirm external outcome/);
  // A blind retry is not on offer; the reason says what to do instead.
  await expect(page.getByTestId('withheld-action').filter({ hasText: 'Retry step' })).toContainText(/check the external status/i);
  // The diagnosis is a checklist kept on the case: the first step ticked is saved for whoever picks it up next.
  const checklist = runbook.getByTestId('diagnosis-checklist');
  const firstStep = checklist.getByRole('checkbox').first();
  await firstStep.check();
  await expect(checklist.getByTestId('diagnosis-step').first()).toContainText('Checked by olivia.ops');
  // The timeline quotes the step as the runbook shows it: filled with this order, no {placeholder}.
  const stepEntry = page.getByTestId('timeline-entry').filter({ has: page.locator('[data-action="DIAGNOSIS_STEP"]') }).first();
  await expect(stepEntry).toContainText(`order:${order.orderId}`);
  await expect(stepEntry).not.toContainText('{orderId}');
  await page.reload();
  await expect(page.getByTestId('diagnosis-checklist').getByRole('checkbox').first()).toBeChecked();
  // customerId is one of the step's inputs and sensitive: the page names it and shows no value.
  const customerRow = page.getByTestId('variable-row').filter({ hasText: 'customerId' });
  await expect(customerRow).toContainText('***');
  await expect(customerRow).toContainText('Masked');
  await expect(page.locator('body')).not.toContainText(/CUST-\d{4}/);
  await page.screenshot({ path: `${SCREENSHOTS}/unknown-outcome-before-check.png`, fullPage: true });

  await checkThenConfirm(page, { beforeConfirm: () => page.screenshot({ path: `${SCREENSHOTS}/unknown-outcome-confirm-dialog.png`, fullPage: true }).then(() => undefined) });

  // Where the effects land: the process took the operator's confirmation path, inventory holds one reservation.
  await eventually(async () => (await engine().history(instance!.id)).some((a) => a.activityId === 'reservationConfirmedByOperator'), 15_000, 'confirmation path taken');
  await eventually(async () => (await engine().history(instance!.id)).some((a) => a.activityId === 'billingHandoff'), 15_000, 'process moved on to billing');
  const reservations = (await (await fetch(`${services().inventory}/reservations?orderId=${order.orderId}`)).json()) as { reservations: unknown[] };
  expect(reservations.reservations).toHaveLength(1);

  // The open page hears the case resolve (no reload).
  await expect(page.getByTestId('case-status').first()).toHaveText('Resolved', { timeout: 10_000 });
  await expect(page.getByTestId('timeline-entry').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/unknown-outcome-resolved.png`, fullPage: true });
});
