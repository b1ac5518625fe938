import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Health } from '../../contracts/session.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { submitFailingOrder } from '../testing/demo-orders.js';
import { engineReader, eventually } from '../testing/engine-probe.js';
import { createTestDatabase, startTestBff, type TestBff } from '../testing/test-context.js';
import { openDb } from '../store/db.js';
import { leadershipFor } from '../store/leadership.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);

const ACTIVE = "('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED')";

async function engineOpenRoots(): Promise<string[]> {
  const incidents = await engine.incidents();
  return incidents.filter((i) => !i.rootCauseIncidentId || i.rootCauseIncidentId === i.id).map((i) => i.id).sort();
}

async function caseRoots(bff: TestBff): Promise<string[]> {
  const rows = await bff.ctx.db.query<{ incident_id: string }>(
    `SELECT i.incident_id FROM case_incident i JOIN fallout_case c ON c.id = i.case_id WHERE i.is_root_cause AND i.open AND c.status IN ${ACTIVE}`,
  );
  return rows.map((r) => r.incident_id).sort();
}

async function health(bff: TestBff, login: TestLogin): Promise<Health> {
  const response = await bff.app.inject({ url: '/api/health', headers: login.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Health;
}

describe('incremental incident sync (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let bff: TestBff;
  let login: TestLogin;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Two incidents per pass and no reconcile pages: the demo's incidents are a backlog of several passes.
    bff = await startTestBff({ engineUrl, databaseUrl: database.url, services, incidentBudget: { pageSize: 2, newPagesPerPass: 1, reconcilePagesPerPass: 0 } });
    login = await loginAs(bff.app, 'olivia.ops');
  });
  afterAll(async () => {
    await bff?.close();
    await database?.drop();
  });

  it('ingests a backlog larger than one pass over several passes and says so meanwhile', async () => {
    const roots = await engineOpenRoots();
    expect(roots.length).toBeGreaterThan(2);

    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
    const first = await caseRoots(bff);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(2);
    const during = await health(bff, login);
    expect(during.sync.backlog).toMatchObject({ behind: true, engineOpenIncidents: (await engine.incidents()).length });
    expect(during.sync.backlog!.oldestNotIngestedAt).not.toBeNull();
    expect(during.sync.backlog!.ingestedOpenIncidents).toBeLessThan(during.sync.backlog!.engineOpenIncidents!);

    let passes = 1;
    while ((await caseRoots(bff)).length < roots.length && passes < 60) {
      await bff.sync.runOnce();
      passes++;
    }
    expect(passes).toBeGreaterThan(1);
    // Everything the engine had open is a case, and nothing else.
    expect(await caseRoots(bff)).toEqual(await engineOpenRoots());
    // Once caught up the health says so. The engine is shared with the other test files, whose orders may
    // still raise an incident now and then: a few more passes (two incidents each) absorb those.
    let caughtUp = false;
    for (let pass = 0; pass < 20 && !caughtUp; pass++) {
      await bff.sync.runOnce();
      const backlog = (await health(bff, login)).sync.backlog!;
      caughtUp = !backlog.behind && backlog.oldestNotIngestedAt === null;
    }
    expect(caughtUp).toBe(true);
  });
});

describe('incremental incident sync: new and resolved incidents (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let bff: TestBff;

  beforeAll(async () => {
    database = await createTestDatabase();
    bff = await startTestBff({ engineUrl, databaseUrl: database.url, services });
    await bff.sync.runOnce();
  });
  afterAll(async () => {
    await bff?.close();
    await database?.drop();
  });

  it('turns an incident raised after the watermark into a case on the next pass, and resolves it once the engine moved on', async () => {
    const mark = await bff.syncState.get('default', 'incident.created');
    expect(mark).not.toBeNull();
    const { businessKey, incidentId } = await submitFailingOrder(engineUrl, services, 'transient-availability');
    await bff.sync.runOnce();
    const [created] = await bff.ctx.db.query<{ id: string; status: string; category: string; activity_id: string; version: number }>(
      `SELECT c.id, c.status, c.category, c.activity_id, c.version FROM fallout_case c JOIN case_incident i ON i.case_id = c.id
       WHERE i.incident_id = $1 AND c.business_key = $2`,
      [incidentId, businessKey],
    );
    expect(created).toMatchObject({ status: 'OPEN', category: 'TECHNICAL_TRANSIENT', activity_id: 'checkAvailability', version: 1 });

    // Resolved in the engine (retries back, as an operator in Cockpit would): the worker succeeds this time.
    const [incident] = await engine.get<{ configuration: string }[]>(`/incident?incidentId=${incidentId}`);
    const response = await fetch(`${engineUrl}/external-task/${incident!.configuration}/retries`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from('workbench:workbench-secret').toString('base64') },
      body: JSON.stringify({ retries: 1 }),
    });
    expect(response.status).toBe(204);
    await eventually(async () => {
      await bff.sync.runOnce();
      const [row] = await bff.ctx.db.query<{ status: string }>('SELECT status FROM fallout_case WHERE id = $1', [created!.id]);
      return row?.status === 'RESOLVED';
    }, 60_000, 'case resolved after the engine moved on');
    const [closed] = await bff.ctx.db.query<{ open: boolean; resolved_at: Date | null }>(
      'SELECT i.open, c.resolved_at FROM case_incident i JOIN fallout_case c ON c.id = i.case_id WHERE i.incident_id = $1',
      [incidentId],
    );
    expect(closed).toMatchObject({ open: false });
    expect(closed!.resolved_at).not.toBeNull();
    expect(await caseRoots(bff)).toEqual(await engineOpenRoots());
  });
});

describe('per-engine sync leadership (PostgreSQL)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let leader: TestBff;
  let follower: TestBff;
  let followerLogin: TestLogin;

  beforeAll(async () => {
    database = await createTestDatabase();
    leader = await startTestBff({ engineUrl, databaseUrl: database.url, services });
    follower = await startTestBff({ engineUrl, databaseUrl: database.url, services });
    followerLogin = await loginAs(follower.app, 'olivia.ops');
  });
  afterAll(async () => {
    await follower?.close();
    await leader?.close();
    await database?.drop();
  });

  it('lets one replica sync an engine; the other reports the leader\'s status from the database', async () => {
    await leader.sync.runOnce();
    await Promise.all([leader.sync.runOnce(), follower.sync.runOnce(), follower.sync.runOnce()]);
    expect(leader.sync.status.leader).toBe(true);
    expect(follower.sync.status.leader).toBe(false);
    expect(follower.sync.status.lastSuccessAt).toBeNull();

    const seen = await health(follower, followerLogin);
    expect(seen.sync.leader).toBe(leader.sync.replicaId);
    expect(seen.sync.lastSuccessAt).toBe(leader.sync.status.lastSuccessAt!.toISOString());
    expect(seen.sync.lastError).toBeNull();
    expect(seen.sync.engineRequestsPerSecondCap).toBe(200);
    expect(seen.sync.backlog).toMatchObject({ behind: false });
  });

  it('takes one lock per engine id: another engine has its own leader', async () => {
    const db = await openDb({ databaseUrl: database.url });
    const other = leadershipFor(db, database.url, 'other-engine');
    const same = leadershipFor(db, database.url, 'default');
    try {
      expect(await other.tryAcquire()).toBe(true);
      expect(await same.tryAcquire()).toBe(false);
    } finally {
      await other.release();
      await same.release();
      await db.close();
    }
  });

  it('survives the leader\'s lock connection being killed: leadership is acquired again', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 7240001 AND a.datname = current_database()",
      );
      expect(killed.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // The lock went with the connection. Whichever replica asks first leads; the old leader reconnects.
    await eventually(async () => {
      await follower.sync.runOnce();
      return follower.sync.status.leader;
    }, 20_000, 'follower takes over');
    await leader.sync.runOnce();
    expect(leader.sync.status.leader).toBe(false);
    expect((await health(follower, followerLogin)).sync.leader).toBe(follower.sync.replicaId);

    // The follower stops (releases): the old leader, on a fresh connection, leads again.
    await follower.sync.stop();
    await eventually(async () => {
      await leader.sync.runOnce();
      return leader.sync.status.leader && leader.sync.status.lastError === null;
    }, 20_000, 'old leader re-acquires');
    expect((await health(follower, followerLogin)).sync.leader).toBe(leader.sync.replicaId);
  });
});
