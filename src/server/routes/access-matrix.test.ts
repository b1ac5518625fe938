// Every route × every role, against the matrix written out by hand below (not read from the route
// declarations, so a wrong declaration fails here). In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

// S=support, F=fulfillment_ops, T=tech_ops, V=supervisor, P=platform_owner, A=auditor: one demo user each.
const USER_OF = {
  S: 'sam.support',
  F: 'olivia.ops',
  T: 'theo.tech',
  V: 'sara.supervisor',
  P: 'paula.platform',
  A: 'aud.auditor',
} as const;
type RoleLetter = keyof typeof USER_OF;
const ROLE_LETTERS = Object.keys(USER_OF) as RoleLetter[];

const MATRIX: [method: 'GET' | 'POST', url: string, allowed: 'public' | 'any signed-in' | string][] = [
  ['POST', '/api/auth/login', 'public'],
  ['POST', '/api/auth/logout', 'any signed-in'],
  ['GET', '/api/session', 'any signed-in'],
  ['GET', '/api/health', 'any signed-in'],
  ['GET', '/api/engines', 'any signed-in'],
  ['GET', '/api/search?q=ORD-1', 'S F T V P A'],
  ['GET', '/api/cases', 'S F T V P A'],
  ['GET', '/api/cases/FO-2026-000001', 'S F T V P A'],
  ['GET', '/api/queue', 'S F T V P A'],
  ['GET', '/api/dashboard', 'F T V P A'],
  ['GET', '/api/alerts', 'F T V P A'],
  ['GET', '/api/deployments', 'F T V P A'],
  ['GET', '/api/orders/ORD-1', 'S F T V P A'],
  // A malformed id, so the allowed roles get a 400 without the (unreachable) engine being asked.
  ['GET', '/api/orders/ORD%201/history', 'S F T V P A'],
  // Route level lets fulfillment ops, tech ops and supervisors act on cases; each action's own roles (from the
  // ops catalog) narrow it further: a supervisor approves retries but does not run them.
  ['POST', '/api/cases/FO-2026-000001/actions/annotate', 'F T V'],
  ['POST', '/api/cases/FO-2026-000001/diagnosis', 'F T V'],
  ['POST', '/api/cases/FO-2026-000001/actions/retry-step', 'F T'],
  ['POST', '/api/cases/FO-2026-000001/actions/request-unsafe-retry', 'F T'],
  ['POST', '/api/bulk/retry-step', 'T'],
  ['GET', '/api/approvals', 'F T V'],
  ['POST', '/api/approvals/x/approve', 'V'],
  ['POST', '/api/approvals/x/reject', 'V'],
  ['GET', '/api/freezes', 'F T V P'],
  ['POST', '/api/freezes', 'T'],
  ['POST', '/api/freezes/x/end', 'T'],
  // Migration plans (playbook §17): platform owners plan and start, supervisors decide and abort beside them
  // (four eyes is checked per plan, not here), auditors read.
  ['GET', '/api/migrations', 'V P A'],
  ['GET', '/api/migrations/x', 'V P A'],
  ['POST', '/api/migrations', 'P'],
  ['POST', '/api/migrations/x/approve', 'V P'],
  ['POST', '/api/migrations/x/reject', 'V P'],
  ['POST', '/api/migrations/x/start', 'P'],
  ['POST', '/api/migrations/x/abort', 'V P'],
  ['GET', '/api/audit', 'V A'],
  ['GET', '/api/audit/export', 'A'],
  ['GET', '/api/audit/verify', 'A'],
  ['GET', '/api/catalog', 'S F T V P A'],
  // Saved views open the queue, so whoever sees the queue may keep them; ownership is checked per view.
  ['GET', '/api/saved-views', 'S F T V P A'],
  ['POST', '/api/saved-views', 'S F T V P A'],
  ['GET', '/api/saved-views/sv_AAAAAAAAAAAAAAAA', 'S F T V P A'],
  ['GET', '/api/recent-orders', 'S F T V P A'],
];

const isAllowed = (allowed: string, role: RoleLetter) => allowed === 'public' || allowed === 'any signed-in' || allowed.split(' ').includes(role);

let bff: TestBff;
const logins = {} as Record<RoleLetter, TestLogin>;

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
  for (const role of ROLE_LETTERS) logins[role] = await loginAs(bff.app, USER_OF[role]);
}, 60_000);
afterAll(() => bff?.close());

function send(method: string, url: string, headers: Record<string, string>) {
  return bff.app.inject({
    method: method as 'GET' | 'POST',
    url,
    headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { payload: '{}' } : {}),
  });
}

describe.each(MATRIX)('%s %s (allowed: %s)', (method, url, allowed) => {
  it.each(ROLE_LETTERS)('role %s', async (role) => {
    // Signing out ends the session, so that row gets a session of its own.
    const login = url === '/api/auth/logout' ? await loginAs(bff.app, USER_OF[role]) : logins[role];
    const response = await send(method, url, login.headers);
    if (isAllowed(allowed, role)) {
      expect([401, 403], `${USER_OF[role]}: ${response.body}`).not.toContain(response.statusCode);
      // A crash is not "allowed": the route must answer, whatever it answers.
      expect(response.statusCode, `${USER_OF[role]}: ${response.body}`).toBeLessThan(500);
    } else {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('without a session', async () => {
    const response = await send(method, url, {});
    if (allowed === 'public') {
      expect([401, 403], response.body).not.toContain(response.statusCode);
    } else {
      expect(response.statusCode, response.body).toBe(401);
      expect(response.json()).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    }
  });

  if (method === 'POST' && allowed !== 'public') {
    it('without the CSRF header, for a role that may call it', async () => {
      const role = ROLE_LETTERS.find((r) => isAllowed(allowed, r))!;
      const response = await send(method, url, { cookie: logins[role].cookie });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toMatchObject({ code: 'CSRF_INVALID' });
    });
  }
});
