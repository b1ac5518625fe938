// Page object for the sign-in page (route /login): every demo user shares the demo password.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'fallout-demo';

/** Signs in through the form and waits until the app has left the sign-in page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}
