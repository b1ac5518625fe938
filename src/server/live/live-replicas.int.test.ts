// Two BFF replicas on one PostgreSQL database; only the first runs the sync. A browser's stream on the second
// hears, within 2 s, what the first wrote: a real failing order becoming a case, a retry the first ran, and
// the case resolving once the sync saw the workflow move on. The events name the case only; the second
// replica's case page then shows the change.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { liveChangeSchema, type LiveChange } from '../../contracts/live.js';
import type { CaseDetail } from '../../contracts/cases.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { openSse, type SseConnection, type SseEvent } from '../testing/sse-client.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);
/** What the issue asks: a change the sync sees is on the other replica's open pages within 2 s. */
const WITHIN_MS = 2000;

const changeOf = (event: SseEvent): LiveChange => liveChangeSchema.parse(JSON.parse(event.data));
const about = (caseId: string) => (event: SseEvent) => event.event === 'change' && (changeOf(event).caseIds?.includes(caseId) ?? true);

describe('live updates across replicas (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let leader: TestBff;
  let follower: TestBff;
  let stream: SseConnection;
  let onLeader: TestLogin;
  let onFollower: TestLogin;

  beforeAll(async () => {
    database = await createTestDatabase();
    leader = await startTestBff({ engineUrl, databaseUrl: database.url, services, live: true });
    follower = await startTestBff({ engineUrl, databaseUrl: database.url, services, live: true });
    await follower.app.listen({ port: 0, host: '127.0.0.1' });
    onLeader = await loginAs(leader.app, 'olivia.ops');
    onFollower = await loginAs(follower.app, 'olivia.ops');
    stream = await openSse(`http://127.0.0.1:${(follower.app.server.address() as AddressInfo).port}/api/events`, { cookie: onFollower.cookie });
    expect(stream.status).toBe(200);
    await stream.next((e) => e.event === 'status' && JSON.parse(e.data).feed === 'UP', { since: 0 });
  }, 120_000);
  afterAll(async () => {
    stream?.close();
    await follower?.close();
    await leader?.close();
    await database?.drop();
  });

  it("tells the follower's open page of the leader's new case, retry and resolution within 2 s each", async () => {
    // What the shared engine already has open becomes cases first, so the new order's case is announced by id.
    const [order] = await Promise.all([submitFailingOrder(engineUrl, services, 'transient-availability'), leader.sync.runOnce()]);
    expect(follower.sync.status.leader).toBe(false);

    const seen = stream.events.length;
    await leader.sync.runOnce();
    const [row] = await leader.ctx.db.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM fallout_case WHERE business_key = $1', [order.businessKey]);
    expect(row, 'the leader made the failing order a case').toBeTruthy();
    const opened = await stream.next(about(row!.id), { since: seen, timeoutMs: WITHIN_MS });
    expect(opened.wallAt - row!.created_at.getTime()).toBeLessThan(WITHIN_MS);
    const pageOnFollower = async () => (await follower.app.inject({ url: `/api/cases/${row!.id}`, headers: onFollower.headers })).json() as CaseDetail;
    expect((await pageOnFollower()).case.status).toBe('OPEN');

    // The retry runs on the leader; the follower's page hears of it and shows the command.
    const before = (await leader.app.inject({ url: `/api/cases/${row!.id}`, headers: onLeader.headers })).json() as CaseDetail;
    const sent = stream.events.length;
    const retry = await leader.app.inject({
      method: 'POST', url: `/api/cases/${row!.id}/actions/retry-step`, payload: {},
      headers: { ...onLeader.headers, 'idempotency-key': crypto.randomUUID(), 'if-match': `"${before.case.version}"` },
    });
    expect(retry.statusCode, retry.body).toBe(200);
    const answeredAt = Date.now();
    const told = await stream.next(about(row!.id), { since: sent, timeoutMs: WITHIN_MS });
    expect(told.wallAt - answeredAt).toBeLessThan(WITHIN_MS);
    await eventually(async () => (await pageOnFollower()).commandProgress?.state === 'DONE', WITHIN_MS, 'the retry on the follower');

    // Once the engine moved on, the leader's sync resolves the case and the follower's page hears it.
    const instance = await engine.orderInstance(order.businessKey);
    await eventually(async () => (await engine.history(instance!.id)).some((a) => a.activityId === 'checkAvailability' && a.endTime), 30_000, 'step completed');
    let resolvedAt: Date | null = null;
    const fromResolve = stream.events.length;
    for (let pass = 0; pass < 10 && !resolvedAt; pass++) {
      await leader.sync.runOnce();
      resolvedAt = (await leader.ctx.db.query<{ resolved_at: Date | null }>('SELECT resolved_at FROM fallout_case WHERE id = $1', [row!.id]))[0]!.resolved_at;
    }
    expect(resolvedAt, 'the sync resolved the case').not.toBeNull();
    const resolved = stream.events.slice(fromResolve).filter(about(row!.id)).find((e) => e.wallAt >= resolvedAt!.getTime())
      ?? (await stream.next((e) => about(row!.id)(e) && e.wallAt >= resolvedAt!.getTime(), { since: fromResolve, timeoutMs: WITHIN_MS }));
    expect(resolved.wallAt - resolvedAt!.getTime()).toBeLessThan(WITHIN_MS);
    expect((await pageOnFollower()).case.status).toBe('RESOLVED');
    console.log(`[live] follower heard the new case after ${opened.wallAt - row!.created_at.getTime()} ms, the retry ${told.wallAt - answeredAt} ms after its answer, the resolution after ${resolved.wallAt - resolvedAt!.getTime()} ms`);

    // Ids and kinds only: no case data ever travels on the stream.
    for (const event of stream.events.filter((e) => e.event === 'change')) expect(Object.keys(JSON.parse(event.data)).sort()).toEqual(['caseIds', 'kinds']);
  }, 90_000);
});
