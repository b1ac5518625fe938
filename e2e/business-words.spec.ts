import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { SearchResponse } from '../src/contracts/search.js';
import { eventually } from '../src/server/testing/engine-probe.js';
import { auditAccess } from '../src/web/features/audit/api/audit-access.js';
import { isSupportOnly } from '../src/web/features/search/api/order-destination.js';
import { hasAnyRole, uiAccess } from '../src/web/features/session/roles.js';
import type { Role } from '../src/contracts/session.js';
import { sessionOf, type DemoUser } from './support/login.js';

// Every page each demo role can reach, read as that role: business words only (no ISO durations or timestamps,
// enum names, unfilled placeholders or engine terms outside `[data-technical]` sections), no moderate or worse
// axe violation, and screenshots of each page as it differs by role at both checked sizes.
//
// Kept short without losing a page: each role opens its pages with its saved session (no sign-in form); pages
// change inside the SPA (history navigation, no reload); two roles tour at a time; axe checks each kind of page
// once (every case page, queue view or order is the same markup with other data); and a page is read (and
// screenshotted) again for another role only where the role changes what it shows. Every role's landing is read
// and screenshotted (its own start page and top bar). Main pages: once per what the role changes on them (see
// MAIN_PAGE_WORDS; the queue, audit and unlisted pages follow the user: every role). Case pages: once per case
// kind and what the role is offered there (the BFF's offered and withheld actions, and the parts of the page the
// SPA shows by role). Queue views and order pages show the same words to every role that may open them: once each.
const SCREENSHOTS = 'screenshots';
const SIZES = [[1280, 720], [1440, 900]] as const;

const ROLES = [
  { role: 'ops', user: 'olivia.ops' },
  { role: 'supervisor', user: 'sara.supervisor' },
  { role: 'support', user: 'sam.support' },
  { role: 'tech', user: 'theo.tech' },
  { role: 'auditor', user: 'aud.auditor' },
  { role: 'platform', user: 'paula.platform' },
] as const;

/**
 * Pages already read (by any role, in either lane), keyed by what decides their words: see `tour`. Both lanes
 * share it; a key is claimed as its visit comes up, so no two roles read the same thing and a shared page goes
 * to whichever lane is free first.
 */
const read = new Set<string>();
function firstRead(key: string): boolean {
  if (read.has(key)) return false;
  read.add(key);
  return true;
}

/**
 * Main pages whose words change with the role only as said here (the page's parts shown by role; the BFF answers
 * every role that may open it alike): read once per distinct value, by whichever role comes first. Pages not
 * listed are read by every role that reaches them (the queue's views and team, the audit log's tools follow the
 * user). A page that starts showing something by role must say so here, or that role's words go unread.
 */
const MAIN_PAGE_WORDS: Record<string, (roles: Role[]) => string> = {
  '/alerts': () => 'every role alike',
  // Platform owners get the migration entry points (Plan migration, Migration plans).
  '/deployments': (roles) => (hasAnyRole({ roles }, uiAccess.planMigrations) ? 'plans migrations' : 'reads'),
  // Reached from Deployments, not the top bar: the plan list, with "Plan a migration" for platform owners.
  '/migrations': (roles) => (hasAnyRole({ roles }, uiAccess.planMigrations) ? 'plans migrations' : 'reads'),
  '/catalog': () => 'every role alike',
  // The storm's bulk retry link (TechnicalSection).
  '/dashboard': (roles) => (roles.includes('tech_ops') ? 'with bulk retry' : 'without bulk retry'),
  '/approvals': (roles) => (hasAnyRole({ roles }, uiAccess.decideApprovals) ? 'decides' : 'reads'),
  '/freezes': (roles) => (hasAnyRole({ roles }, uiAccess.manageFreezes) ? 'manages' : 'reads'),
  '/audit': (roles) => `verify ${hasAnyRole({ roles }, auditAccess.verify)} export ${hasAnyRole({ roles }, auditAccess.export)}`,
  // Support alone is taken straight to a single order; the results read the same to everyone else.
  '/search': (roles) => (isSupportOnly(roles) ? 'support only' : 'operators'),
};

/** The key of a main page's words for a role: see MAIN_PAGE_WORDS; the user itself where the page is not listed. */
function mainPageKey(pathname: string, roles: Role[], user: string): string {
  const by = MAIN_PAGE_WORDS[pathname];
  return `page ${pathname} ${by ? by(roles) : user}`;
}

/** What a business reader must never see outside technical details, each with a name for the failure message. */
const FORBIDDEN: [string, RegExp][] = [
  ['ISO duration', /\bP(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?\b/],
  ['ISO timestamp', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['enum name', /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/],
  ['placeholder', /\{[A-Za-z_][\w.]*\}/],
  ['engine term', /\b(?:failedExternalTask|failedJob|externalTask\w*|processInstanceId|processDefinition\w*|activityId|incidentType)\b|\bretries (?:set )?to \d/],
];

/** Visible text outside `[data-technical]`, one entry per text node with its nearest element's text as context. */
async function businessText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.textContent?.trim();
      const parent = node.parentElement;
      if (!value || !parent || parent.closest('[data-technical], script, style, noscript')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
      texts.push(value);
    }
    return texts;
  });
}

async function findWords(page: Page, where: string): Promise<string[]> {
  const findings: string[] = [];
  for (const text of await businessText(page)) {
    for (const [kind, pattern] of FORBIDDEN) {
      const match = pattern.exec(text);
      if (match) findings.push(`${where}: ${kind} "${match[0]}" in "${text.slice(0, 160)}"`);
    }
  }
  return findings;
}

/** Kinds of page axe has checked already (across roles). */
const axeChecked = new Set<string>();

async function findAxe(page: Page, where: string, kind?: string): Promise<string[]> {
  if (kind !== undefined) {
    if (axeChecked.has(kind)) return [];
    axeChecked.add(kind);
  }
  // Only violations are wanted: axe then keeps one node per passed or incomplete rule instead of every node it
  // checked (the same rules run; a large page takes a fraction of the time). `options` first: it replaces the
  // whole option object, tags included.
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: axe ${v.impact} ${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Changes the SPA's location as a link would (history + popstate), without reloading the app. */
async function navigate(page: Page, url: string) {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, url);
}

/** The page has its heading and nothing is still loading in it. */
async function settled(page: Page) {
  await page.locator('#main h1').first().waitFor();
  await expect(page.locator('#main [aria-busy="true"]')).toHaveCount(0, { timeout: 10_000 });
}

interface Visit {
  name: string;
  /** What axe needs to see once: the same for every case of one kind, every view of the queue. */
  kind: string;
  url: string;
  /** An element that shows once the page's own data is on screen. */
  ready?: string;
  screenshot: boolean;
  /**
   * Read only by the role that gets to it first (claimed when the visit comes up, not when it is planned: a
   * lane whose role is busy with a slow page leaves the next shared page to the other lane).
   */
  claim?: string;
}

/** Findings are printed as they come, so one run shows them all even if it is cut short. */
function report(findings: string[]): string[] {
  for (const finding of findings) console.log(`[business-words] ${finding}`);
  return findings;
}

async function caseIdsByKind(page: Page): Promise<Map<string, string>> {
  const manifest = JSON.parse(process.env.WORKBENCH_E2E_MANIFEST!) as { orders: { orderId: string; scenario: string }[] };
  const firstOfKind = new Map<string, string>();
  for (const order of manifest.orders) if (!firstOfKind.has(order.scenario)) firstOfKind.set(order.scenario, order.orderId);
  const found = await Promise.all(
    [...firstOfKind].map(async ([kind, orderId]) => {
      const response = await page.request.get(`/api/search?q=${orderId}`);
      const caseId = response.ok() ? ((await response.json()) as SearchResponse).cases[0]?.id : undefined;
      return [kind, caseId] as const;
    }),
  );
  return new Map(found.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
}

async function tour(browser: Browser, role: string, user: DemoUser, caseIds: Map<string, string>, orderIds: string[]): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: sessionOf(user) });
  const page = await context.newPage();
  const findings: string[] = [];
  try {
    await page.goto('/');
    await expect(page).not.toHaveURL(/\/login/);
    await settled(page);
    const { user: me } = (await (await page.request.get('/api/session')).json()) as { user: { roles: Role[] } };
    // The parts of a case page the SPA shows or hides by role.
    const uiGroups = Object.entries(uiAccess)
      .filter(([, roles]) => me.roles.some((r) => (roles as readonly Role[]).includes(r)))
      .map(([group]) => group)
      .join(',');
    const landing = new URL(page.url()).pathname;
    const navLinks = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').evaluateAll((links) =>
      links.map((link) => ({ name: (link.textContent ?? '').replace(/\d+$/, '').trim().toLowerCase(), url: new URL((link as HTMLAnchorElement).href).pathname })),
    );
    // Every role's own landing (its start page and its top bar), claimed so that no other role reads it again.
    firstRead(mainPageKey(landing, me.roles, user));
    const visits: Visit[] = [{ name: 'landing', kind: landing, url: new URL(page.url()).pathname + new URL(page.url()).search, screenshot: true }];
    for (const link of navLinks) {
      if (link.url !== landing) visits.push({ name: link.name, kind: link.url, url: link.url, screenshot: true, claim: mainPageKey(link.url, me.roles, user) });
    }
    // What the role may open, asked of the BFF all at once (it decides; a refused page is not the role's page).
    const [canListCases, caseAnswers, orderAnswers] = await Promise.all([
      page.request.get('/api/queue?limit=1').then((r) => r.ok()),
      Promise.all([...caseIds].map(async ([kind, caseId]) => {
        const response = await page.request.get(`/api/cases/${caseId}`);
        return { kind, caseId, actions: response.ok() ? ((await response.json()) as { actions: unknown }).actions : null, ok: response.ok() };
      })),
      Promise.all(orderIds.map(async (orderId) => ({ orderId, ok: (await page.request.get(`/api/orders/${orderId}`)).ok() }))),
    ]);
    // The link filters' chips read the same for every role that may list the queue.
    if (canListCases) {
      visits.push({ name: 'queue-linked', kind: 'queue-linked', url: '/cases?status=all&topic=check-availability&eventWithinMinutes=10080&command=RETRY_STEP', ready: '[data-testid="link-filter-command"]', screenshot: false, claim: 'queue-linked' });
    }
    // Case pages as the role reads them differently (screenshots: the role's first, and the first of each kind).
    for (const { kind, caseId, actions, ok } of caseAnswers) {
      if (ok) visits.push({ name: `case-${kind}`, kind: 'case', url: `/cases/${caseId}`, ready: '[data-testid="runbook"]', screenshot: false, claim: `case ${kind} ${uiGroups} ${JSON.stringify(actions)}` });
    }
    // The order view's words do not depend on the role: each order once, the first one screenshotted.
    for (const { orderId, ok } of orderAnswers) {
      if (ok) visits.push({ name: `order-${orderId}`, kind: 'order', url: `/orders/${orderId}`, ready: '[data-testid="order-workflow-stage"]', screenshot: orderId === orderIds[0], claim: `order ${orderId}` });
    }
    if (hasAnyRole(me, uiAccess.migrations)) visits.push({ name: 'migrations', kind: '/migrations', url: '/migrations', screenshot: true, claim: mainPageKey('/migrations', me.roles, user) });
    if (landing !== '/search') visits.push({ name: 'search', kind: '/search', url: '/search?q=ORD-1009', screenshot: false, claim: mainPageKey('/search', me.roles, user) });

    let caseShot = false;
    let first = true;
    for (const visit of visits) {
      if (visit.claim && !firstRead(visit.claim)) continue;
      const where = `${role} (${user}) on ${visit.name} ${visit.url}`;
      if (!first) await navigate(page, visit.url);
      first = false;
      await settled(page);
      if (visit.ready) await page.locator(visit.ready).first().waitFor({ timeout: 10_000 }).catch(() => findings.push(`${where}: never showed ${visit.ready}`));
      findings.push(...report(await findWords(page, where)));
      if (visit.kind === '/catalog' && !axeChecked.has('/catalog')) {
        // The catalog lists every entry of every section; axe reads it narrowed by its own search (same markup, a
        // tenth of the nodes: the full page takes axe most of a minute on a busy machine).
        await page.getByLabel('Search the catalog').fill('reserve');
        findings.push(...report(await findAxe(page, `${where} (searched "reserve")`, visit.kind)));
        await page.getByLabel('Search the catalog').fill('');
      } else {
        findings.push(...report(await findAxe(page, where, visit.kind)));
      }
      let screenshot = visit.screenshot;
      if (visit.kind === 'case') {
        screenshot = firstRead(`case screenshot ${visit.name}`) || !caseShot;
        caseShot = true;
      }
      if (screenshot) {
        // No chart tooltip or hover state left over from the last click; the 1440 px tour size last.
        await page.mouse.move(0, 0);
        for (const [width, height] of SIZES) {
          await page.setViewportSize({ width, height });
          await page.screenshot({ path: `${SCREENSHOTS}/${role}-${visit.name}-${width}x${height}.png` });
        }
      }
      // The queue's saved views, each as its tab opens it.
      if (visit.url === '/cases' || (visit.name === 'landing' && visit.url.startsWith('/cases'))) {
        const tabs = page.getByRole('navigation', { name: 'Saved views' }).getByRole('link');
        for (let i = 0; i < (await tabs.count()); i++) {
          const tab = tabs.nth(i);
          const name = (await tab.evaluate((a) => a.firstChild?.textContent ?? '')).trim();
          // The same view (same filters) lists the same cases in the same words for every role that opens it.
          const href = await tab.getAttribute('href');
          if (!firstRead(`queue-view ${href}`)) continue;
          await tab.click();
          await settled(page);
          const viewWhere = `${role} (${user}) on queue view "${name}" ${new URL(page.url()).search}`;
          findings.push(...report(await findWords(page, viewWhere)), ...report(await findAxe(page, viewWhere, 'queue-view')));
        }
      }
    }
  } finally {
    await context.close();
  }
  return findings;
}

test('every page of every role reads in business words, passes axe, and is screenshotted', async ({ page, browser }) => {
  test.setTimeout(300_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The sign-in page, before anyone is signed in.
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const findings = [...report(await findWords(page, 'signed out on login')), ...report(await findAxe(page, 'signed out on login'))];
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SCREENSHOTS}/signed-out-login-${width}x${height}.png` });
  }

  // One case of each demo kind that has one (from the seed's manifest), found as an operator finds them.
  const ops = await browser.newContext({ storageState: sessionOf('olivia.ops') });
  const caseIds = await caseIdsByKind(await ops.newPage());
  await ops.close();
  const orderIds = ['ORD-100922', 'ORD-100925', 'ORD-100928'];
  console.log(`[business-words] case kinds: ${[...caseIds.keys()].join(', ')}`);

  // Two lanes of three roles: while one page waits for data or the diagram, the other lane's page is read.
  const lane = async (roles: readonly (typeof ROLES)[number][]) => {
    for (const { role, user } of roles) {
      const started = Date.now();
      findings.push(...(await tour(browser, role, user, caseIds, orderIds)));
      console.log(`[business-words] ${role}: ${Date.now() - started} ms`);
    }
  };
  await Promise.all([lane(ROLES.filter((_, i) => i % 2 === 0)), lane(ROLES.filter((_, i) => i % 2 === 1))]);
  expect(findings, findings.join('\n')).toEqual([]);
});

test.describe(() => {
  test.use({ storageState: sessionOf('olivia.ops') });
  test('a case page never contradicts itself: a running workflow has a stage, a started missing workflow is not "never started"', async ({ page }) => {
    const manifest = JSON.parse(process.env.WORKBENCH_E2E_MANIFEST!) as { orders: { orderId: string; scenario: string }[] };
    const badDeployment = manifest.orders.find((o) => o.scenario === 'bad-deployment')!;
    const lostStart = manifest.orders.find((o) => o.scenario === 'workflow-never-started')!;
    const caseOf = async (orderId: string) =>
      (((await (await page.request.get(`/api/search?q=${orderId}`)).json()) as SearchResponse).cases[0] ?? null)?.id ?? null;

    // ORD-100922 waits before Validate order on a failed job: the workflow runs, so its stage is named.
    await page.goto(`/cases/${await caseOf(badDeployment.orderId)}`);
    await expect(page.locator('.case-facts').getByText('Running', { exact: true })).toBeVisible();
    await expect(page.getByTestId('order-standing')).toContainText('Workflow stage: Checking the order');
    await expect(page.getByTestId('order-standing')).not.toContainText('no running order workflow');

    // ORD-100925's workflow never started (the reconcile finds it after a short grace): started from the case,
    // the open page turns Resolved by itself and says the workflow was started since.
    const lostStartCase = await eventually(() => caseOf(lostStart.orderId), 60_000, `the lost-start case of ${lostStart.orderId}`);
    await page.goto(`/cases/${lostStartCase}`);
    await expect(page.getByText('Never started', { exact: true })).toBeVisible();
    await page.getByTestId('action-START_MISSING_WORKFLOW').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start missing workflow' }).click();
    await expect(page.getByTestId('case-status').first()).toHaveText('Resolved', { timeout: 10_000 });
    await expect(page.getByText('Started since', { exact: true })).toBeVisible({ timeout: 10_000 });
    await expect(page.getByText('Never started', { exact: true })).toHaveCount(0);
    await expect(page.getByTestId('no-process')).toContainText('The missing workflow has been started.');
    await expect(page.getByTestId('order-standing')).not.toContainText('no running order workflow');
  });
});
