// Single sign-on against a real OpenID Connect provider (oidc-provider on a loopback port, PKCE required, a
// groups claim, refresh tokens, RP-initiated and back-channel logout), a real BFF listening on its own port and
// real PostgreSQL. The browser is fetch with a cookie jar that follows every redirect and fills in the IdP's
// own sign-in form. No part of the IdP is mocked.
import { createServer } from 'node:net';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser } from '../../testing/cookie-browser.js';
import { startTestIdp, type TestIdp } from '../../testing/oidc-provider.js';
import { createTestDatabase, startTestBff, unreachableEngineUrl, type TestBff } from '../../testing/test-context.js';
import type { NewCase } from '../../store/cases-repo.js';
import { OidcClient } from './oidc-client.js';
import { oidcSettingsFrom } from './oidc-settings.js';

const ROLE_MAP = {
  mappings: [
    { group: 'wb-fulfillment-ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment' },
    { group: 'wb-tech-ops', roles: ['support', 'tech_ops'], team: 'platform' },
    { group: 'wb-auditors', roles: ['auditor'], team: 'compliance' },
  ],
};

const ACCOUNTS = {
  alice: { name: 'Alice Anders', email: 'alice@example.test', groups: ['wb-tech-ops', 'everyone', 'wb-fulfillment-ops'] },
  bob: { name: 'Bob Berg', email: 'bob@example.test', groups: ['wb-auditors'] },
  carol: { name: 'Carol Chen', email: 'carol@example.test', groups: ['marketing', 'everyone'] },
  dave: { name: 'Dave Dunn', email: 'dave@example.test', groups: ['wb-fulfillment-ops'] },
  // Same name as a local user of config/users.json.
  'sam.support': { name: 'Sam Impostor', email: 'sam@example.test', groups: ['wb-fulfillment-ops'] },
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let database: { url: string; drop: () => Promise<void> };
let idp: TestIdp;
let bff: TestBff;
let bffUrl: string;

beforeAll(async () => {
  const [bffPort, idpPort] = [await freePort(), await freePort()];
  bffUrl = `http://127.0.0.1:${bffPort}`;
  idp = await startTestIdp({ port: idpPort, bffUrl, accounts: ACCOUNTS });
  const settings = oidcSettingsFrom({
    PUBLIC_URL: bffUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_REDIRECT_URI: undefined,
    OIDC_POST_LOGOUT_REDIRECT_URI: undefined,
    OIDC_SCOPES: 'openid profile email groups',
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_USERNAME_CLAIM: 'preferred_username',
    OIDC_PROVIDER_NAME: 'Test IdP',
    OIDC_ROLE_MAP: JSON.stringify(ROLE_MAP),
    OIDC_ROLE_MAP_FILE: 'config/oidc-roles.json',
  })!;
  database = await createTestDatabase();
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), databaseUrl: database.url, oidc: new OidcClient(settings) });
  await bff.app.listen({ host: '127.0.0.1', port: bffPort });
}, 60_000);

afterAll(async () => {
  await bff?.close();
  await idp?.close();
  await database?.drop();
});

const isIdp = (url: URL) => url.origin === idp.issuer;
/** Stops at the first page of the BFF that is not a sign-in route (the SPA would load there). */
const backAtWorkbench = (url: URL) => url.origin === bffUrl && !url.pathname.startsWith('/api/auth/oidc/');

/** The IdP's sign-in form: its action, from the page the IdP served. */
function formAction(html: string, base: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the IdP page: ${html.slice(0, 300)}`);
  return new URL(action.replaceAll('&amp;', '&'), base).href;
}

/** Starts a sign-in at the BFF, fills in the IdP's form when it asks, and ends where the BFF sends the browser. */
async function signIn(browser: CookieBrowser, account: string, next = '/cases/FO-2026-000042') {
  const start = await browser.follow(`${bffUrl}/api/auth/oidc/login?next=${encodeURIComponent(next)}`, {}, backAtWorkbench);
  if (start.response === null) return { landedAt: start.finalUrl, askedForPassword: false };
  // The IdP's own sign-in page (its session is new): post the form as a person would.
  expect(isIdp(new URL(start.finalUrl))).toBe(true);
  const page = await start.response.text();
  expect(page).toContain('name="login"');
  const done = await browser.follow(formAction(page, start.finalUrl), { method: 'POST', form: { prompt: 'login', login: account, password: 'any' } }, backAtWorkbench);
  return { landedAt: done.finalUrl, askedForPassword: true, hops: [...start.hops, ...done.hops] };
}

async function sessionOf(browser: CookieBrowser) {
  const response = await browser.request(`${bffUrl}/api/session`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function auditRows() {
  return (await bff.ctx.db.query<{ actor: string; roles: string[]; team: string | null; action: string; outcome: string; detail: string }>(
    'SELECT actor, roles, team, action, outcome, detail FROM audit_event ORDER BY seq',
  )).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

describe('single sign-on against a real OpenID Connect provider', () => {
  it('tells the sign-in page that both methods are on', async () => {
    const response = await fetch(`${bffUrl}/api/auth/methods`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ local: true, oidc: { providerName: 'Test IdP', loginPath: '/api/auth/oidc/login' } });
  });

  it('signs in through the IdP with PKCE, maps the groups to roles and a team, and keeps only the session cookie in the browser', async () => {
    const browser = new CookieBrowser();
    const before = (await auditRows()).length;
    const result = await signIn(browser, 'alice');

    // BFF → IdP authorization endpoint (with a PKCE challenge) → IdP sign-in form → … → BFF callback → the page.
    const authorize = new URL(result.hops!.find((h) => h.url.startsWith(`${bffUrl}/api/auth/oidc/login`))!.location!);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${bffUrl}/api/auth/oidc/callback`);
    expect(result.landedAt).toBe(`${bffUrl}/cases/FO-2026-000042`);

    expect(Object.keys(browser.cookiesFor(bffUrl))).toEqual(['fw_session']);
    const session = await sessionOf(browser);
    expect(session.status).toBe(200);
    expect(session.body.user).toEqual({ id: 'alice', name: 'Alice Anders', roles: ['support', 'fulfillment_ops', 'tech_ops'], team: 'fulfillment' });

    // The roles are enforced like a local user's: the queue is open to her, the auditors' chain check is not.
    expect((await browser.request(`${bffUrl}/api/cases`)).status).toBe(200);
    expect((await browser.request(`${bffUrl}/api/audit/verify`)).status).toBe(403);

    const added = (await auditRows()).slice(before);
    expect(added).toEqual([
      { actor: 'alice', roles: ['support', 'fulfillment_ops', 'tech_ops'], team: 'fulfillment', action: 'LOGIN', outcome: 'LOGIN', detail: { method: 'oidc', ip: '127.0.0.1' } },
      { actor: 'alice', roles: ['support', 'fulfillment_ops', 'tech_ops'], team: 'fulfillment', action: 'GET /api/audit/verify', outcome: 'DENIED', detail: { reason: 'role', required: ['auditor'] } },
    ]);
  });

  it('refuses a user none of whose groups is mapped, with a reason the page can show, and records the refusal', async () => {
    const browser = new CookieBrowser();
    const before = (await auditRows()).length;
    const result = await signIn(browser, 'carol');
    expect(result.landedAt).toBe(`${bffUrl}/login?sso_error=no_role`);
    expect(browser.cookiesFor(bffUrl)).toEqual({});
    expect((await sessionOf(browser)).status).toBe(401);
    expect((await auditRows()).slice(before)).toEqual([
      { actor: 'carol', roles: [], team: null, action: 'LOGIN', outcome: 'LOGIN_FAILED', detail: { method: 'oidc', reason: 'no_role', ip: '127.0.0.1', claim: 'groups', values: ['marketing', 'everyone'] } },
    ]);
  });

  it('refuses an IdP user whose name is a local user’s, so nobody signs in as someone else', async () => {
    const browser = new CookieBrowser();
    const result = await signIn(browser, 'sam.support');
    expect(result.landedAt).toBe(`${bffUrl}/login?sso_error=local_user_conflict`);
    expect((await sessionOf(browser)).status).toBe(401);
  });

  it('refuses a callback that this browser did not start (login CSRF), and a replayed one', async () => {
    const victim = new CookieBrowser();
    const attacker = new CookieBrowser();
    // The attacker signs in at the IdP but stops before the callback, then hands the callback URL to a victim.
    const start = await attacker.follow(`${bffUrl}/api/auth/oidc/login`, {}, backAtWorkbench);
    const page = await start.response!.text();
    const toCallback = await attacker.follow(formAction(page, start.finalUrl), { method: 'POST', form: { prompt: 'login', login: 'bob', password: 'any' } }, (url) => url.pathname === '/api/auth/oidc/callback');
    expect(new URL(toCallback.finalUrl).searchParams.get('code')).toBeTruthy();
    const forged = await victim.follow(toCallback.finalUrl, {}, backAtWorkbench);
    expect(forged.finalUrl).toBe(`${bffUrl}/login?sso_error=login_expired`);
    expect(victim.cookiesFor(bffUrl)).toEqual({});
    // The attacker's own browser may use it once; the same callback again finds nothing.
    const own = await attacker.follow(toCallback.finalUrl, {}, backAtWorkbench);
    expect(own.finalUrl).toBe(`${bffUrl}/`);
    const again = await attacker.follow(toCallback.finalUrl, {}, backAtWorkbench);
    expect(again.finalUrl).toBe(`${bffUrl}/login?sso_error=login_expired`);
  });

  it('signs out: the session is gone at once, and the browser is sent to the IdP to end its session too', async () => {
    const browser = new CookieBrowser();
    await signIn(browser, 'bob');
    const { body } = await sessionOf(browser);
    const logout = await browser.request(`${bffUrl}/api/auth/logout`, { method: 'POST', json: {}, headers: { 'x-csrf-token': String(body.csrfToken) } });
    expect(logout.status).toBe(200);
    const { redirectTo } = (await logout.json()) as { redirectTo: string };
    const endSession = new URL(redirectTo);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${bffUrl}/login`);
    expect(endSession.searchParams.get('client_id')).toBe(idp.clientId);
    expect((await sessionOf(browser)).status).toBe(401);

    // At the IdP: confirm, then back to the workbench's sign-in page.
    const confirm = await browser.follow(redirectTo);
    const form = await confirm.response!.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1]!;
    const out = await browser.follow(formAction(form, confirm.finalUrl), { method: 'POST', form: { xsrf, logout: 'yes' } }, (url) => url.origin === bffUrl);
    expect(out.finalUrl).toBe(`${bffUrl}/login`);
    // The IdP session ended as well: signing in again asks for the password.
    expect((await signIn(browser, 'bob')).askedForPassword).toBe(true);
  });

  it('ends exactly the sessions of an IdP session when the IdP sends a back-channel logout', async () => {
    const alice = new CookieBrowser();
    const bob = new CookieBrowser();
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    const before = (await auditRows()).length;
    // Alice signs out at the IdP itself (another application, or the IdP's account page): no id_token_hint.
    const confirm = await alice.follow(`${idp.issuer}/session/end`);
    const form = await confirm.response!.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)![1]!;
    await alice.follow(formAction(form, confirm.finalUrl), { method: 'POST', form: { xsrf, logout: 'yes' } });

    expect((await sessionOf(alice)).status).toBe(401);
    expect((await sessionOf(bob)).status).toBe(200);
    expect((await auditRows()).slice(before)).toEqual([
      { actor: 'alice', roles: ['support', 'fulfillment_ops', 'tech_ops'], team: 'fulfillment', action: 'LOGOUT', outcome: 'LOGOUT', detail: { method: 'oidc', reason: 'idp_backchannel' } },
    ]);
  });

  it('refuses a logout token the IdP did not sign, and ends nothing', async () => {
    const bob = new CookieBrowser();
    await signIn(bob, 'bob');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: 'RS256', kid: 'test-signing-key', typ: 'logout+jwt' })}.${part({
      iss: idp.issuer, aud: idp.clientId, iat: now, jti: 'forged-1', sub: 'bob', events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
    const response = await fetch(`${bffUrl}/api/auth/oidc/backchannel-logout`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ logout_token: `${unsigned}.${signature}` }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'INVALID_LOGOUT_TOKEN', message: 'The logout token was refused: the signature does not match any of the IdP keys.' });
    expect((await sessionOf(bob)).status).toBe(200);
  });

  it('ends the workbench session when the IdP session has expired: the refresh is refused at the next check', async () => {
    // Access tokens of 2 s (the BFF asks again after that), an IdP session and grant of 5 s.
    Object.assign(idp.ttl, { accessToken: 2, session: 5 });
    try {
      const dave = new CookieBrowser();
      await signIn(dave, 'dave');
      expect((await sessionOf(dave)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      // Past the access token: the BFF refreshed at the IdP, whose session still stands.
      expect((await sessionOf(dave)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      // The IdP session is over: the refresh is refused and the workbench session ends with it.
      const ended = await sessionOf(dave);
      expect(ended).toEqual({ status: 401, body: { code: 'NOT_AUTHENTICATED', message: 'Your single sign-on session has ended. Sign in again.' } });
      expect((await sessionOf(dave)).status).toBe(401);
    } finally {
      Object.assign(idp.ttl, { accessToken: 600, session: 3600 });
    }
  }, 30_000);

  it('lets a single sign-on user take a case, and refuses to assign one to an auditor who signed in the same way', async () => {
    const newCase: NewCase = {
      engineId: 'default', source: 'STUCK', category: 'BUSINESS_UNMODELED', unclassified: false, severity: 'MEDIUM',
      businessKey: 'order:ORD-77', entityType: 'ORDER', entityId: 'ORD-77', processInstanceId: 'p77', rootProcessInstanceId: 'p77', definitionId: null,
      definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback',
      incidentType: null, topic: null, errorMessage: null, firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null, runbookId: null, team: 'fulfillment',
      slaDueAt: new Date(Date.now() + 3_600_000), findingKey: 'stuck:p77:waitForReservationCallback',
    };
    const caseId = (await bff.ctx.cases.create(bff.ctx.db, newCase, new Date())).id;
    const alice = new CookieBrowser();
    await signIn(alice, 'alice');
    await signIn(new CookieBrowser(), 'bob');
    const { body } = await sessionOf(alice);
    const assign = (assignee: string, key: string, version: number) =>
      alice.request(`${bffUrl}/api/cases/${caseId}/actions/assign`, {
        method: 'POST', json: { assignee }, headers: { 'x-csrf-token': String(body.csrfToken), 'idempotency-key': key, 'if-match': `"${version}"` },
      });
    const toBob = await assign('bob', 'sso-assign-bob', 1);
    expect(toBob.status).toBe(400);
    expect(await toBob.json()).toEqual({ code: 'ASSIGNEE_CANNOT_ACT', message: 'bob cannot act on cases (needs fulfillment ops, tech ops or supervisor).' });
    const toSelf = await assign('alice', 'sso-assign-self', 1);
    expect(toSelf.status, await toSelf.clone().text()).toBe(200);
    expect((await bff.ctx.cases.get(caseId))!.assignee).toBe('alice');
  });

  it('still signs local users in with their password alongside', async () => {
    const response = await fetch(`${bffUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'theo.tech', password: 'fallout-demo' }) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: unknown }).user).toEqual({ id: 'theo.tech', name: 'Theo Tech', roles: ['support', 'tech_ops'], team: 'platform' });
  });
});
