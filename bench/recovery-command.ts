// Latency of a recovery command against the local reference engine, and how many engine calls one makes.
// Starts its own engine, demo services and workers on free ports (Java 17 + the built jar), makes N orders
// fail for real at a read-only step, then retries each through the BFF's command path (in-process, PGlite).
// Run: npx tsx bench/recovery-command.ts      (BENCH_COMMANDS=20 by default)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../scripts/lib/managed-process.js';
import { startStack } from '../scripts/lib/stack.js';
import { loginAs } from '../src/server/testing/auth.js';
import { submitFailingOrder } from '../src/server/testing/demo-orders.js';
import { startTestBff } from '../src/server/testing/test-context.js';
import type { CaseList } from '../src/contracts/cases.js';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 20);
const dataDir = mkdtempSync(path.join(tmpdir(), 'fw-bench-'));
const stack = await startStack({
  ports: { engine: await freePort(), orders: await freePort(), inventory: await freePort(), billing: await freePort(), bff: 0 },
  dataDir, cleanEngine: true, seed: { orders: 1, seed: 7 }, startBff: false, log: () => undefined,
});
try {
  const orders = [];
  for (let i = 0; i < COMMANDS; i++) orders.push(await submitFailingOrder(stack.engineUrl, stack.services, 'transient-availability'));
  const bff = await startTestBff({ engineUrl: stack.engineUrl, services: { ...stack.services } });
  await bff.sync.runOnce();
  const login = await loginAs(bff.app, 'olivia.ops');
  const list = (await bff.app.inject({ url: '/api/cases?limit=500', headers: login.headers })).json() as CaseList;
  const durations: number[] = [];
  const callsPerCommand: number[] = [];
  for (const c of list.items.filter((i) => i.activityId === 'checkAvailability')) {
    bff.engineCalls.length = 0;
    const started = performance.now();
    const response = await bff.app.inject({
      method: 'POST', url: `/api/cases/${c.id}/actions/retry-step`,
      headers: { ...login.headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), 'if-match': `"${c.version}"` },
      payload: '{}',
    });
    durations.push(performance.now() - started);
    callsPerCommand.push(bff.engineCalls.length);
    if (response.statusCode !== 200) throw new Error(`retry answered ${response.statusCode}: ${response.body}`);
  }
  durations.sort((a, b) => a - b);
  const pct = (p: number) => durations[Math.min(durations.length - 1, Math.ceil((p / 100) * durations.length) - 1)]!;
  console.log(`${durations.length} retry commands against the local engine (PGlite read model):`);
  console.log(`  p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${durations.at(-1)!.toFixed(1)} ms`);
  console.log(`  engine calls per command: ${[...new Set(callsPerCommand)].join(', ')} (incident check, task read, set retries)`);
  await bff.close();
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
