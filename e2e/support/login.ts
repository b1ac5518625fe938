// Sessions for the browser tests. Every demo user signs in once, through the BFF's login endpoint, in the global
// setup; a test opens its pages with that user's saved cookies (Playwright's storageState) instead of going
// through the form again. One test still signs in through the form (laptop-layout.spec.ts), with `signIn`.
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'fallout-demo';

export const DEMO_USERS = ['olivia.ops', 'omar.ops', 'sara.supervisor', 'sid.supervisor', 'theo.tech', 'sam.support', 'paula.platform', 'aud.auditor'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

/** Git-ignored folder of the saved sessions, one file per user, written by the global setup. */
export const AUTH_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.auth');

/** The saved session of a demo user (for `test.use({ storageState })` or `browser.newContext`). */
export function sessionOf(user: DemoUser): string {
  return path.join(AUTH_DIR, `${user}.json`);
}

/** A browser context of its own (own cookies, as a second person's browser) already signed in as `user`. */
export async function contextAs(browser: Browser, user: DemoUser, options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  return browser.newContext({ storageState: sessionOf(user), ...options });
}

/** A page in a context of its own signed in as `user`; close it with `page.context().close()`. */
export async function pageAs(browser: Browser, user: DemoUser, options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  return (await contextAs(browser, user, options)).newPage();
}

/** Signs in through the form and waits until the app has left the sign-in page. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
}
