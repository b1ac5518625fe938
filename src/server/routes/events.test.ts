// GET /api/events over real HTTP (inject cannot read a stream that stays open): in-memory PGlite, engine
// URL on a closed port. The stream is authenticated like every /api route, never counts as activity, says
// what changed with ids only, is capped per user, ends when its session ends, and never holds up shutdown.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveChangeSchema } from '../../contracts/live.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { openSse } from '../testing/sse-client.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let bff: TestBff;
let base: string;
let ops: TestLogin;

const CASE_COLUMNS = '(id, engine_id, source, status, category, severity, process_instance_id, definition_key, activity_id, first_seen_at, last_seen_at, created_at, updated_at, sla_due_at)';
const insertCase = (id: string) =>
  bff.ctx.db.query(`INSERT INTO fallout_case ${CASE_COLUMNS} VALUES ($1, 'default', 'INCIDENT', 'OPEN', 'TECHNICAL_TRANSIENT', 'LOW', 'pi', 'order-orchestration', 'checkAvailability', now(), now(), now(), now(), now() + interval '1 day')`, [id]);

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), live: { hub: { perUserCap: 2 }, sessionRecheckMs: 200 } });
  await bff.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(bff.app.server.address() as AddressInfo).port}`;
  ops = await loginAs(bff.app, 'olivia.ops');
}, 60_000);
let closed = false;
afterAll(async () => {
  if (!closed) await bff?.close();
});

describe('GET /api/events', () => {
  it('refuses a caller without a session', async () => {
    const stream = await openSse(`${base}/api/events`);
    expect(stream.status).toBe(401);
    expect(JSON.parse(stream.errorBody!)).toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });

  it('streams the feed status and then what changed, ids only, with headers that keep it unbuffered and uncached', async () => {
    const stream = await openSse(`${base}/api/events`, { cookie: ops.cookie });
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers.get('cache-control')).toBe('no-store');
      expect(stream.headers.get('x-accel-buffering')).toBe('no');
      expect(stream.headers.get('content-security-policy')).toContain("default-src 'self'");
      const status = await stream.next((e) => e.event === 'status', { since: 0 });
      expect(JSON.parse(status.data)).toEqual({ feed: 'UP' });

      await insertCase('FO-2026-900001');
      const change = await stream.next((e) => e.event === 'change');
      expect(liveChangeSchema.parse(JSON.parse(change.data))).toEqual({ kinds: ['case'], caseIds: ['FO-2026-900001'] });
    } finally {
      stream.close();
    }
  });

  it('does not count as activity: an open page still times out', async () => {
    const login = await loginAs(bff.app, 'omar.ops');
    const lastSeen = async () => (await bff.ctx.db.query<{ last_seen_at: Date }>("SELECT last_seen_at FROM auth_session WHERE user_id = 'omar.ops'"))[0]!.last_seen_at.getTime();
    const before = await lastSeen();
    await new Promise((r) => setTimeout(r, 20));
    const stream = await openSse(`${base}/api/events`, { cookie: login.cookie });
    await stream.next((e) => e.event === 'status', { since: 0 });
    stream.close();
    expect(await lastSeen()).toBe(before);
  });

  it('takes at most the per-user number of streams, and a place frees up when one closes', async () => {
    const login = await loginAs(bff.app, 'theo.tech');
    const first = await openSse(`${base}/api/events`, { cookie: login.cookie });
    const second = await openSse(`${base}/api/events`, { cookie: login.cookie });
    const third = await openSse(`${base}/api/events`, { cookie: login.cookie });
    try {
      expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
      expect(JSON.parse(third.errorBody!)).toMatchObject({ code: 'TOO_MANY_STREAMS' });
      first.close();
      await expect.poll(async () => {
        const again = await openSse(`${base}/api/events`, { cookie: login.cookie });
        again.close();
        return again.status;
      }).toBe(200);
    } finally {
      first.close();
      second.close();
    }
  });

  it('ends the stream, saying so, once its session has ended', async () => {
    const login = await loginAs(bff.app, 'sara.supervisor');
    const stream = await openSse(`${base}/api/events`, { cookie: login.cookie });
    await stream.next((e) => e.event === 'status', { since: 0 });
    expect((await bff.app.inject({ method: 'POST', url: '/api/auth/logout', headers: login.headers })).statusCode).toBe(200);
    await stream.next((e) => e.event === 'session-ended');
    await stream.ended;
  });
});

describe('shutdown', () => {
  it('ends open streams instead of waiting for them', async () => {
    const stream = await openSse(`${base}/api/events`, { cookie: ops.cookie });
    await stream.next((e) => e.event === 'status', { since: 0 });
    const started = Date.now();
    closed = true;
    await bff.close();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
