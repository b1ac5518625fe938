// Hostile input on every /api route (used by routes/input-fuzz*.test.ts): each query parameter any route reads, each path parameter and each body
// field gets awkward values (NUL and other control characters, lone surrogates, SQL and LIKE metacharacters,
// huge strings, numbers out of range). Whatever a route does with them, it must never answer 5xx (but 503
// ENGINE_UNAVAILABLE where it must ask the engine, which is down here); and text
// with a control character is refused with 400 and a code before any handler sees it. In-memory PGlite,
// the engine URL points at a closed port.
import { afterAll, beforeAll } from 'vitest';
import { apiRoutesOf } from '../http/input-guard.js';
import { loginAs, type TestLogin } from './auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from './test-context.js';

const USERS = ['sam.support', 'olivia.ops', 'theo.tech', 'sara.supervisor', 'paula.platform', 'aud.auditor'];

/** Every query parameter a route of the BFF reads (queue, cases, search, audit, dashboard, approvals). */
const QUERY_PARAMETERS = [
  'q', 'view', 'status', 'category', 'severity', 'source', 'processKey', 'processVersion', 'activityId', 'assignee', 'team',
  'engineId', 'topic', 'minAgeMinutes', 'maxAgeMinutes', 'eventWithinMinutes', 'slaBreached', 'command', 'commandOutcome',
  'approval', 'sort', 'order', 'limit', 'offset', 'cursor', 'range', 'caseId', 'businessKey', 'from', 'to', 'format',
];

/** Every body field of the mutating routes (actions, approvals, freezes, bulk retry, login, saved views). */
const BODY_FIELDS = [
  'comment', 'reason', 'evidence', 'note', 'assignee', 'team', 'reference', 'username', 'password', 'processDefinitionKey',
  'activityId', 'definitionKey', 'endsAt', 'durationMinutes', 'step', 'checked', 'caseIds', 'dryRun', 'cap',
  'name', 'query', 'shared',
];

const CONTROL = ['\u0000', 'ORD-1\u0000', 'a\u0007b', '\u001b[31mred'];
const AWKWARD = ["' OR 1=1 --", '%_\\', '\ud800', '💥 ünïcödé', '../../etc/passwd', '-1', '99999999999999999999', 'x'.repeat(5_000), ' '];

let bff: TestBff;
const logins = new Map<string, TestLogin>();

/** A BFF (engine unreachable) with every demo user signed in, for the file that calls this. */
export function fuzzBff(): { bff: () => TestBff; login: (user: string) => TestLogin } {
  beforeAll(async () => {
    bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
    for (const user of USERS) logins.set(user, await loginAs(bff.app, user));
  }, 60_000);
  afterAll(() => bff?.close());
  return { bff: () => bff, login: (user) => logins.get(user)! };
}

/** A lone surrogate has no UTF-8 form: in a URL it travels as the bytes of one, which is invalid UTF-8. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};
const fill = (pattern: string, value: string) => pattern.replace(/:[A-Za-z]+/g, () => encode(value));
const sample = (pattern: string) => fill(pattern, 'FO-2026-000001');

/** The first demo user the route lets in, so the fuzz reaches the handler rather than the role check. */
async function callerFor(method: string, pattern: string): Promise<TestLogin> {
  for (const user of USERS) {
    const login = logins.get(user)!;
    const response = await bff.app.inject({ method: method as 'GET', url: sample(pattern), headers: login.headers, payload: method === 'GET' ? undefined : {} });
    if (response.statusCode !== 401 && response.statusCode !== 403) return login;
  }
  return logins.get(USERS[0]!)!;
}

async function send(method: string, url: string, login: TestLogin, body?: unknown) {
  return bff.app.inject({
    method: method as 'GET' | 'POST',
    url,
    headers: { ...login.headers, 'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}`, 'if-match': '"1"' },
    ...(method === 'GET' ? {} : { payload: body ?? {} }),
  });
}


type ApiRoute = ReturnType<typeof apiRoutesOf>[number];

/**
 * Sends every hostile value in every path parameter and every query parameter (reads) or body field (writes)
 * of the routes `which` picks, and lists what answered 5xx, or let a control character through, or refused
 * it without an input code. An empty list is the pass.
 */
export async function fuzzFailures(which: (route: ApiRoute) => boolean): Promise<string[]> {
  const failures: string[] = [];
  const note = (what: string, status: number, body: string) => failures.push(`${what} → ${status} ${body.slice(0, 160)}`);
  for (const route of apiRoutesOf(bff.app).filter(which)) {
    // Signing out ends the session it is sent with: that route gets a session of its own, renewed after each use.
    const signsOut = route.url === '/api/auth/logout';
    let login = signsOut ? await loginAs(bff.app, 'sam.support') : await callerFor(route.method, route.url);
    const check = async (what: string, url: string, hostile: string, body?: unknown) => {
      const response = await send(route.method, url, login, body);
      if (signsOut && response.statusCode < 300) login = await loginAs(bff.app, 'sam.support');
      // The engine is unreachable on purpose here: a route that must ask it (the order's workflow history)
      // answers 503 ENGINE_UNAVAILABLE for any well-formed input. That is the engine, not the input.
      const engineDown = response.statusCode === 503 && response.json<{ code?: string }>().code === 'ENGINE_UNAVAILABLE';
      if (response.statusCode >= 500 && !(engineDown && !CONTROL.includes(hostile))) note(what, response.statusCode, response.body);
      else if (CONTROL.includes(hostile) && response.statusCode !== 400) note(`${what} (control character accepted)`, response.statusCode, response.body);
      else if (CONTROL.includes(hostile) && !['INVALID_QUERY', 'INVALID_BODY'].includes(response.json<{ code?: string }>().code ?? '')) {
        note(`${what} (control character without an input code)`, response.statusCode, response.body);
      }
    };
    for (const hostile of [...CONTROL, ...AWKWARD]) {
      const label = JSON.stringify(hostile.slice(0, 20));
      if (route.url.includes(':')) await check(`${route.method} ${route.url} path=${label}`, fill(route.url, hostile), hostile);
      if (route.method === 'GET') {
        for (const name of QUERY_PARAMETERS) {
          await check(`${route.method} ${route.url} ?${name}=${label}`, `${sample(route.url)}?${name}=${encode(hostile)}`, hostile);
        }
      } else {
        for (const field of BODY_FIELDS) {
          await check(`${route.method} ${route.url} {${field}: ${label}}`, sample(route.url), hostile, { [field]: hostile });
        }
      }
    }
  }
  return failures;
}
