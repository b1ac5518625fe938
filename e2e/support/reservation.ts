// The reservation runbook's safe recovery, as an operator walks it on an open case page: *Check external status*
// asks inventory, its evidence names the reservation found, and *Confirm external outcome* is offered with that
// reference already filled in. Shared by the unknown-outcome journey and the stuck-callback journey.
import { expect, type Page } from '@playwright/test';

/** Runs the status check, then the confirmation; returns the reservation reference the check found. */
export async function checkThenConfirm(page: Page, options: { beforeConfirm?: () => Promise<void> } = {}): Promise<string> {
  await page.getByTestId('action-CHECK_EXTERNAL_STATUS').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Check external status' }).click();
  const evidence = page.getByTestId('evidence-item').first();
  await expect(evidence).toContainText(/found/i);
  const reference = (await evidence.textContent())!.match(/RSV-\d{6}/)![0];

  await page.getByTestId('action-CONFIRM_EXTERNAL_OUTCOME').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(/external reference found by the status check/i)).toHaveValue(reference);
  await options.beforeConfirm?.();
  await dialog.getByRole('button', { name: 'Confirm external outcome' }).click();
  await expect(page.getByTestId('action-notice')).toContainText(/Confirmed/);
  return reference;
}
