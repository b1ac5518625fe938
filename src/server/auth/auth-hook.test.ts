// The browser boundary as a caller sees it: who gets 401, 403 FORBIDDEN and 403 CSRF_INVALID, what is
// audited, and the security headers on every kind of answer.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';
import { registerAuth } from './auth-hook.js';
import type { AuthServices } from './auth-services.js';

// Written out by hand: what every answer of the BFF must carry.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
// A route of this test's own, so the checks here do not depend on how product routes evolve.
const ACT_URL = '/api/test/cases/FO-2026-000001/act';

let bff: TestBff;
let sam: TestLogin;
let olivia: TestLogin;
let webDist: string;

beforeAll(async () => {
  webDist = mkdtempSync(path.join(tmpdir(), 'fw-web-'));
  mkdirSync(path.join(webDist, 'assets'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Fallout Workbench</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log("app")');
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), webDist, sessionPolicy: { idleMinutes: 30, absoluteHours: 12, cookieSecure: true } });
  bff.app.post('/api/test/cases/:caseId/act', { config: { access: { roles: ['fulfillment_ops', 'tech_ops'] } } }, async () => ({ done: true }));
  sam = await loginAs(bff.app, 'sam.support');
  olivia = await loginAs(bff.app, 'olivia.ops');
}, 60_000);
afterAll(() => bff?.close());

const act = (headers: Record<string, string>) => bff.app.inject({ method: 'POST', url: ACT_URL, headers: { 'idempotency-key': 'k-1', ...headers }, payload: {} });
const auditRows = () =>
  bff.ctx.db.query<{ actor: string; roles: string[]; case_id: string | null; action: string; outcome: string; detail: string }>(
    'SELECT actor, roles, case_id, action, outcome, detail FROM audit_event ORDER BY seq',
  );

describe('routes must declare who may call them', () => {
  const stubAuth = {} as AuthServices;

  it('refuses to register an /api route without config.access', async () => {
    const app = Fastify();
    await registerAuth(app, stubAuth);
    expect(() => app.get('/api/undeclared', async () => 'open')).toThrow("Route GET /api/undeclared declares no config.access ('public', 'authenticated' or { roles: [...] }).");
    expect(() => app.post('/api/typo', { config: { access: { roles: ['admin' as never] } } }, async () => 'x')).toThrow('Route POST /api/typo declares unknown roles admin.');
    expect(() => app.post('/api/empty', { config: { access: { roles: [] } } }, async () => 'x')).toThrow(/declares access with no roles/);
    // Outside /api (the SPA shell, static files) nothing needs declaring.
    expect(() => app.get('/robots.txt', async () => '')).not.toThrow();
    await app.close();
  });
});

describe('session cookie', () => {
  it('is Secure when the deployment says so', async () => {
    const response = await bff.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'theo.tech', password: 'fallout-demo' } });
    expect(String(response.headers['set-cookie'])).toMatch(/^fw_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });
});

describe('CSRF defence on mutating requests', () => {
  it('refuses a request without the X-CSRF-Token header, even for a role that may act', async () => {
    const response = await act({ cookie: olivia.cookie });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_INVALID' });
  });

  it("refuses another session's token", async () => {
    const response = await act({ cookie: olivia.cookie, 'x-csrf-token': sam.csrfToken });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_INVALID' });
  });

  it('refuses a request another site sent, even with the right token', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:81', 'null']) {
      const response = await act({ ...olivia.headers, origin });
      expect(response.statusCode, origin).toBe(403);
      expect(response.json(), origin).toMatchObject({ code: 'CSRF_INVALID' });
    }
  });

  it('lets the page through: right token, own origin or none', async () => {
    // inject() sends Host: localhost:80.
    for (const origin of ['http://localhost:80', 'http://localhost']) {
      const response = await act({ ...olivia.headers, origin });
      expect(response.statusCode, origin).toBe(200);
      expect(response.json()).toEqual({ done: true });
    }
    expect((await act(olivia.headers)).statusCode).toBe(200);
  });

  it('refuses a sign-in posted from another site', async () => {
    const response = await bff.app.inject({
      method: 'POST', url: '/api/auth/login', headers: { origin: 'https://evil.example' }, payload: { username: 'sam.support', password: 'fallout-demo' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_INVALID' });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('does not ask for the token on reads', async () => {
    expect((await bff.app.inject({ url: '/api/cases', headers: { cookie: sam.cookie } })).statusCode).toBe(200);
  });
});

describe('denials are audited; anonymous calls are not', () => {
  it('records a role denial with the route, the case and the roles needed', async () => {
    const before = (await auditRows()).length;
    const response = await act(sam.headers);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ code: 'FORBIDDEN', message: 'This needs one of the roles: fulfillment_ops, tech_ops.' });
    const added = (await auditRows()).slice(before);
    expect(added.map((r) => ({ ...r, detail: JSON.parse(r.detail) }))).toEqual([
      {
        actor: 'sam.support', roles: ['support'], case_id: 'FO-2026-000001', action: 'POST /api/test/cases/:caseId/act', outcome: 'DENIED',
        detail: { reason: 'role', required: ['fulfillment_ops', 'tech_ops'] },
      },
    ]);
  });

  it('records a CSRF denial', async () => {
    const before = (await auditRows()).length;
    await act({ cookie: olivia.cookie });
    const added = (await auditRows()).slice(before);
    expect(added.map((r) => [r.actor, r.outcome, JSON.parse(r.detail)])).toEqual([['olivia.ops', 'DENIED', { reason: 'csrf', required: ['x-csrf-token'] }]]);
  });

  it('writes nothing for a caller without a session', async () => {
    const before = (await auditRows()).length;
    expect((await act({})).statusCode).toBe(401);
    expect((await bff.app.inject({ url: '/api/cases' })).statusCode).toBe(401);
    expect((await auditRows()).length).toBe(before);
  });
});

describe('security headers on every answer', () => {
  it.each([
    ['401 without a session', () => bff.app.inject({ url: '/api/cases' }), 401],
    ['403 for a missing role', () => act(sam.headers), 403],
    ['403 for a missing CSRF token', () => act({ cookie: olivia.cookie }), 403],
    ['404 for an unknown endpoint', () => bff.app.inject({ url: '/api/nothing-here', headers: { cookie: sam.cookie } }), 404],
    ['200 from the API', () => bff.app.inject({ url: '/api/session', headers: { cookie: sam.cookie } }), 200],
    ['the SPA shell', () => bff.app.inject({ url: '/cases/FO-2026-000001' }), 200],
    ['a static file', () => bff.app.inject({ url: '/assets/app.js' }), 200],
  ])('%s', async (_, send, status) => {
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('serves the SPA shell and its files without a session (the page shows the sign-in form)', async () => {
    const shell = await bff.app.inject({ url: '/login' });
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain('<title>Fallout Workbench</title>');
  });
});
