import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { engineReader, eventually, ordersOf } from '../src/server/testing/engine-probe.js';
import { pageAs } from './support/login.js';

const engine = () => engineReader(process.env.WORKBENCH_E2E_ENGINE!);
const services = () => JSON.parse(process.env.WORKBENCH_E2E_SERVICES!) as { orders: string; inventory: string; billing: string };
const SCREENSHOTS = 'screenshots';

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

test('ops request an unsafe billing retry, a supervisor approves it, billing charges once', async ({ browser }) => {
  const order = ordersOf(process.env.WORKBENCH_E2E_MANIFEST!, 'billing-failure')[0]!;
  const chargeOf = async () => ((await (await fetch(`${services().billing}/charges/BILL-${order.orderId}`)).json()) as { chargeCount: number }).chargeCount;
  expect(await chargeOf()).toBe(0);

  // The supervisor's inbox is open before the request exists, and is never reloaded.
  const supervisor = await pageAs(browser, 'sara.supervisor');
  await supervisor.goto('/approvals');
  await expect(supervisor.getByRole('heading', { name: 'Approvals' })).toBeVisible();
  await expect(supervisor.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
  // The inbox has loaded (its rows, or that none wait): the badge shows the same list's count.
  await expect(supervisor.getByTestId('approval-row').or(supervisor.getByText('No approvals waiting')).first()).toBeVisible();
  const row = supervisor.getByTestId('approval-row').filter({ hasText: order.businessKey });
  await expect(row).toHaveCount(0);
  const badge = supervisor.getByTestId('approvals-badge');
  const waitingBefore = (await badge.count()) ? Number(await badge.textContent()) : 0;

  const ops = await pageAs(browser, 'olivia.ops');
  await ops.goto('/');
  await expect(ops.getByRole('heading', { name: /fallout cases/i })).toBeVisible();
  await ops.keyboard.press('/');
  await ops.keyboard.type(order.orderId);
  await ops.keyboard.press('Enter');
  // The failure sits in the called billing process; the order's one case still opens directly.
  await expect(ops).toHaveURL(/\/cases\/FO-\d{4}-\d{6}/);
  await expect(ops.getByTestId('withheld-action').filter({ hasText: 'Retry step' })).toContainText(/moves money/i);
  await ops.screenshot({ path: `${SCREENSHOTS}/billing-case-frozen.png`, fullPage: true });

  await ops.getByTestId('action-REQUEST_UNSAFE_RETRY').click();
  const dialog = ops.getByRole('dialog');
  await dialog.getByLabel(/why the step must run again/i).fill('Payment gateway recovered at 02:40; the first attempt was answered 502.');
  await dialog.getByLabel(/evidence that a repeat is safe/i).fill('Billing shows no charge for the idempotency key.');
  await dialog.getByRole('button', { name: 'Request unsafe retry' }).click();
  await expect(ops.getByTestId('action-notice')).toContainText(/supervisor/i);
  await ops.context().close();

  // The open inbox and its badge show the new request by themselves.
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(badge).toHaveText(String(waitingBefore + 1), { timeout: 10_000 });
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await supervisor.setViewportSize({ width, height });
    await supervisor.screenshot({ path: `${SCREENSHOTS}/approvals-inbox-live-${width}x${height}.png` });
  }
  // The billing worker's contract says the step moves money: that is why four eyes are needed.
  await expect(row.getByTestId('approval-side-effect')).toHaveText('Moves money');
  await supervisor.screenshot({ path: `${SCREENSHOTS}/approvals-inbox.png`, fullPage: true });
  await row.getByRole('button', { name: /approve/i }).click();
  const decision = supervisor.getByRole('dialog');
  await decision.getByRole('textbox').first().fill('Evidence checked: no charge exists, gateway healthy.');
  await decision.getByRole('button', { name: /confirm approval/i }).click();

  await eventually(async () => (await chargeOf()) === 1, 30_000, 'one charge at billing');
  const instance = await engine().orderInstance(order.businessKey);
  await eventually(async () => (await engine().history(instance!.id)).some((a) => a.activityId === 'generateDocument'), 30_000, 'process past billing');
  expect(await chargeOf()).toBe(1);
  await supervisor.screenshot({ path: `${SCREENSHOTS}/approvals-after-approve.png`, fullPage: true });
  await supervisor.context().close();
});
