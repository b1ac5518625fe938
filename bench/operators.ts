// 200 signed-in operators on one and on two BFF replicas sharing one PostgreSQL database: each clicks once
// every 3 s on average (open-loop, ~67 requests/s in total), mixing the queue's first page (as the SPA asks
// it), search, the dashboard and case pages for 60 s; then a ramp finds the highest rate still at p99 ≤ 1 s.
// Reports p50/p95/p99 per kind, errors, each replica's RSS and CPU, and which replica holds the sync lock.
//
//   npm run bench:operators                       200 operators, 60 s, 20,000 cases, 1 and 2 replicas, ramp,
//                                                 reference engine with the demo seed (case pages of demo cases)
//   npm run bench:operators -- --cases 1000000    at 1M cases (the fill takes a few minutes; the database stays)
//   npm run bench:operators -- --smoke            20 operators, 10 s, 2,000 cases, no engine; exits 1 on any error
//
// Options: --operators N, --duration S, --cases N, --replicas 1,2, --no-ramp, --no-engine, --ramp-step S,
// --keep-db, --fresh (refill even if a database of that size exists). Needs PostgreSQL on 127.0.0.1:5432 (BENCH_POSTGRES_URL); databases are named fw_load_ops_<cases>.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort } from '../scripts/lib/managed-process.js';
import { startStack, type Stack } from '../scripts/lib/stack.js';
import { parseQueueState, queueQuery } from '../src/web/features/queue/api/queue-filters.js';
import { startReplica, type Replica } from './lib/bff-replica.js';
import { fillCases } from './lib/fill-cases.js';
import { runMix, type KindFigures, type LoadTargets } from './lib/operator-load.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    operators: { type: 'string' },
    duration: { type: 'string' },
    cases: { type: 'string' },
    replicas: { type: 'string' },
    'no-ramp': { type: 'boolean', default: false },
    'no-engine': { type: 'boolean', default: false },
    'ramp-step': { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});

const smoke = args.smoke === true;
const OPERATORS = Number(args.operators ?? (smoke ? 20 : 200));
const DURATION_S = Number(args.duration ?? (smoke ? 10 : 60));
const CASES = Number(args.cases ?? (smoke ? 2000 : 20_000));
const REPLICA_COUNTS = (args.replicas ?? (smoke ? '1' : '1,2')).split(',').map(Number);
const RAMP = !smoke && !args['no-ramp'];
const WITH_ENGINE = !smoke && !args['no-engine'];
const RAMP_STEP_S = Number(args['ramp-step'] ?? 15);
const WARMUP_S = smoke ? 2 : 10;
/** One click every 3 s per operator on average. */
const RATE = Math.max(1, Math.round(OPERATORS / 3));
const RAMP_RATES = [67, 80, 90, 100, 120, 140, 167, 200, 250, 333, 400, 500];
const P99_LIMIT_MS = 1000;
/** The operators' accounts: every demo user who may open the queue, search, the dashboard and case pages. */
const OPERATOR_USERS = ['olivia.ops', 'omar.ops', 'theo.tech', 'sara.supervisor', 'sid.supervisor', 'paula.platform', 'aud.auditor'];
/** The engine id the BFF syncs as when the reference engine runs: the filled cases keep theirs ('default'). */
const BENCH_ENGINE_ID = 'bench';
/** The sync's advisory lock key (store/leadership.ts). */
const SYNC_LOCK_KEY = 7_240_001;

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = smoke ? `fw_load_smoke_${process.pid}` : `fw_load_ops_${CASES}`;
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
})();

const log = (line: string) => console.log(`[operators] ${line}`);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of CASES synthetic cases; an existing one of the right size is reused (the 1M fill takes minutes). */
async function prepareDatabase(): Promise<void> {
  const exists = await withClient(ADMIN_URL, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount === 1);
  if (exists) {
    const filled = await withClient(databaseUrl, async (c) =>
      (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM fallout_case WHERE engine_id = 'default'").catch(() => ({ rows: [{ n: -1 }] }))).rows[0]!.n,
    );
    if (filled === CASES && !args.fresh) {
      log(`reusing ${DB_NAME} (${CASES} cases)`);
      // Cases and sessions a previous run's sync and sign-ins added would skew nothing but are not this run's.
      await withClient(databaseUrl, async (c) => {
        await c.query('DELETE FROM auth_session');
      });
      return;
    }
    await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE ${DB_NAME} WITH (FORCE)`));
  }
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${DB_NAME}`));
  const started = Date.now();
  await fillCases({ databaseUrl, cases: CASES, seed: 7, log: smoke ? undefined : log });
  log(`filled ${DB_NAME} with ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function dropDatabase(): Promise<void> {
  await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
}

async function signIn(url: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - i) }, async (_, j) => {
        const username = OPERATOR_USERS[(i + j) % OPERATOR_USERS.length]!;
        const response = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'fallout-demo' }),
        });
        const cookie = response.headers.get('set-cookie')?.split(';')[0];
        if (response.status !== 200 || !cookie) throw new Error(`sign-in of ${username} answered ${response.status}: ${await response.text()}`);
        return cookie;
      }),
    );
    cookies.push(...batch);
  }
  return cookies;
}

/** Ids the requests use: orders for search, cases for case pages (the demo cases when the engine runs). */
async function requestIds(): Promise<{ orderIds: string[]; caseIds: string[] }> {
  return withClient(databaseUrl, async (c) => {
    const orders = await c.query<{ entity_id: string }>(
      "SELECT entity_id FROM fallout_case TABLESAMPLE SYSTEM (5) WHERE entity_id IS NOT NULL AND engine_id = 'default' LIMIT 500",
    );
    const cases = WITH_ENGINE
      ? await c.query<{ id: string }>("SELECT id FROM fallout_case WHERE engine_id = $1 AND process_instance_id IS NOT NULL", [BENCH_ENGINE_ID])
      : await c.query<{ id: string }>("SELECT id FROM fallout_case TABLESAMPLE SYSTEM (5) WHERE engine_id = 'default' LIMIT 500");
    return { orderIds: orders.rows.map((r) => r.entity_id), caseIds: cases.rows.map((r) => r.id) };
  });
}

/** Which replica holds which advisory lock (the sync leader's), by the application name of its connection. */
async function lockHolders(): Promise<string[]> {
  return withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ holder: string; key: string }>(
      `SELECT a.application_name AS holder, (l.classid::bigint << 32 | l.objid::bigint)::text AS key
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()`,
    );
    return rows.map((r) => `${r.holder} holds advisory lock ${r.key}${Number(r.key) === SYNC_LOCK_KEY ? ' (sync leader)' : ''}`);
  });
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;

function targetsFor(urls: string[], cookies: string[], ids: { orderIds: string[]; caseIds: string[] }): LoadTargets {
  // Exactly the query the SPA's queue page sends for its first page with no filters set.
  const queuePath = `/api/queue?${new URLSearchParams(queueQuery(parseQueueState(new URLSearchParams())))}`;
  return {
    urls,
    cookies,
    paths: {
      queue: () => queuePath,
      // Seven in ten searches by a whole order id, the rest by its first digits (the prefix search).
      search: () => {
        const id = pick(ids.orderIds);
        return `/api/search?q=${encodeURIComponent(Math.random() < 0.7 ? id : id.slice(0, 7))}`;
      },
      dashboard: () => '/api/dashboard?range=7d',
      case: () => `/api/cases/${pick(ids.caseIds)}`,
    },
  };
}

function printFigures(title: string, rows: KindFigures[]): void {
  console.log(`\n${title}`);
  console.log('kind        requests   rps     p50 ms   p95 ms   p99 ms   max ms   errors  4xx');
  for (const r of rows) {
    console.log(
      `${r.kind.padEnd(10)} ${String(r.requests).padStart(9)} ${String(r.rps).padStart(6)} ${String(r.p50).padStart(8)} ${String(r.p95).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.clientErrors).padStart(4)}`,
    );
  }
  const all = rows.find((r) => r.kind === 'all')!;
  console.log(`answers per replica: ${Object.entries(all.byUrl).map(([u, n]) => `${u} ${n}`).join(', ')}; statuses ${JSON.stringify(all.statuses)}`);
}

interface PhaseResult {
  replicas: number;
  steady: KindFigures[];
  resources: { name: string; maxRssMb: number; meanCpuPercent: number }[];
  leaders: string[];
  ramp: { rate: number; p99: number; errors: number; achieved: number }[];
  highestRateAtP99Under1s: number | null;
}

async function runPhase(count: number, env: NodeJS.ProcessEnv, logDir: string, state: { cookies: string[] | null }): Promise<PhaseResult> {
  const replicas: Replica[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      replicas.push(await startReplica({ name: `fw-bench-replica-${i}`, env, logFile: path.join(logDir, `replica-${count}-${i}.log`) }));
    }
    log(`${count} replica(s) listening: ${replicas.map((r) => r.url).join(', ')}`);
    state.cookies ??= await signIn(replicas[0]!.url, OPERATORS);
    if (WITH_ENGINE) {
      await waitForDemoCases();
    }
    const ids = await requestIds();
    if (ids.caseIds.length === 0 || ids.orderIds.length === 0) throw new Error('no case or order ids to request');
    const targets = targetsFor(replicas.map((r) => r.url), state.cookies, ids);
    log(`warm-up ${WARMUP_S} s at ${RATE} requests/s`);
    await runMix(targets, RATE, WARMUP_S);
    log(`${OPERATORS} operators, ${RATE} requests/s for ${DURATION_S} s on ${count} replica(s)`);
    const samplers = replicas.map((r) => ({ name: r.name, stop: r.sample() }));
    const steady = await runMix(targets, RATE, DURATION_S);
    const resources = samplers.map((s) => ({ name: s.name, ...s.stop() }));
    const leaders = await lockHolders();
    printFigures(`${OPERATORS} operators at ${RATE} requests/s, ${count} replica(s), ${CASES} cases`, steady);
    for (const r of resources) console.log(`${r.name}: max RSS ${r.maxRssMb} MB, mean CPU ${r.meanCpuPercent} % of one core`);
    console.log(`sync lock: ${leaders.length ? leaders.join('; ') : 'nobody holds it'}`);

    const ramp: PhaseResult['ramp'] = [];
    let highest: number | null = null;
    if (RAMP) {
      for (const rate of RAMP_RATES) {
        const figures = await runMix(targets, rate, RAMP_STEP_S);
        const all = figures.find((f) => f.kind === 'all')!;
        ramp.push({ rate, p99: all.p99, errors: all.errors, achieved: all.rps });
        log(`ramp ${rate} requests/s: p99 ${all.p99} ms, achieved ${all.rps}/s, errors ${all.errors}`);
        // Falling behind the offered rate is failing too: autocannon waits for answers per connection.
        if (all.p99 > P99_LIMIT_MS || all.errors > 0 || all.rps < rate * 0.9) break;
        highest = rate;
      }
      console.log(`highest rate at p99 ≤ ${P99_LIMIT_MS} ms with ${count} replica(s): ${highest ?? `below ${RAMP_RATES[0]}`} requests/s`);
    }
    return { replicas: count, steady, resources, leaders, ramp, highestRateAtP99Under1s: highest };
  } finally {
    for (const r of replicas) await r.stop();
  }
}

async function waitForDemoCases(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const n = await withClient(databaseUrl, async (c) =>
      (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM fallout_case WHERE engine_id = $1 AND status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED')", [BENCH_ENGINE_ID])).rows[0]!.n,
    );
    if (n >= 4) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the sync did not turn the demo incidents into cases within 3 minutes');
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-operators-'));
  let stack: Stack | null = null;
  try {
    await prepareDatabase();
    let env: NodeJS.ProcessEnv;
    if (WITH_ENGINE) {
      log('starting the reference engine with the demo seed');
      stack = await startStack({
        ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: 0 },
        dataDir, cleanEngine: true, seed: { orders: 12, seed: 7 }, startBff: false, log: () => undefined,
      });
      env = {
        DATABASE_URL: databaseUrl,
        CAMUNDA_URL: stack.engineUrl,
        ENGINE_ID: BENCH_ENGINE_ID,
        DOMAIN_SERVICES: `orders=${stack.services.orders},inventory=${stack.services.inventory},billing=${stack.services.billing}`,
        SYNC_INTERVAL_MS: '1000',
      };
    } else {
      // Nobody listens there: the case page answers from the read model (liveStatus UNAVAILABLE) at once.
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      env = { DATABASE_URL: databaseUrl, CAMUNDA_URL: `${nowhere}/engine-rest`, DOMAIN_SERVICES: `orders=${nowhere}`, SYNC_INTERVAL_MS: '1000' };
    }
    const state = { cookies: null as string[] | null };
    const results: PhaseResult[] = [];
    const logDir = path.resolve('.data/bench/operators');
    log(`replica logs in ${logDir}`);
    for (const count of REPLICA_COUNTS) results.push(await runPhase(count, env, logDir, state));
    console.log(`\nRESULT ${JSON.stringify({ cases: CASES, operators: OPERATORS, rate: RATE, durationS: DURATION_S, engine: WITH_ENGINE, results })}`);

    const errors = results.flatMap((r) => r.steady.filter((f) => f.kind === 'all' && (f.errors > 0 || f.clientErrors > 0)));
    const silent = results.flatMap((r) => r.steady.filter((f) => f.kind !== 'all' && f.requests === 0));
    const idleReplica = results.some((r) => Object.keys(r.steady.find((f) => f.kind === 'all')!.byUrl).length < r.replicas);
    if (errors.length || silent.length || idleReplica) {
      console.error(`FAILED: ${errors.length ? 'errors or 4xx answers; ' : ''}${silent.length ? `no answers for ${silent.map((s) => s.kind).join(', ')}; ` : ''}${idleReplica ? 'a replica served nothing' : ''}`);
      return 1;
    }
    return 0;
  } finally {
    await stack?.stop();
    if (smoke && !args['keep-db']) await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[operators] failed:', error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
