// Outages under a running sync: PostgreSQL and the engine go away (reset, blackholed, stalled) behind TCP
// proxies the tests control, and the sync must come back on its own within about one interval.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Health } from '../../contracts/session.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { TcpProxy, type OutageMode } from '../testing/tcp-proxy.js';
import { createTestDatabase, POSTGRES_ADMIN_URL, startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');

const INTERVAL_MS = 400;
// The pool and lock timeouts of these tests: short, so a stalled statement fails within the outage.
const BACKGROUND_POOL = { max: 3, connectionTimeoutMillis: 2000, queryTimeoutMillis: 2000 };
const LEADERSHIP_TIMEOUTS = { connectTimeoutMs: 2000, queryTimeoutMs: 2000 };
// A pass in an outage may meet several of those timeouts in a row; stop() waits this long for it at most.
const STOP_WAIT_MS = 2000;
// From restore to the first successful pass and to the case of an incident raised during the outage:
// one interval, one pass (a few engine pages) and slack for a loaded 2-core CI machine.
const RECOVERY_BUDGET_MS = INTERVAL_MS + 4000;

/** Recovery times measured by the tests below, printed once at the end (and quoted in the change notes). */
const measured: Record<string, number> = {};

const postgresPort = Number(new URL(POSTGRES_ADMIN_URL).port || 5432);

/** Polls often (50 ms) so the measured times are precise; answers how long it took since `since`. */
async function within<T>(budgetMs: number, what: string, probe: () => Promise<T | null | undefined | false>, since = Date.now()): Promise<{ value: T; ms: number }> {
  const startedAt = since;
  for (;;) {
    const value = await probe();
    if (value) return { value, ms: Date.now() - startedAt };
    if (Date.now() - startedAt > budgetMs) throw new Error(`${what}: not within ${budgetMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the test database directly (never through a proxy): what the sync stored, who holds the lock. */
async function observer(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T | undefined;
  return {
    client,
    lastSuccessAt: async () => (await one<{ at: Date | null }>('SELECT last_success_at AS at FROM sync_status WHERE engine_id = $1', ['default']))?.at ?? null,
    stored: async () => one<{ leader_replica: string; pass_finished_at: Date; last_success_at: Date | null; last_error: string | null }>('SELECT * FROM sync_status'),
    caseOf: async (incidentId: string) =>
      (await one<{ id: string }>('SELECT case_id AS id FROM case_incident WHERE incident_id = $1', [incidentId]))?.id ?? null,
    approvalStatus: async (id: string) => (await one<{ status: string }>('SELECT status FROM approval_request WHERE id = $1', [id]))?.status,
    /** The sync's own sessions on the server (pools and the lock connection), to see that none leak. */
    sessions: async () => Number((await one<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'))!.n),
    lockHolders: async () =>
      (await client.query<{ pid: number }>(
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 7240001 AND a.datname = current_database()",
      )).rows.map((r) => r.pid),
  };
}
type Observer = Awaited<ReturnType<typeof observer>>;

/** A pending approval on an open case that expires while PostgreSQL is away: the sync must expire it after. */
async function approvalExpiringIn(bff: TestBff, ms: number): Promise<string> {
  const [row] = await bff.ctx.db.query<{ id: string; version: number }>(
    "SELECT c.id, c.version FROM fallout_case c WHERE c.status = 'OPEN' AND NOT EXISTS (SELECT 1 FROM approval_request a WHERE a.case_id = c.id AND a.status = 'PENDING') LIMIT 1",
  );
  const id = randomUUID();
  const now = new Date();
  await bff.ctx.db.transaction((tx) =>
    bff.ctx.approvals.insert(tx, {
      id, case_id: row!.id, action: 'RETRY_STEP', idempotency_key: randomUUID(), request_hash: 'outage-test', request_body: '{}', case_version: row!.version,
      requested_by: 'olivia.ops', requested_roles: ['fulfillment_ops'], reason: 'outage test', evidence: 'outage test', requested_at: now, expires_at: new Date(now.getTime() + ms),
    }),
  );
  return id;
}

describe('sync through a PostgreSQL outage', () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let bff: TestBff;
  let db: Observer;
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await TcpProxy.start({ port: postgresPort });
    bff = await startTestBff({
      engineUrl, services, databaseUrl: proxy.url(database.url), syncIntervalMs: INTERVAL_MS,
      backgroundPool: BACKGROUND_POOL, leadershipTimeouts: LEADERSHIP_TIMEOUTS, syncStopWaitMs: STOP_WAIT_MS, pool: { connectionTimeoutMillis: 2000, queryTimeoutMillis: 2000 },
      log: (message, extra) => logs.push(`${message} ${JSON.stringify(extra ?? {})}`),
    });
    db = await observer(database.url);
    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
    bff.sync.start();
  });
  afterAll(async () => {
    proxy?.restore();
    const startedAt = Date.now();
    await bff?.close();
    measured['close after the outages (ms)'] = Date.now() - startedAt;
    await db?.client.end();
    await proxy?.close();
    await database?.drop();
  });

  /**
   * Cuts PostgreSQL for `outageMs` while an order fails in the engine, then measures from the restore to the
   * first successful pass and to that incident's case.
   */
  async function outage(mode: OutageMode, outageMs: number, label: string) {
    const passesBefore = bff.sync.status.passes;
    const approvalId = await approvalExpiringIn(bff, outageMs / 2);
    proxy.cut(mode);
    const cutAt = Date.now();
    const failing = await submitFailingOrder(engineUrl, services, 'reserve-error');
    await sleep(Math.max(0, outageMs - (Date.now() - cutAt)));
    // Still syncing, or at least still trying: the loop keeps scheduling passes through the outage.
    expect(await db.caseOf(failing.incidentId)).toBeNull();
    proxy.restore();
    const restoredAt = new Date();
    const passesDuringOutage = bff.sync.status.passes - passesBefore;

    const since = restoredAt.getTime();
    const pass = await within(RECOVERY_BUDGET_MS, `${label}: first successful pass`, async () => {
      const at = await db.lastSuccessAt();
      return at && at >= restoredAt ? at : null;
    }, since);
    const newCase = await within(RECOVERY_BUDGET_MS, `${label}: case of the incident raised during the outage`, () => db.caseOf(failing.incidentId), since);
    // The other loop (commands, approvals, freezes) is back as well: the approval due during the outage expired.
    const expiry = await within(RECOVERY_BUDGET_MS, `${label}: approval expired`, async () => (await db.approvalStatus(approvalId)) === 'EXPIRED', since);
    measured[`${label}: restore → first successful pass (ms)`] = pass.ms;
    measured[`${label}: restore → case of incident raised during outage (ms)`] = newCase.ms;
    measured[`${label}: restore → overdue approval expired (ms)`] = expiry.ms;
    measured[`${label}: passes attempted during ${outageMs} ms outage`] = passesDuringOutage;
    return { passesDuringOutage };
  }

  it('recovers within an interval from connections reset and refused for a few seconds', async () => {
    const { passesDuringOutage } = await outage('reset', 3000, 'reset 3 s');
    expect(passesDuringOutage).toBeGreaterThan(1);
    expect(bff.sync.status.leader).toBe(true);
  });

  it('recovers within an interval from a blackhole (connecting hangs) of a few seconds', async () => {
    await outage('blackhole', 3000, 'blackhole 3 s');
    expect(bff.sync.status.leader).toBe(true);
  });

  it('recovers within an interval from a stall (sessions open, nothing passes) longer than the statement timeout', async () => {
    await outage('stall', 4000, 'stall 4 s');
    expect(bff.sync.status.leader).toBe(true);
  });

  it('recovers from a failover (open connections silent for good) within its timeouts, not never', async () => {
    const approvalId = await approvalExpiringIn(bff, 500);
    proxy.cut('failover');
    const cutAt = Date.now();
    const failing = await submitFailingOrder(engineUrl, services, 'reserve-error');
    // No restore: the old connections never answer again. The lock check times out (2 s here), the pool's
    // older connections are replaced rather than each tried until its own timeout, and the next pass works.
    const budget = LEADERSHIP_TIMEOUTS.queryTimeoutMs + BACKGROUND_POOL.queryTimeoutMillis + RECOVERY_BUDGET_MS;
    const pass = await within(budget, 'failover: first successful pass', async () => {
      const at = await db.lastSuccessAt();
      return at && at.getTime() >= cutAt + LEADERSHIP_TIMEOUTS.queryTimeoutMs ? at : null;
    }, cutAt);
    const newCase = await within(budget, 'failover: case of the incident raised after it', () => db.caseOf(failing.incidentId), cutAt);
    const expiry = await within(budget, 'failover: approval expired', async () => (await db.approvalStatus(approvalId)) === 'EXPIRED', cutAt);
    measured['failover: cut → first successful pass (ms)'] = pass.ms;
    measured['failover: cut → case of incident raised after it (ms)'] = newCase.ms;
    measured['failover: cut → overdue approval expired (ms)'] = expiry.ms;
    expect(bff.sync.status.leader).toBe(true);
    // The request pool shares what the sync found out: its silent connections are replaced, not tried.
    const startedAt = Date.now();
    const health = await bff.app.inject({ url: '/api/health', headers: (await loginAs(bff.app, 'olivia.ops')).headers });
    expect(health.statusCode, health.body).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(BACKGROUND_POOL.queryTimeoutMillis);
  });

  it('recovers from a long outage of many failed passes, and leaks no connection', async () => {
    const { passesDuringOutage } = await outage('reset', 15_000, 'reset 15 s');
    expect(passesDuringOutage).toBeGreaterThan(15);
    // Three background connections, the lock connection and the request pool's few: nothing piled up.
    expect(await db.sessions()).toBeLessThanOrEqual(BACKGROUND_POOL.max + 1 + 10);
    expect(await db.lockHolders()).toHaveLength(1);
  });

  it('stops promptly in the middle of an outage', async () => {
    proxy.cut('stall');
    await sleep(INTERVAL_MS * 2);
    const startedAt = Date.now();
    await bff.sync.stop();
    measured['stop() during a stall (ms)'] = Date.now() - startedAt;
    expect(Date.now() - startedAt).toBeLessThan(STOP_WAIT_MS + 1000);
    proxy.restore();
  });
});

describe('sync through an engine outage', () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let bff: TestBff;
  let db: Observer;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await TcpProxy.start({ port: Number(new URL(engineUrl).port) });
    // Engine requests time out after 2 s, as the database's do here: a blackholed engine fails a pass, not hangs it.
    bff = await startTestBff({
      engineUrl: proxy.url(engineUrl), services, databaseUrl: database.url, syncIntervalMs: INTERVAL_MS,
      backgroundPool: BACKGROUND_POOL, leadershipTimeouts: LEADERSHIP_TIMEOUTS, engineTimeoutMs: 2000,
    });
    db = await observer(database.url);
    await bff.sync.runOnce();
    bff.sync.start();
  });
  afterAll(async () => {
    proxy?.restore();
    await bff?.close();
    await db?.client.end();
    await proxy?.close();
    await database?.drop();
  });

  it.each([['reset' as const], ['blackhole' as const]])('stores the failing passes while the engine is %s, and recovers within an interval', async (mode) => {
    proxy.cut(mode);
    const cutAt = new Date();
    const failing = await submitFailingOrder(engineUrl, services, 'reserve-error');
    // The database is up: the leader stores each failed pass, so every replica's health names the error.
    await within(5000, 'a failed pass stored', async () => {
      const stored = await db.stored();
      return stored && stored.pass_finished_at >= cutAt && stored.last_error?.includes('engine') ? stored : null;
    });
    await sleep(1000);
    proxy.restore();
    const restoredAt = new Date();
    const since = restoredAt.getTime();
    const pass = await within(RECOVERY_BUDGET_MS, `engine ${mode}: first successful pass`, async () => {
      const at = await db.lastSuccessAt();
      return at && at >= restoredAt ? at : null;
    }, since);
    const newCase = await within(RECOVERY_BUDGET_MS, `engine ${mode}: case of the incident raised during the outage`, () => db.caseOf(failing.incidentId), since);
    measured[`engine ${mode}: restore → first successful pass (ms)`] = pass.ms;
    measured[`engine ${mode}: restore → case (ms)`] = newCase.ms;
  });
});

describe('two replicas on one database', () => {
  let database: { url: string; drop: () => Promise<void> };
  // Each replica reaches PostgreSQL through a proxy of its own, so one can be cut off alone.
  let proxies: TcpProxy[];
  let replicas: TestBff[];
  let logins: TestLogin[];
  let db: Observer;

  const health = async (i: number): Promise<Health> => {
    const response = await replicas[i]!.app.inject({ url: '/api/health', headers: logins[i]!.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Health;
  };
  const incidentReads = (bff: TestBff) => bff.engineCalls.filter((c) => c.path === '/incident' || c.path === '/history/incident').length;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxies = [await TcpProxy.start({ port: postgresPort }), await TcpProxy.start({ port: postgresPort })];
    replicas = [];
    for (const proxy of proxies) {
      replicas.push(await startTestBff({ engineUrl, services, databaseUrl: proxy.url(database.url), syncIntervalMs: INTERVAL_MS, backgroundPool: BACKGROUND_POOL, leadershipTimeouts: LEADERSHIP_TIMEOUTS }));
    }
    logins = await Promise.all(replicas.map((r) => loginAs(r.app, 'olivia.ops')));
    db = await observer(database.url);
    // The first replica leads from the start; the second only follows.
    await replicas[0]!.sync.runOnce();
    for (const replica of replicas) replica.sync.start();
    await sleep(INTERVAL_MS * 2);
  });
  afterAll(async () => {
    for (const proxy of proxies ?? []) proxy.restore();
    for (const replica of replicas ?? []) await replica.close();
    await db?.client.end();
    for (const proxy of proxies ?? []) await proxy.close();
    await database?.drop();
  });

  it('lets one replica lead; the follower reports the stored leader and last pass, not "never synced"', async () => {
    expect(replicas.map((r) => r.sync.status.leader)).toEqual([true, false]);
    const seen = await health(1);
    expect(seen.sync.leader).toBe(replicas[0]!.sync.replicaId);
    expect(Date.now() - Date.parse(seen.sync.lastPassAt!)).toBeLessThan(INTERVAL_MS * 5);
    expect(seen.sync.lastSuccessAt).not.toBeNull();
    const dashboard = await replicas[1]!.app.inject({ url: '/api/dashboard?range=24h', headers: logins[1]!.headers });
    expect(dashboard.json().technical.syncLag.lastSuccessAt).not.toBeNull();
  });

  it('hands the lead over within an interval when the leader is cut off, and the old leader stops syncing once back', async () => {
    const [old, next] = replicas as [TestBff, TestBff];
    proxies[0]!.cut('reset');
    const cutAt = Date.now();
    const takeover = await within(INTERVAL_MS + 3000, 'the follower leads', async () => {
      const stored = await db.stored();
      return next.sync.status.leader && stored?.leader_replica === next.sync.replicaId && stored.pass_finished_at.getTime() >= cutAt;
    });
    measured['cut-off leader: cut → other replica leads and stores a pass (ms)'] = takeover.ms;

    proxies[0]!.restore();
    const passes = old.sync.status.passes;
    await within(INTERVAL_MS * 2 + 3000, 'the old leader has passed again', async () => old.sync.status.passes > passes + 1);
    expect(old.sync.status.leader).toBe(false);
    // Leadership is checked on every pass: the old leader reads no incidents, the new one does.
    old.engineCalls.length = 0;
    next.engineCalls.length = 0;
    await sleep(INTERVAL_MS * 3);
    expect(incidentReads(old)).toBe(0);
    expect(incidentReads(next)).toBeGreaterThan(0);
    expect(await db.lockHolders()).toHaveLength(1);
    expect((await health(0)).sync.leader).toBe(next.sync.replicaId);
  });

  it('has a leader again within an interval after the leader\'s lock session is terminated', async () => {
    const [pid] = await db.lockHolders();
    const leaderBefore = (await db.stored())!.leader_replica;
    await db.client.query('SELECT pg_terminate_backend($1)', [pid]);
    const killedAt = Date.now();
    const back = await within(INTERVAL_MS + 3000, 'a leader stores a pass again', async () => {
      const stored = await db.stored();
      return stored && stored.pass_finished_at.getTime() > killedAt && (await db.lockHolders()).length === 1 ? stored : null;
    });
    measured['terminated lock session: kill → a leader stores a pass (ms)'] = back.ms;
    // Whoever asked first leads; the other follows and says so on its next pass.
    await sleep(INTERVAL_MS * 2);
    const leaders = replicas.filter((r) => r.sync.status.leader);
    expect(leaders).toHaveLength(1);
    expect((await db.stored())!.leader_replica).toBe(leaders[0]!.sync.replicaId);
    void leaderBefore;
  });

  it('stops both replicas promptly', async () => {
    const startedAt = Date.now();
    await Promise.all(replicas.map((r) => r.sync.stop()));
    measured['stop() of two replicas (ms)'] = Date.now() - startedAt;
    expect(Date.now() - startedAt).toBeLessThan(3000);
    // The server ends the lock's session a moment after the client has gone.
    await within(2000, 'the lock given up', async () => (await db.lockHolders()).length === 0);
  });
});

afterAll(() => {
  console.log(`[outage] recovery times ${JSON.stringify(measured, null, 1)}`);
});
