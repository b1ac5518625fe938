// Read-model bench (issue 7): fills a database with N synthetic cases (bench/lib/fill-cases.ts), starts the BFF
// in-process (sync not started, engine unreachable), signs in, and times the views through the BFF's HTTP API:
// p50/p95/p99 of sequential requests per view, and response sizes.
//
//   npm run bench:read-model                      PostgreSQL, 1,000,000 cases in fw_read_bench_1m (kept, reused)
//   npm run bench:read-model -- --pglite          embedded PGlite, 100,000 cases (data dir in the OS temp dir)
//   npm run bench:read-model -- --smoke           PostgreSQL, 20,000 cases in a throw-away database, < 45 s; exits
//                                                 1 if a view errors, exceeds its size budget, or the EXPLAIN
//                                                 check (enable_seqscan = off) finds a sequential scan
//   options: --cases N, --requests K (per view), --admin-url postgres://…/postgres, --drop (drop the database after)
//            --explain (also run the EXPLAIN check with the planner's own choices; meaningful at 1M)
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb, type Db } from '../src/server/store/db.js';
import { migrate } from '../src/server/store/migrate.js';
import { signIn, startBenchBff } from './lib/bench-bff.js';
import { explainCheck } from './lib/explain.js';
import { fillInto } from './lib/fill-cases.js';
import { readViews, sampleIds } from './lib/read-views.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    requests: { type: 'string' },
    pglite: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    'admin-url': { type: 'string', default: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const started = Date.now();
const smoke = values.smoke;
const cases = Number(values.cases ?? (smoke ? 20_000 : values.pglite ? 100_000 : 1_000_000));
const requests = Number(values.requests ?? (smoke ? 8 : 60));
/** No view may send more than this (the issue: ~200 rows or ~500 KB). */
const MAX_BYTES = 500 * 1024;
const log = (line: string) => console.log(`[read-model ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

async function adminQuery(sql: string): Promise<{ rows: Record<string, unknown>[] }> {
  const client = new pg.Client({ connectionString: values['admin-url'] });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Opens the bench database, filling it unless it already holds exactly `cases` cases. */
async function openBenchDb(): Promise<{ db: Db; where: string; databaseUrl?: string; drop: () => Promise<void> }> {
  if (values.pglite) {
    const dir = path.join(tmpdir(), `fw_read_pglite_${cases}`);
    const reuse = existsSync(dir);
    const db = await openDb({ pgliteDir: dir });
    await prepare(db, reuse);
    return { db, where: `PGlite ${dir}`, drop: async () => undefined };
  }
  const name = smoke ? `fw_read_smoke_${process.pid}` : cases === 1_000_000 ? 'fw_read_bench_1m' : `fw_read_bench_${cases}`;
  const exists = (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rows.length > 0;
  if (!exists) await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(values['admin-url']!);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString() });
  await prepare(db, exists);
  return {
    db,
    where: `PostgreSQL ${name}`,
    databaseUrl: url.toString(),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function prepare(db: Db, mayReuse: boolean): Promise<void> {
  await migrate(db);
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fallout_case')) as [{ n: number }];
  if (mayReuse && n === cases) {
    log(`reusing ${n} cases`);
    return;
  }
  if (n > 0) throw new Error(`the bench database holds ${n} cases, not ${cases}: drop it (or pass --cases ${n})`);
  log(`filling ${cases} cases`);
  await fillInto(db, { cases, log: (l) => log(l) });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const { db, where, drop } = await openBenchDb();
let failed = false;
try {
  log(`machine load (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  const bff = await startBenchBff(db);
  try {
    const samples = await sampleIds(db);
    const headers: Record<string, Record<string, string>> = {};
    for (const user of ['olivia.ops', 'sara.supervisor']) headers[user] = await signIn(bff.baseUrl, user);
    const first = (await (await fetch(`${bff.baseUrl}/api/queue`, { headers: headers['olivia.ops'] })).json()) as { nextCursor: string | null };
    samples.secondPageCursor = first.nextCursor;

    const rows: string[][] = [];
    for (const view of readViews(samples)) {
      if (view.needsCursor && !samples.secondPageCursor) continue;
      const times: number[] = [];
      const sizes: number[] = [];
      let errors = 0;
      for (let k = 0; k < requests + 3; k++) {
        const t0 = performance.now();
        const response = await fetch(`${bff.baseUrl}${view.path(k)}`, { headers: headers[view.user] });
        const body = await response.arrayBuffer();
        const ms = performance.now() - t0;
        if (response.status !== 200) {
          errors++;
          if (errors === 1) log(`${view.name}: HTTP ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
        }
        if (k < 3) continue; // warm-up
        times.push(ms);
        sizes.push(body.byteLength);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      const maxBytes = Math.max(...sizes);
      const verdict = [
        view.targetP95Ms !== undefined ? (p95 <= view.targetP95Ms ? `ok ≤ ${view.targetP95Ms}` : `MISSES ${view.targetP95Ms}`) : '',
        values.pglite ? (p95 <= 200 ? 'ok ≤ 200 (PGlite)' : 'MISSES 200 (PGlite)') : '',
        maxBytes > MAX_BYTES ? 'TOO BIG' : '',
        errors ? `${errors} ERRORS` : '',
      ].filter(Boolean).join(', ');
      if (errors || maxBytes > MAX_BYTES) failed = true;
      rows.push([view.name, percentile(times, 50).toFixed(1), p95.toFixed(1), percentile(times, 99).toFixed(1), times.at(-1)!.toFixed(1),
        (sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(1), (maxBytes / 1024).toFixed(1), verdict]);
    }
    const header = ['view', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'avg KB', 'max KB', 'target'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    console.log(`\n${where}, ${cases.toLocaleString('en-US')} cases, ${requests} sequential requests per view after 3 warm-up\n`);
    for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    log(`machine load (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  } finally {
    await bff.close();
  }

  if (smoke || values.explain) {
    const seqscanOff = smoke;
    const { statements, violations } = await explainCheck(db, { seqscanOff });
    for (const v of violations) console.log(`\nSEQ SCAN of ${v.relation} in "${v.view}":\n  ${v.sql}\n${v.plan}`);
    log(`EXPLAIN check${seqscanOff ? ' (enable_seqscan = off)' : ''}: ${statements} statements, ${violations.length} sequential scans of big tables`);
    if (violations.length) failed = true;
  }
} finally {
  await db.close();
  if (smoke || values.drop) await drop();
}
log(failed ? 'FAILED' : 'done');
process.exitCode = failed ? 1 : 0;
