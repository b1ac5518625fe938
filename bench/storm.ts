// Incident storm: how fast the sync turns a backlog of real engine incidents into cases, how long a new
// incident takes to become a case while many are open, and how hard the sync presses on the engine.
//
//   npm run bench:storm                 # 20,000 incidents (a few minutes to create; wrap in flock on shared machines)
//   npm run bench:storm -- --smoke      # 200 incidents; exits non-zero when the fidelity check fails
//   npm run bench:storm -- --n=5000 --live=30
//
// Starts the reference engine on free ports with a temporary data folder, deploys the workflows, creates a
// PostgreSQL database `fw_sync_bench_<pid>` (dropped at the end unless --keep-db), and creates incidents the
// way production does: real order-orchestration instances (`order:ORD-…` business keys) whose external task
// `check-availability` a worker fetches and reports failed with no retries left.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ENGINE_USERS, engineRestUrl, startEngine, waitForEngine } from '../scripts/lib/engine.js';
import { freePort } from '../scripts/lib/managed-process.js';
import { deployWorkflows } from '../workflows/deploy.js';
import { loadCatalog } from '../src/server/catalog/load.js';
import { systemClock } from '../src/server/clock.js';
import { composeServices, type Composed } from '../src/server/compose.js';
import { openDb, type Db } from '../src/server/store/db.js';
import { migrate } from '../src/server/store/migrate.js';
import { BENCH_ADMIN_URL, dropBenchDatabase } from './lib/bench-database.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return raw ? Number(raw) : fallback;
};
const SMOKE = flag('smoke');
const N = option('n', SMOKE ? 200 : 20_000);
const LIVE = option('live', SMOKE ? 10 : 50);
const LIVE_SPACING_MS = option('spacing', SMOKE ? 150 : 400);
const CONCURRENCY = option('concurrency', 16);
const RPS = option('rps', 50);
const TOPIC = 'check-availability';
const PROCESS_KEY = 'order-orchestration';
const ADMIN_URL = BENCH_ADMIN_URL;

const log = (line: string) => console.log(`[storm ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const basic = (u: { user: string; password: string }) => 'Basic ' + Buffer.from(`${u.user}:${u.password}`).toString('base64');

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-storm-'));
  const port = await freePort();
  const engineUrl = engineRestUrl(port);
  const dbName = `fw_sync_bench_${process.pid}`;
  const engineProcess = await startEngine({ port, dataDir: path.join(dataDir, 'engine'), clean: true });
  const cleanups: (() => Promise<unknown>)[] = [async () => engineProcess.stop(), async () => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const t0 = Date.now();
    await waitForEngine(engineUrl, 180_000, engineProcess.exited);
    const engineUpAt = Date.now();
    log(`engine up on ${engineUrl} in ${((engineUpAt - t0) / 1000).toFixed(1)} s`);
    await deployWorkflows({ engineUrl, user: ENGINE_USERS.api.user, password: ENGINE_USERS.api.password });
    const engine = engineClient(engineUrl);

    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    if (!flag('keep-db')) cleanups.unshift(() => dropBenchDatabase(dbName));
    const dbUrl = new URL(ADMIN_URL);
    dbUrl.pathname = `/${dbName}`;
    const db = await openDb({ databaseUrl: dbUrl.toString() });
    await migrate(db);
    cleanups.unshift(() => db.close());
    const catalog = await loadCatalog(path.join(process.cwd(), 'workflows'));

    // (b, quiet) incident → case on a quiet engine, as the reference figure.
    let bff = await startSync(db, dbUrl.toString(), engineUrl, catalog);
    await waitUntil('first pass', async () => bff.sync.status.lastSuccessAt !== null, 30_000);
    const quiet = await raiseLive(engine, db, 'QUIET', LIVE, LIVE_SPACING_MS);
    await bff.sync.stop();
    log(`quiet engine: incident → case p50 ${quiet.p50} ms, p95 ${quiet.p95} ms (${quiet.count} incidents)`);

    // The storm: N incidents created while no sync runs (the BFF starts after them, as in the issue).
    const created = Date.now();
    await createIncidents(engine, 'STORM', N);
    const createdMs = Date.now() - created;
    const openAfterStorm = await engine.count('/incident/count');
    log(`created ${N} incidents in ${(createdMs / 1000).toFixed(1)} s (${(N / (createdMs / 1000)).toFixed(0)}/s); engine has ${openAfterStorm} open`);

    // (a) backlog ingest: start the sync, time until cases = open root-cause incidents.
    const calls: number[] = [];
    profile.phase = 'ingest';
    const ingestStart = Date.now();
    bff = await startSync(db, dbUrl.toString(), engineUrl, catalog, () => calls.push(Date.now()));
    let ingestedAt = 0;
    let sawBacklog: unknown = null;
    await waitUntil('backlog ingested', async () => {
      const stored = await bff.syncStatusRepo.get('default');
      if (stored?.backlog?.behind && !sawBacklog) sawBacklog = { ...stored.backlog, engineRps: stored.engineRps };
      const open = await openRootCases(db);
      if (open >= openAfterStorm) ingestedAt = Date.now();
      return open >= openAfterStorm;
    }, 20 * 60_000, 100);
    const ingestMs = ingestedAt - ingestStart;
    const ingestRps = calls.length / Math.max(ingestMs / 1000, 0.001);
    log(`backlog of ${N}: ingested in ${(ingestMs / 1000).toFixed(2)} s = ${(N / (ingestMs / 1000)).toFixed(0)} incidents/s; sync engine requests ${calls.length} (${ingestRps.toFixed(1)}/s)`);
    await waitUntil('a pass stored after the ingest', async () => ((await bff.syncStatusRepo.get('default'))?.passFinishedAt?.getTime() ?? 0) > ingestedAt, 30_000, 100);
    const health = await bff.syncStatusRepo.get('default');

    // (b, loaded) incident → case while N are open.
    await sleep(2000);
    profile.phase = 'loaded';
    const callsBefore = calls.length;
    const loadedStart = Date.now();
    const loaded = await raiseLive(engine, db, 'LIVE', LIVE, LIVE_SPACING_MS);
    const steadyRps = (calls.length - callsBefore) / ((Date.now() - loadedStart) / 1000);
    log(`with ${N} open: incident → case p50 ${loaded.p50} ms, p95 ${loaded.p95} ms, max ${loaded.max} ms (${loaded.count} incidents)`);
    log(`sync engine requests while ${N} open: ${steadyRps.toFixed(1)}/s (cap ${RPS}/s)`);
    await sleep(1500);
    await bff.sync.stop();

    // Fidelity: active incident cases = open root-cause incidents in the engine; none missing, none phantom.
    const engineRoots = await engine.openRootIncidentIds();
    const caseRoots = new Set(
      (await db.query<{ incident_id: string }>(
        `SELECT i.incident_id FROM case_incident i JOIN fallout_case c ON c.id = i.case_id
         WHERE i.is_root_cause AND i.open AND c.source = 'INCIDENT' AND c.status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED')`,
      )).map((r) => r.incident_id),
    );
    const missing = [...engineRoots].filter((id) => !caseRoots.has(id)).length;
    const phantom = [...caseRoots].filter((id) => !engineRoots.has(id)).length;
    const [dup] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT process_instance_id, activity_id FROM fallout_case WHERE source = 'INCIDENT'
         AND status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED') GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    const fidelityOk = missing === 0 && phantom === 0 && (dup?.n ?? 0) === 0 && engineRoots.size === caseRoots.size;
    log(`fidelity: engine open root incidents ${engineRoots.size}, active incident cases ${caseRoots.size}, missing ${missing}, phantom ${phantom}, duplicate cases ${dup?.n ?? 0} → ${fidelityOk ? 'OK' : 'FAILED'}`);

    const summary = {
      n: N,
      createIncidentsPerSecond: Math.round(N / (createdMs / 1000)),
      ingestSeconds: ingestMs / 1000,
      ingestIncidentsPerSecond: Math.round(N / (ingestMs / 1000)),
      ingestEngineRequestsPerSecond: Number(ingestRps.toFixed(1)),
      quiet: { p50: quiet.p50, p95: quiet.p95, max: quiet.max },
      loaded: { open: N, p50: loaded.p50, p95: loaded.p95, max: loaded.max },
      steadyEngineRequestsPerSecond: Number(steadyRps.toFixed(1)),
      healthDuringIngest: sawBacklog,
      healthAfterIngest: health ? { backlog: health.backlog, engineRps: health.engineRps } : null,
      fidelity: { engineOpenRoots: engineRoots.size, activeCases: caseRoots.size, missing, phantom, duplicates: dup?.n ?? 0, ok: fidelityOk },
      smokeSeconds: SMOKE ? (Date.now() - engineUpAt) / 1000 : undefined,
    };
    console.log(JSON.stringify(summary, null, 2));
    printProfile();
    if (SMOKE && summary.smokeSeconds! > 45) log(`smoke took ${summary.smokeSeconds} s after the engine was up (budget 45 s)`);
    return fidelityOk ? 0 : 1;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

/** The BFF's sync in-process, wired like main.ts (composeServices), on the bench database. */
/** Engine calls of the sync and incident passes, per phase, for the profile printed at the end. */
const profile = { phase: 'quiet', calls: new Map<string, { n: number; ms: number }>(), passes: new Map<string, { passMs: number; stepMs: Record<string, number> }[]>() };
function noteCall(call: { method: string; path: string; ms?: number }) {
  const key = `${profile.phase} ${call.method} ${call.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').split('?')[0]}`;
  const entry = profile.calls.get(key) ?? { n: 0, ms: 0 };
  entry.n++;
  entry.ms += call.ms ?? 0;
  profile.calls.set(key, entry);
}

async function startSync(db: Db, databaseUrl: string, engineUrl: string, catalog: Awaited<ReturnType<typeof loadCatalog>>, onCall?: () => void): Promise<Composed> {
  const services = composeServices({
    db,
    databaseUrl,
    engine: { baseUrl: engineUrl, user: ENGINE_USERS.api.user, password: ENGINE_USERS.api.password, timeoutMs: 30_000 },
    engineObserver: (call) => {
      onCall?.();
      noteCall(call);
    },
    syncVerbose: true,
    engineId: 'default',
    catalog,
    domainUrls: {},
    clock: systemClock,
    syncIntervalMs: 1000,
    incidentsPerPass: 10_000,
    syncEngineRps: RPS,
    approvalTtlMs: 30 * 60_000,
    recurrenceWindowMs: 24 * 3_600_000,
    orderStartGraceMs: 30_000,
    log: (message, extra) => {
      if (message === 'sync pass changed cases' && extra) {
        const list = profile.passes.get(profile.phase) ?? [];
        list.push({ passMs: Number(extra.passMs), stepMs: extra.stepMs as Record<string, number> });
        profile.passes.set(profile.phase, list);
      }
      if (flag('verbose') || message.includes('failed')) log(`bff: ${message} ${extra ? JSON.stringify(extra) : ''}`);
    },
  });
  services.sync.start();
  return services;
}

function printProfile(): void {
  console.log('engine calls of the sync by phase (count, total ms, mean ms):');
  for (const [key, v] of [...profile.calls.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    console.log(`  ${key.padEnd(70)} ${String(v.n).padStart(6)} ${String(Math.round(v.ms)).padStart(8)} ${(v.ms / v.n).toFixed(1).padStart(7)}`);
  }
  for (const [phase, passes] of profile.passes) {
    const ms = passes.map((p) => p.passMs).sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
    const steps: Record<string, number[]> = {};
    for (const p of passes) for (const [k, v] of Object.entries(p.stepMs ?? {})) (steps[k] ??= []).push(v);
    const stepP50 = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v.sort((a, b) => a - b)[Math.floor(v.length / 2)]]));
    const stepMax = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.max(...v)]));
    console.log(`incident passes (${phase}): ${ms.length}, pass ms p50 ${at(0.5)} p95 ${at(0.95)} max ${ms.at(-1)}; step p50 ${JSON.stringify(stepP50)}; step max ${JSON.stringify(stepMax)}`);
  }
}

async function openRootCases(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM case_incident i JOIN fallout_case c ON c.id = i.case_id
     WHERE i.is_root_cause AND i.open AND c.status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED')`,
  );
  return row?.n ?? 0;
}

/** Raises `count` incidents one by one, `spacingMs` apart, and measures case.created_at − incident time. */
async function raiseLive(engine: ReturnType<typeof engineClient>, db: Db, tag: string, count: number, spacingMs: number) {
  const keys: string[] = [];
  const raising: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const key = `order:ORD-${tag}-${process.pid}-${String(i).padStart(5, '0')}`;
    keys.push(key);
    raising.push(createIncidents(engine, `${tag}-${process.pid}-${String(i).padStart(5, '0')}`, 1, key));
    await sleep(spacingMs);
  }
  await Promise.all(raising);
  await waitUntil(`${tag} cases`, async () => {
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fallout_case WHERE business_key = ANY($1)', [keys]);
    return (row?.n ?? 0) >= count;
  }, 120_000, 100);
  const rows = await db.query<{ ms: number }>(
    'SELECT (extract(epoch FROM created_at - first_seen_at) * 1000)::int AS ms FROM fallout_case WHERE business_key = ANY($1) ORDER BY 1',
    [keys],
  );
  const ms = rows.map((r) => r.ms);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] ?? NaN;
  return { count: ms.length, p50: pct(50), p95: pct(95), max: ms.at(-1) ?? NaN };
}

/**
 * Real incidents: start order instances, let the job executor pass the async validation, then fetch the
 * `check-availability` tasks as a worker and report each failed with no retries left.
 */
async function createIncidents(engine: ReturnType<typeof engineClient>, tag: string, n: number, singleKey?: string): Promise<void> {
  const workerId = `storm-${tag}`;
  let started = 0;
  const starting = (async () => {
    await pool(n, CONCURRENCY, async (i) => {
      const orderId = singleKey ? singleKey.slice('order:'.length) : `ORD-${tag}-${String(i).padStart(6, '0')}`;
      await engine.post(`/process-definition/key/${PROCESS_KEY}/start`, {
        businessKey: `order:${orderId}`,
        variables: {
          orderId: { value: orderId, type: 'String' },
          customerId: { value: `CUST-${i % 500}`, type: 'String' },
          orderTotal: { value: 120.5 + (i % 100), type: 'Double' },
          reservationRequestId: { value: `RES-${orderId}`, type: 'String' },
          billingIdempotencyKey: { value: `BILL-${orderId}`, type: 'String' },
        },
      });
      started++;
    });
  })();
  let failed = 0;
  const deadline = Date.now() + 30 * 60_000;
  while (failed < n) {
    if (Date.now() > deadline) throw new Error(`only ${failed} of ${n} incidents created`);
    const tasks = await engine.post<{ id: string; businessKey: string | null }[]>(
      '/external-task/fetchAndLock',
      { workerId, maxTasks: Math.min(500, n - failed), usePriority: false, asyncResponseTimeout: singleKey ? 200 : 1000,
        topics: [{ topicName: TOPIC, lockDuration: 600_000, ...(singleKey ? { businessKey: singleKey } : { processDefinitionKey: PROCESS_KEY }) }] },
      ENGINE_USERS.worker,
    );
    await pool(tasks.length, CONCURRENCY, async (i) => {
      await engine.post(`/external-task/${tasks[i]!.id}/failure`, {
        workerId,
        errorMessage: 'AVAILABILITY_UNAVAILABLE: stock service unreachable (storm bench)',
        errorDetails: 'java.net.ConnectException: Connection refused (storm bench)',
        retries: 0,
        retryTimeout: 0,
      }, ENGINE_USERS.worker);
    });
    failed += tasks.length;
    if (!singleKey && tasks.length === 0 && started >= n) await sleep(200);
  }
  await starting;
}

function engineClient(baseUrl: string) {
  const request = async <T>(method: string, p: string, body?: unknown, user = ENGINE_USERS.api): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(baseUrl + p, {
        method,
        headers: { authorization: basic(user), 'content-type': 'application/json', accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      }).catch((error: unknown) => error as Error);
      if (response instanceof Error) {
        if (attempt < 3) continue;
        throw response;
      }
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : null) as T;
    }
  };
  return {
    post: <T = unknown>(p: string, body: unknown, user = ENGINE_USERS.api) => request<T>('POST', p, body, user),
    count: async (p: string) => (await request<{ count: number }>('GET', p)).count,
    async openRootIncidentIds(): Promise<Set<string>> {
      const ids = new Set<string>();
      for (let first = 0; ; first += 500) {
        const page = await request<{ id: string; rootCauseIncidentId: string | null }[]>('GET', `/incident?sortBy=incidentId&sortOrder=asc&firstResult=${first}&maxResults=500`);
        for (const i of page) if (!i.rootCauseIncidentId || i.rootCauseIncidentId === i.id) ids.add(i.id);
        if (page.length < 500) return ids;
      }
    },
  };
}

async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await work(next++);
  }));
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
