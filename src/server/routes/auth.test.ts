// Sign-in, sessions and sign-out through the HTTP API, with an in-memory PGlite and a clock the test moves.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.js';
import { parseUsersFile } from '../auth/users-file.js';
import type { Clock } from '../clock.js';
import { loginAs } from '../testing/auth.js';
import { DEMO_USERS_FILE, startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

const START = '2026-03-02T09:00:00.000Z';
const clock = new ManualClock(new Date(START));
let bff: TestBff;

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock, sessionPolicy: { idleMinutes: 30, absoluteHours: 12, cookieSecure: false } });
}, 60_000);
afterAll(() => bff?.close());
beforeEach(async () => {
  clock.set(START);
  await bff.ctx.db.query('DELETE FROM login_attempt');
});

const login = (username: string, password: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  bff.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers, remoteAddress });
const advanceSeconds = (seconds: number) => clock.advance(seconds / 60);
const getSession = (cookie: string) => bff.app.inject({ url: '/api/session', headers: { cookie } });
const auditOf = (actor: string) =>
  bff.ctx.db.query<{ action: string; outcome: string; detail: string }>('SELECT action, outcome, detail FROM audit_event WHERE actor = $1 ORDER BY seq', [actor]);

describe('sign-in', () => {
  it('answers the user, a CSRF token and the expiry, and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const response = await login('olivia.ops', 'fallout-demo');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      user: { id: 'olivia.ops', name: 'Olivia Ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: '2026-03-02T09:30:00.000Z',
    });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^fw_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toMatch(/Secure/);

    const cookie = setCookie.split(';')[0]!;
    const session = await getSession(cookie);
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(body);
  });

  it('stores only a SHA-256 of the session id, never the id itself', async () => {
    const { cookie } = await loginAs(bff.app, 'theo.tech');
    const id = cookie.replace('fw_session=', '');
    const rows = await bff.ctx.db.query<Record<string, unknown>>("SELECT * FROM auth_session WHERE user_id = 'theo.tech'");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).toBe(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  it('refuses a wrong password and an unknown user with the same answer, sets no cookie, and audits both', async () => {
    const wrong = await login('omar.ops', 'not-the-password');
    const unknown = await login('nobody.here', 'fallout-demo');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: 'The username or password is not correct.' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect((await auditOf('omar.ops')).map((a) => [a.action, a.outcome])).toEqual([['LOGIN', 'LOGIN_FAILED']]);
    expect((await auditOf('nobody.here')).map((a) => [a.action, a.outcome])).toEqual([['LOGIN', 'LOGIN_FAILED']]);
  });

  it('answers 400 for a body without username or password', async () => {
    const response = await bff.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sam.support' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_BODY' });
  });

  it('after 5 failures of one name from one address, each further attempt waits 1 s, 2 s, 4 s … after the previous one', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await login('sid.supervisor', `guess-${attempt}`)).statusCode, `attempt ${attempt}`).toBe(401);
    }
    const blocked = await login('sid.supervisor', 'fallout-demo');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 1 } });
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.headers['set-cookie']).toBeUndefined();

    advanceSeconds(1);
    expect((await login('sid.supervisor', 'guess-6')).statusCode, 'the 6th attempt, 1 s later, is checked').toBe(401);
    expect((await login('sid.supervisor', 'fallout-demo')).headers['retry-after'], 'then 2 s').toBe('2');
    advanceSeconds(2);
    expect((await login('sid.supervisor', 'guess-7')).statusCode).toBe(401);
    expect((await login('sid.supervisor', 'fallout-demo')).headers['retry-after'], 'then 4 s').toBe('4');
    // Never a lockout of the right password: once the short wait is over it signs in, and the count starts afresh.
    advanceSeconds(4);
    expect((await login('sid.supervisor', 'fallout-demo')).statusCode).toBe(200);
    expect((await login('sid.supervisor', 'guess-8')).statusCode).toBe(401);
  });

  it('caps the wait at one minute', async () => {
    // Each pass counts one failure, waiting out whatever delay is due first: 1, 2, 4, 8, 16, 32 s after the 5 free ones.
    for (let failure = 1; failure <= 11; failure++) {
      const refused = await login('omar.ops', 'wrong');
      if (refused.statusCode === 429) advanceSeconds(Number(refused.headers['retry-after']));
      if (refused.statusCode === 429) expect((await login('omar.ops', 'wrong')).statusCode, `failure ${failure}`).toBe(401);
      else expect(refused.statusCode, `failure ${failure}`).toBe(401);
    }
    // 2^(11 - 5) = 64 s, capped.
    expect((await login('omar.ops', 'fallout-demo')).headers['retry-after']).toBe('60');
  });

  it('does not let a guesser at one address slow a colleague at another', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) await login('sara.supervisor', `guess-${attempt}`, {}, '10.9.9.9');
    expect((await login('sara.supervisor', 'fallout-demo', {}, '10.9.9.9')).statusCode).toBe(429);
    expect((await login('sara.supervisor', 'fallout-demo', {}, '10.1.1.1')).statusCode).toBe(200);
    // Other names at the guessing address are not affected either.
    expect((await login('theo.tech', 'fallout-demo', {}, '10.9.9.9')).statusCode).toBe(200);
  });

  it('slows a name guessed from many addresses after 20 failures, from every address', async () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect((await login('paula.platform', 'wrong', {}, `10.0.0.${attempt}`)).statusCode, `attempt ${attempt}`).toBe(401);
    }
    const blocked = await login('paula.platform', 'fallout-demo', {}, '10.0.1.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
  });

  it('slows one address spraying many names after 50 failures', async () => {
    for (let attempt = 1; attempt <= 50; attempt++) {
      expect((await login(`someone${attempt}`, 'wrong', {}, '10.7.7.7')).statusCode, `attempt ${attempt}`).toBe(401);
    }
    expect((await login('theo.tech', 'fallout-demo', {}, '10.7.7.7')).statusCode).toBe(429);
    expect((await login('theo.tech', 'fallout-demo', {}, '10.7.7.8')).statusCode).toBe(200);
  });

  it('does not count sign-ins that worked against the address: 60 colleagues behind one address all get in', async () => {
    for (let i = 0; i < 60; i++) {
      const user = ['olivia.ops', 'omar.ops', 'theo.tech', 'sam.support', 'paula.platform', 'aud.auditor'][i % 6]!;
      expect((await login(user, 'fallout-demo', {}, '10.5.5.5')).statusCode, `sign-in ${i + 1}`).toBe(200);
    }
    // 60 real scrypt checks one after another: about 3 s on an idle 2-core machine, more while the rest of the
    // unit suite runs beside it. The test is about the throttle's counting, not speed.
  }, 30_000);

  it('counts parallel guesses before checking them: of 40 at once, only the 5 free ones are checked', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('aud.auditor', `parallel-${i}`)));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  it('does not turn a clock set back into a lockout', async () => {
    expect((await login('theo.tech', 'fallout-demo')).statusCode).toBe(200);
    clock.advance(-60);
    expect((await login('theo.tech', 'fallout-demo')).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 5; attempt++) await login('theo.tech', `guess-${attempt}`);
    clock.advance(-60);
    // The delay still counts, from now rather than from the attempt's later time stamp.
    expect((await login('theo.tech', 'fallout-demo')).headers['retry-after']).toBe('1');
  });

  it('throttles an unknown name exactly like a known one', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) expect((await login('nobody.here', `guess-${attempt}`)).statusCode).toBe(401);
    const blocked = await login('nobody.here', 'fallout-demo');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
  });

  it('counts failures across spellings of the same name', async () => {
    for (const name of ['Sid.Supervisor', ' sid.supervisor', 'SID.SUPERVISOR', 'sid.supervisor', 'Sid.supervisor ']) {
      expect((await login(name, 'wrong')).statusCode).toBe(401);
    }
    expect((await login('sid.supervisor', 'fallout-demo')).statusCode).toBe(429);
  });

  it('gives a new session id on every sign-in and ends the one the browser still held', async () => {
    const first = await loginAs(bff.app, 'paula.platform');
    const again = await login('paula.platform', 'fallout-demo', { cookie: first.cookie });
    expect(again.statusCode).toBe(200);
    const second = String(again.headers['set-cookie']).split(';')[0]!;
    expect(second).not.toBe(first.cookie);
    expect((await getSession(first.cookie)).statusCode).toBe(401);
    expect((await getSession(second)).statusCode).toBe(200);
  });
});

describe('session expiry', () => {
  it('ends a session unused for more than the idle time; each request pushes the idle end out', async () => {
    const { cookie } = await loginAs(bff.app, 'sam.support');
    clock.advance(29);
    const used = await getSession(cookie);
    expect(used.statusCode).toBe(200);
    expect(used.json().expiresAt).toBe('2026-03-02T09:59:00.000Z');
    clock.advance(29);
    expect((await getSession(cookie)).statusCode).toBe(200);
    clock.advance(31);
    const expired = await getSession(cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    // The browser is told to drop the dead cookie.
    expect(String(expired.headers['set-cookie'])).toMatch(/^fw_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    // Gone for good: not even a clock set back revives it.
    clock.set(START);
    expect((await getSession(cookie)).statusCode).toBe(401);
  });

  it('does not count automatic refreshes (X-Background-Request: 1) as activity', async () => {
    const { cookie } = await loginAs(bff.app, 'omar.ops');
    for (let minutes = 5; minutes <= 25; minutes += 5) {
      clock.advance(5);
      const poll = await bff.app.inject({ url: '/api/session', headers: { cookie, 'x-background-request': '1' } });
      expect(poll.statusCode).toBe(200);
      expect(poll.json().expiresAt).toBe('2026-03-02T09:30:00.000Z');
    }
    clock.advance(6);
    expect((await bff.app.inject({ url: '/api/session', headers: { cookie, 'x-background-request': '1' } })).statusCode).toBe(401);
  });

  it('ends a busy session 12 hours after sign-in', async () => {
    const { cookie } = await loginAs(bff.app, 'aud.auditor');
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      clock.advance(20);
      expect((await getSession(cookie)).statusCode, `after ${minutes} min`).toBe(200);
    }
    // 20:40: the idle end (21:10) is later than the absolute end, so the answer shows the absolute end.
    expect((await getSession(cookie)).json().expiresAt).toBe('2026-03-02T21:00:00.000Z');
    clock.advance(20);
    expect((await getSession(cookie)).statusCode).toBe(401);
  });

  it('does not accept a made-up session id', async () => {
    expect((await getSession('fw_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(401);
    expect((await bff.app.inject({ url: '/api/session' })).json()).toEqual({ code: 'NOT_AUTHENTICATED', message: 'Sign in to continue.' });
  });
});

describe('sign-out', () => {
  it('ends the session, clears the cookie and is audited; the old cookie no longer works', async () => {
    const olivia = await loginAs(bff.app, 'omar.ops');
    const response = await bff.app.inject({ method: 'POST', url: '/api/auth/logout', headers: olivia.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({});
    expect(String(response.headers['set-cookie'])).toMatch(/^fw_session=; Max-Age=0; Path=\/;.*HttpOnly; SameSite=Strict$/);
    expect((await getSession(olivia.cookie)).statusCode).toBe(401);
    expect((await bff.app.inject({ url: '/api/cases', headers: olivia.headers })).statusCode).toBe(401);
    expect((await auditOf('omar.ops')).map((a) => a.outcome).slice(-2)).toEqual(['LOGIN', 'LOGOUT']);
  });

  it('needs the CSRF token, so another site cannot sign a user out', async () => {
    const sara = await loginAs(bff.app, 'sara.supervisor');
    const forged = await bff.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: sara.cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'CSRF_INVALID' });
    expect((await getSession(sara.cookie)).statusCode).toBe(200);
  });
});

describe('credential changes in the users file', () => {
  const usersFile = () => JSON.parse(readFileSync(DEMO_USERS_FILE, 'utf8')) as { users: { id: string; roles: string[]; passwordHash: string }[] };
  const reload = (change: (users: ReturnType<typeof usersFile>['users']) => void) => {
    const file = usersFile();
    change(file.users);
    bff.ctx.users.replaceWith(parseUsersFile(JSON.stringify(file), 'users.json'));
  };
  afterEach(() => reload(() => undefined));

  it('ends the sessions of a user whose password changed, and only theirs', async () => {
    const olivia = await loginAs(bff.app, 'olivia.ops');
    const theo = await loginAs(bff.app, 'theo.tech');
    const newHash = await hashPassword('a-new-password');
    reload((users) => {
      users.find((u) => u.id === 'olivia.ops')!.passwordHash = newHash;
    });
    const ended = await getSession(olivia.cookie);
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toEqual({ code: 'NOT_AUTHENTICATED', message: 'Your sign-in details or roles have changed. Sign in again.' });
    expect((await getSession(theo.cookie)).statusCode).toBe(200);
    expect((await login('olivia.ops', 'a-new-password')).statusCode).toBe(200);
  });

  it('ends the sessions of a user whose roles changed', async () => {
    const sara = await loginAs(bff.app, 'sara.supervisor');
    reload((users) => {
      users.find((u) => u.id === 'sara.supervisor')!.roles = ['support'];
    });
    expect((await getSession(sara.cookie)).statusCode).toBe(401);
    const again = await loginAs(bff.app, 'sara.supervisor');
    expect(again.session.user.roles).toEqual(['support']);
  });
});
