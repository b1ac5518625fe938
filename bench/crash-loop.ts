// Crash loop: BFF processes killed by SIGKILL at random moments while they run recovery commands, at least
// 1,000 times, then every effect counted where it lands (the engine's operation and external-task logs, the
// order service): nothing lost, nothing doubled. Each victim is the real `src/server/main.ts` with a 2 s
// command lease; one surviving replica leads the sync and its outbox finishes what the victims left
// RUNNING; it is itself killed and restarted every so often, so the outbox's own re-runs are cut off too.
//
//   npm run bench:crash                 1,000 kills (about 36 minutes on two cores; wrap in flock on shared machines)
//   npm run bench:crash -- --smoke      20 kills; exits non-zero on anything lost or doubled
//
// Options: --kills N, --victims N (BFFs killed in parallel, default 3), --lease MS (default 2000, the
// lowest the BFF allows), --survivor-every N (kill the surviving replica after every N kills, default 50;
// 0 never), --keep-db. Needs PostgreSQL on 127.0.0.1:5432 (BENCH_POSTGRES_URL); the reference engine,
// demo services and workers start on free ports in a temporary folder.
//
// Where a kill lands is read right after the victim died: before the intent was committed (no command; the
// caller would try again), after the intent, after the order service's effect, after the engine's effect
// (before the outcome was written: the case the issue is about), or after the outcome. A kill can also land
// while PostgreSQL is still committing the intent the victim sent: no command yet when the bench looks, one
// later. Whether a command had an intent is therefore decided from the final state, not at the kill.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { CommandResult } from '../src/contracts/actions.js';
import { freePort } from '../scripts/lib/managed-process.js';
import { startStack } from '../scripts/lib/stack.js';
import { runMigrateStep } from '../src/server/store/migrate-step.js';
import { startChildBff, type ChildBff } from '../src/server/testing/child-bff.js';
import { getJson, postCommand, signIn } from './lib/bff-client.js';
import { countEffects, engineReads, type LandedEffects } from './lib/effect-count.js';
import { CaseSupply, type ReadyCase } from './lib/failing-cases.js';
import { BENCH_ADMIN_URL, dropBenchDatabase } from './lib/bench-database.js';

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    kills: { type: 'string' },
    victims: { type: 'string' },
    lease: { type: 'string' },
    'survivor-every': { type: 'string' },
    'keep-db': { type: 'boolean', default: false },
  },
});
const SMOKE = args.smoke === true;
const KILLS = Number(args.kills ?? (SMOKE ? 20 : 1000));
const VICTIMS = Number(args.victims ?? (SMOKE ? 2 : 3));
const LEASE_MS = Number(args.lease ?? 2000);
const SURVIVOR_EVERY = Number(args['survivor-every'] ?? (SMOKE ? 10 : 50));
const ADMIN_URL = BENCH_ADMIN_URL;
const ACTOR = 'olivia.ops';

type Landing = 'before-intent' | 'during-intent-commit' | 'after-intent' | 'after-domain-effect' | 'after-engine-effect' | 'after-outcome';
const LANDINGS: Landing[] = ['before-intent', 'during-intent-commit', 'after-intent', 'after-domain-effect', 'after-engine-effect', 'after-outcome'];

interface Kill {
  job: ReadyCase;
  key: string;
  delayMs: number;
  killedAt: number;
  signal: string | null;
  landing: Landing;
}

const t0 = Date.now();
const log = (line: string) => console.log(`[crash ${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-crash-bench-'));
  const dbName = `fw_crash_bench_${process.pid}`;
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const stack = await startStack({
      ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: 0 },
      dataDir, cleanEngine: true, seed: null, startBff: false, log,
    });
    cleanups.unshift(() => stack.stop());
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const dbUrl = new URL(ADMIN_URL);
    dbUrl.pathname = `/${dbName}`;
    const databaseUrl = dbUrl.toString();
    if (!args['keep-db']) cleanups.push(() => dropBenchDatabase(dbName));
    await runMigrateStep({ databaseUrl });
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    cleanups.unshift(() => db.end());
    const engine = engineReads(stack.engineUrl);
    const { services } = stack;

    const env = {
      DATABASE_URL: databaseUrl, CAMUNDA_URL: stack.engineUrl, CAMUNDA_USER: 'workbench', CAMUNDA_PASSWORD: 'workbench-secret',
      DOMAIN_SERVICES: `orders=${services.orders},inventory=${services.inventory},billing=${services.billing}`,
      COMMAND_LEASE_MS: String(LEASE_MS),
    };
    let survivors = 0;
    const startSurvivor = () => startChildBff({ name: `survivor-${++survivors}`, dataDir, env: { ...env, SYNC_INTERVAL_MS: '250' } });
    let survivor = await startSurvivor();
    cleanups.unshift(() => survivor.stop());
    const session = await signIn(survivor.url, ACTOR);
    log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${KILLS} kills, ${VICTIMS} victims at a time, lease ${LEASE_MS} ms, survivor killed every ${SURVIVOR_EVERY || '∞'} kills`);

    const supply = new CaseSupply({ services, bff: () => survivor.url, session, ahead: VICTIMS * 4, log });
    supply.start();

    // The surviving replica dies too, now and then, at whatever it is doing (often an outbox re-run).
    let survivorKills = 0;
    let restarting: Promise<void> | null = null;
    const killSurvivor = () => {
      restarting ??= (async () => {
        process.kill(survivor.process.pid, 'SIGKILL');
        await survivor.ended;
        survivorKills++;
        survivor = await startWithRetry(startSurvivor);
      })().finally(() => (restarting = null));
    };

    // Kill moments are drawn uniformly over the time a command takes on a fresh BFF, up to its 90th
    // percentile. That time is measured without bias: the first three victims and every tenth are killed only
    // once they answered.
    const latencies: number[] = [];
    const window = () => (latencies.length < 3 ? 1000 : Math.min(5000, Math.max(100, percentile(latencies, 90))));

    const kills: Kill[] = [];
    let started = 0;
    let victimCount = 0;
    const victimLoop = async () => {
      while (started < KILLS) {
        started++;
        const index = ++victimCount;
        const victim = await startWithRetry(() => startChildBff({ name: `victim-${index}`, dataDir, env }));
        const job = await supply.take();
        kills.push(await killDuring(victim, job, index <= 3 || index % 10 === 1));
        if (kills.length % 50 === 0) log(`${kills.length} kills; landed ${JSON.stringify(tally(kills))}`);
        if (SURVIVOR_EVERY > 0 && kills.length % SURVIVOR_EVERY === 0) killSurvivor();
        rmSync(path.join(dataDir, victim.name), { recursive: true, force: true });
      }
    };

    const killDuring = async (victim: ChildBff, job: ReadyCase, calibrating: boolean): Promise<Kill> => {
      // The operator opens the case page before acting: the command then runs on a warmed-up BFF.
      await getJson(victim.url, `/api/cases/${job.caseId}`, session).catch(() => undefined);
      const key = randomUUID();
      const sentAt = Date.now();
      const answer = postCommand(victim.url, job.path, session, job.body, { key, version: job.version }).then(
        (r) => ({ status: r.status, ms: Date.now() - sentAt }),
        () => null,
      );
      const delayMs = calibrating ? ((await answer)?.ms ?? 0) : Math.random() * window();
      if (!calibrating) await sleep(delayMs);
      process.kill(victim.process.pid, 'SIGKILL');
      const killedAt = Date.now();
      const { signal } = await victim.ended;
      const answered = await answer;
      if (calibrating && answered?.status === 200) latencies.push(answered.ms);
      if (answered && answered.status !== 200) log(`victim answered ${answered.status} for ${job.caseId} before its kill`);
      return { job, key, delayMs, killedAt, signal, landing: await landing(job, key) };
    };

    const commandOf = async (key: string) =>
      (await db.query<{ id: string; state: string; updated_at: Date }>(
        'SELECT id, state, updated_at FROM recovery_command WHERE actor = $1 AND idempotency_key = $2 AND approval_id IS NULL', [ACTOR, key],
      )).rows[0] ?? null;

    /** Where the kill landed, read while nobody else may touch the command (its lease has not run out yet). */
    const landing = async (job: ReadyCase, key: string): Promise<Landing> => {
      const command = await commandOf(key);
      if (!command) return 'before-intent';
      if (command.state === 'DONE' || command.state === 'FAILED') return 'after-outcome';
      const [row] = (await db.query<{ process_instance_id: string }>('SELECT process_instance_id FROM fallout_case WHERE id = $1', [job.caseId])).rows;
      if (row && (await engine.retriesSetIn(row.process_instance_id)) > 0) return 'after-engine-effect';
      if (job.action === 'MARK_FAILED_AND_RETRY') {
        const order = (await (await fetch(`${services.orders}/orders/${job.orderId}`)).json()) as { recoveryCommands?: Record<string, unknown> };
        if (Object.keys(order.recoveryCommands ?? {}).length > 0) return 'after-domain-effect';
      }
      return 'after-intent';
    };

    const loopStart = Date.now();
    await Promise.all(Array.from({ length: VICTIMS }, victimLoop));
    const loopSeconds = (Date.now() - loopStart) / 1000;
    supply.stop();
    await restarting;
    log(`${kills.length} victims killed in ${loopSeconds.toFixed(0)} s (${(kills.length / loopSeconds).toFixed(2)}/s), survivor killed ${survivorKills} times; waiting for the outbox`);

    // Every command that got its intent ends, without anyone asking: the survivor's outbox finishes them.
    const settleStart = Date.now();
    for (;;) {
      const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM recovery_command WHERE state IN ('RUNNING','PENDING')")).rows as [{ n: number }];
      if (n === 0) break;
      if (Date.now() - settleStart > 120_000) throw new Error(`${n} commands still unfinished 120 s after the last kill`);
      await sleep(250);
    }

    const recoveryMs: number[] = [];
    const outcomes: Record<string, number> = {};
    for (const kill of kills) {
      const command = await commandOf(kill.key);
      if (!command) continue;
      if (kill.landing === 'before-intent') kill.landing = 'during-intent-commit';
      outcomes[command.state] = (outcomes[command.state] ?? 0) + 1;
      if (kill.landing !== 'after-outcome') recoveryMs.push(command.updated_at.getTime() - kill.killedAt);
    }
    const withIntent = kills.filter((k) => k.landing !== 'before-intent');

    // The caller who never got an answer repeats the request with its key: the outcome, whichever replica finished it.
    let replayFailures = 0;
    for (const kill of withIntent) {
      const replay = await postCommand(survivor.url, kill.job.path, session, kill.job.body, { key: kill.key, version: kill.job.version });
      const body = (await replay.json()) as CommandResult;
      if (replay.status !== 200 || !['DONE', 'ALREADY_DONE'].includes(body.outcome)) {
        replayFailures++;
        log(`replay of ${kill.job.caseId}: ${replay.status} ${JSON.stringify(body).slice(0, 200)}`);
      }
    }

    // The retried steps run to their end in the engine; then count every effect where it landed.
    const targets = kills.map((k) => ({ orderId: k.job.orderId, activityId: k.job.action === 'RETRY_STEP' ? 'checkAvailability' : 'reserveInventory' }));
    let effects: Map<string, LandedEffects> = new Map();
    const countStart = Date.now();
    for (;;) {
      effects = await countEffects(stack.engineUrl, services.orders, targets);
      const waiting = withIntent.filter((k) => effects.get(k.job.orderId)!.stepCompleted === 0).length;
      if (waiting === 0 || Date.now() - countStart > 120_000) break;
      await sleep(1000);
    }
    let lost = 0;
    let doubled = 0;
    let withoutIntent = 0;
    for (const kill of kills) {
      const e = effects.get(kill.job.orderId)!;
      const domainExpected = kill.job.action === 'MARK_FAILED_AND_RETRY';
      if (kill.landing === 'before-intent') {
        if (e.retriesSet > 0 || e.domainRecorded > 0 || e.stepCompleted > 0) {
          withoutIntent++;
          log(`effect without an intent: ${kill.job.orderId} ${JSON.stringify(e)}`);
        }
        continue;
      }
      const isLost = e.retriesSet === 0 || e.stepCompleted === 0 || (domainExpected && e.domainRecorded === 0);
      const isDoubled = e.retriesSet > 1 || e.stepCompleted > 1 || e.domainRecorded > 1;
      if (isLost) lost++;
      if (isDoubled) doubled++;
      if (isLost || isDoubled) log(`${isLost ? 'LOST' : 'DOUBLED'}: ${kill.job.orderId} ${kill.job.action} landed ${kill.landing}: ${JSON.stringify(e)}`);
    }
    const notSigkill = kills.filter((k) => k.signal !== 'SIGKILL').length;

    const summary = {
      kills: kills.length,
      killedBySigkill: kills.length - notSigkill,
      survivorKills,
      victimsAtOnce: VICTIMS,
      leaseMs: LEASE_MS,
      landed: tally(kills),
      byAction: { RETRY_STEP: kills.filter((k) => k.job.action === 'RETRY_STEP').length, MARK_FAILED_AND_RETRY: kills.filter((k) => k.job.action === 'MARK_FAILED_AND_RETRY').length },
      commandsWithIntent: withIntent.length,
      finalStates: outcomes,
      lost,
      doubled,
      effectsWithoutIntent: withoutIntent,
      replayFailures,
      recoveryMs: { n: recoveryMs.length, p50: percentile(recoveryMs, 50), p95: percentile(recoveryMs, 95), p99: percentile(recoveryMs, 99), max: Math.max(...recoveryMs) },
      killDelayWindowMs: Math.round(window()),
      commandLatencyMs: { calibrationKills: latencies.length, p50: percentile(latencies, 50), p90: percentile(latencies, 90) },
      killsPerSecond: Number((kills.length / loopSeconds).toFixed(2)),
      casePreparationFailures: supply.failures,
      wallSeconds: Math.round((Date.now() - t0) / 1000),
    };
    console.log(JSON.stringify(summary, null, 2));
    const ok = lost === 0 && doubled === 0 && withoutIntent === 0 && replayFailures === 0 && notSigkill === 0 && kills.length >= KILLS;
    log(ok ? `OK: ${kills.length} kills, 0 lost, 0 doubled` : 'FAILED: see above');
    return ok ? 0 : 1;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

/** A BFF that fails to start on a loaded machine is the harness's problem: try again, a few times. */
async function startWithRetry(start: () => Promise<ChildBff>): Promise<ChildBff> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`a BFF did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); trying again`);
    }
  }
}

function tally(kills: Kill[]): Record<Landing, number> {
  return Object.fromEntries(LANDINGS.map((l) => [l, kills.filter((k) => k.landing === l).length])) as Record<Landing, number>;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
