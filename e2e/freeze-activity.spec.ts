import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually } from '../src/server/testing/engine-probe.js';
import { sessionOf } from './support/login.js';

const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const SCREENSHOTS = 'screenshots';
const jobDefinitions = () =>
  engine().get<{ id: string; suspended: boolean }[]>('/job-definition?processDefinitionKey=order-orchestration&activityIdIn=validateOrder');

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));
test.use({ storageState: sessionOf('theo.tech') });

test('tech ops freeze an activity during a storm and lift it again; the engine follows both', async ({ page }) => {
  expect((await jobDefinitions()).every((d) => !d.suspended)).toBe(true);
  await page.goto('/freezes');
  await page.getByLabel('Process definition key').fill('order-orchestration');
  await page.getByLabel('Activity id').fill('validateOrder');
  await page.getByLabel('Reason').fill('Bad deployment: every new order fails at Validate order until v4 is out.');
  await page.getByLabel('Duration (minutes)').fill('60');
  await page.getByRole('button', { name: 'Freeze', exact: true }).click();

  const active = page.getByTestId('active-freeze').filter({ hasText: 'validateOrder' });
  await expect(active).toBeVisible();
  await eventually(async () => (await jobDefinitions()).every((d) => d.suspended), 15_000, 'job definitions suspended');
  await page.screenshot({ path: `${SCREENSHOTS}/freezes-active.png`, fullPage: true });

  await active.getByRole('button', { name: 'End freeze' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/reason/i).fill('v4 deployed; new orders pass Validate order again.');
  await dialog.getByRole('button', { name: 'End freeze' }).click();
  await expect(page.getByTestId('ended-freeze').filter({ hasText: 'validateOrder' }).first()).toBeVisible();
  await eventually(async () => (await jobDefinitions()).every((d) => !d.suspended), 15_000, 'job definitions active again');
  await page.screenshot({ path: `${SCREENSHOTS}/freezes-ended.png`, fullPage: true });
});
