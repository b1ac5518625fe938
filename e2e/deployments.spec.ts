import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentsResponse } from '../src/contracts/deployments.js';
import { REFERENCE_WORKFLOWS_DIR } from '../src/server/catalog/testing.js';
import { eventually } from '../src/server/testing/engine-probe.js';
import { authHeader, deployResources } from '../workflows/deploy.js';
import { sessionOf } from './support/login.js';

// Releases as tech ops and the platform owner read them. The demo stack deploys Order orchestration three
// times (as shipped, the broken model the bad-deployment orders run on, the fixed model again); tech ops open
// Deployments, find the broken version with its running order and follow it to that version's cases.
// For a release that needs care, this file deploys its own copy of the change-order model under a key of its
// own (nobody else starts orders on it): version 1 as shipped with two changes waiting at the review, version
// 2 with the review replaced by work on a topic nobody published a contract for and no worker serves. The
// platform owner reads that release's report in words: the unknown step, the review it dropped still holding
// both changes, the advice for them. Both deployments are deleted (cascade) at the end.
const ENGINE = () => process.env.WORKBENCH_E2E_ENGINE!;
const AUTH = () => ({ engineUrl: ENGINE(), user: 'workbench', password: 'workbench-secret' });
const SCREENSHOTS = 'screenshots';
// Keys of this worker's own: a worker started again after a failure deploys afresh, beside the first copy.
const KEY = `change-order-drill-${process.pid}`;
const NAME = 'Change order drill';
const TOPIC = `change-screening-${process.pid}`;

const shipped = readFileSync(path.join(REFERENCE_WORKFLOWS_DIR, 'change-order', 'change-order.bpmn'), 'utf8')
  .replaceAll('change-order', KEY)
  .replace('name="Change order"', `name="${NAME}"`);
// The review (a user task) becomes work for a worker on an unknown topic; the diagram keeps its shape.
const screening = shipped
  .replace(
    /<bpmn:userTask id="reviewChange" name="Review change" camunda:candidateGroups="order-desk">([\s\S]*?)<\/bpmn:userTask>/,
    `<bpmn:serviceTask id="screenChange" name="Screen change" camunda:type="external" camunda:topic="${TOPIC}">$1</bpmn:serviceTask>`,
  )
  .replaceAll('"reviewChange"', '"screenChange"')
  .replace('bpmnElement="reviewChange"', 'bpmnElement="screenChange"');

async function engine<T>(method: string, p: string, body?: unknown): Promise<T> {
  const { user, password } = AUTH();
  const response = await fetch(`${ENGINE()}${p}`, {
    method,
    headers: { authorization: authHeader(user, password), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${p} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** The page at both checked sizes, scrolled so that `top` starts the view just below the fixed top bar. */
async function screenshots(page: Page, name: string, top: Locator) {
  await page.mouse.move(0, 0);
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    await top.evaluate((element) => {
      const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
      window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - bar - 12);
    });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png` });
  }
}

const deploymentIds: string[] = [];

test.beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const first = await deployResources({ ...AUTH(), deploymentName: KEY, resources: [{ name: `${KEY}.bpmn`, content: shipped }] });
  deploymentIds.push(first.deploymentId);
  for (const n of [1, 2]) await engine('POST', `/process-definition/key/${KEY}/start`, { businessKey: `CHG-DRILL-${process.pid}-${n}`, variables: { changeOrderId: { value: `CHG-DRILL-${process.pid}-${n}`, type: 'String' } } });
  // Both wait at the review once the asynchronous validation ran, before version 2 exists.
  await eventually(async () => (await engine<{ count: number }>('GET', `/task/count?processDefinitionKey=${KEY}`)).count === 2, 20_000, 'two reviews waiting');
  const second = await deployResources({ ...AUTH(), deploymentName: KEY, resources: [{ name: `${KEY}.bpmn`, content: screening }] });
  deploymentIds.push(second.deploymentId);
});

test.afterAll(async () => {
  for (const id of deploymentIds.reverse()) await engine('DELETE', `/deployment/${id}?cascade=true`).catch(() => undefined);
});

/**
 * Waits until the sync has mirrored both versions of the copy, written the newer one's report, and placed the
 * two changes at the review (token positions are read in rounds, at most every 30 s).
 */
async function drillReported(request: APIRequestContext) {
  const started = Date.now();
  await eventually(async () => {
    const response = (await (await request.get('/api/deployments')).json()) as DeploymentsResponse;
    const [newest, oldest] = response.processes.find((p) => p.processKey === KEY)?.versions ?? [];
    return newest?.report?.activitiesRemoved.some((a) => a.activityId === 'reviewChange' && a.runningInstances === 2) && oldest?.runningByActivity.length;
  }, 45_000, 'the drill release reported with both changes at the review');
  console.log(`[deployments] the drill release was reported with its orders placed ${Date.now() - started} ms into the platform owner's test`);
}

test.describe('tech ops', () => {
  test.use({ storageState: sessionOf('theo.tech') });

  test('tech ops find the broken order-orchestration version, its risk and its running order, and follow it to its cases', async ({ page }) => {
    const manifest = JSON.parse(process.env.WORKBENCH_E2E_MANIFEST!) as { badDefinition: { version: number }; orders: { orderId: string; scenario: string }[] };
    const bad = manifest.badDefinition.version;
    const badOrders = manifest.orders.filter((o) => o.scenario === 'bad-deployment');

    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).click();
    const orders = page.getByRole('region', { name: 'Order orchestration order-orchestration' });
    // The seed deployed the model, then the broken one, then the model again.
    await expect(orders.getByRole('heading', { level: 3 })).toHaveText([`Version ${bad + 1}`, `Version ${bad}`, `Version ${bad - 1}`]);
    const fixed = orders.getByRole('article', { name: `Version ${bad + 1}` });
    const broken = orders.getByRole('article', { name: `Version ${bad}` });
    await expect(broken.getByTestId('risks')).toHaveText(
      'This version reads values no earlier version used and nothing in it sets (see technical details): unless whoever starts the process sets them, orders fail where they are read.',
    );
    await expect(broken).toContainText(badOrders.length === 1 ? '1 order running' : `${badOrders.length} orders running`);
    // Where the fixed version's orders are: the seeded transient failure waits at Check availability.
    await expect(fixed.getByTestId('running-by-step').getByRole('rowheader', { name: /^Check availability/ })).toBeVisible();
    await expect(fixed.getByTestId('advice')).toHaveText('Let older orders drain');
    await screenshots(page, 'deployments-order-orchestration', orders);

    await broken.getByTestId('version-cases-link').click();
    await expect(page).toHaveURL(new RegExp(`/cases\\?processKey=order-orchestration&processVersion=${bad}&status=all`));
    for (const order of badOrders) await expect(page.locator('#main').getByText(`order:${order.orderId}`, { exact: true })).toBeVisible();
  });
});

test.describe('platform owner', () => {
  test.use({ storageState: sessionOf('paula.platform') });

  test('the platform owner reads a risky release in words: an unknown step, a dropped step still holding orders, what to do', async ({ page }) => {
    await drillReported(page.request);
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deployments' }).click();
    const drill = page.getByRole('region', { name: `${NAME} ${KEY}` });
    await expect(drill.getByRole('heading', { level: 3 })).toHaveText(['Version 2', 'Version 1']);
    const newest = drill.getByRole('article', { name: 'Version 2' });
    const oldest = drill.getByRole('article', { name: 'Version 1' });

    await expect(newest.getByTestId('risks')).toHaveText(
      'The step “Screen change” has no published worker contract and no worker has been seen taking its work: orders that reach it will wait there.',
    );
    await expect(newest.getByTestId('advice')).toHaveText('Let older orders drain');
    await expect(newest.getByTestId('advice-reasons')).toContainText('2 orders wait at “Review change”, which this version no longer has; they continue on their own version.');
    const topics = newest.getByTestId('worker-steps');
    await expect(topics.getByRole('row', { name: /Screen change/ }).getByRole('cell')).toHaveText(['Missing', 'Not seen', 'New']);
    await expect(newest.getByTestId('steps-removed').getByRole('row', { name: /Review change/ }).getByRole('cell')).toHaveText(['2']);
    await expect(oldest.getByTestId('running-by-step').getByRole('row', { name: /Review change/ }).getByRole('cell')).toHaveText(['2']);
    await expect(oldest).toContainText('2 orders running');
    // Topic and step ids stay in the technical parts.
    await expect(newest.getByText(TOPIC).first()).toHaveAttribute('data-technical');
    await screenshots(page, 'deployments-risky-release', drill);
  });
});
