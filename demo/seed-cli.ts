/**
 * Seeds the demo against running services, workers and engine.
 *
 *   npm run demo:seed -- --orders 12 --seed 7        (i.e. npx tsx demo/seed-cli.ts --orders 12 --seed 7)
 *
 * Env: CAMUNDA_URL, CAMUNDA_USER, CAMUNDA_PASSWORD, ORDERS_URL, INVENTORY_URL, BILLING_URL, DEMO_DATA_DIR.
 */
import { parseArgs } from 'node:util';
import { dataDirFromEnv, engineFromEnv, serviceUrlsFromEnv } from './lib/config.js';
import { seedDemo, type Manifest } from './seed.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '12' },
    seed: { type: 'string', default: '7' },
    'timeout-ms': { type: 'string', default: '180000' },
    quiet: { type: 'boolean', default: false },
  },
});

const toInt = (name: string, raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return n;
};

function printTable(m: Manifest): void {
  const rows = [
    ['order', 'scenario', 'expected', 'new', 'in state', 'process instance'],
    ...m.orders.map((o) => [
      o.orderId,
      o.scenario,
      o.expected.workflow === 'incident'
        ? `incident @ ${o.expected.activityId}`
        : o.expected.workflow === 'ended'
          ? `ended @ ${o.expected.endActivityId}`
          : o.expected.workflow === 'waiting'
            ? `waiting @ ${o.expected.activityId}`
            : 'no process',
      o.createdThisRun ? 'yes' : 'no',
      o.reached ? 'yes' : o.createdThisRun ? 'NO' : 'moved on',
      o.processInstanceId ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  for (const [title, list] of [
    ['quotes', m.quotes],
    ['change orders', m.changeOrders],
    ['fallout cases', m.falloutCases],
  ] as const) {
    for (const p of list) {
      console.log(`${title.padEnd(14)} ${p.businessKey.padEnd(24)} ${p.expected.state} @ ${p.expected.activityId}${p.createdThisRun ? '' : ' (existed)'}${p.reached ? '' : p.createdThisRun ? ' NOT REACHED' : ' (moved on)'}`);
    }
  }
}

try {
  const engine = engineFromEnv();
  const manifest = await seedDemo({
    ...engine,
    ...serviceUrlsFromEnv(),
    orders: toInt('orders', values.orders!),
    seed: toInt('seed', values.seed!),
    timeoutMs: toInt('timeout-ms', values['timeout-ms']!),
    dataDir: dataDirFromEnv(),
    log: values.quiet ? undefined : (line) => console.log(`[seed] ${line}`),
  });
  printTable(manifest);
  const created = manifest.orders.filter((o) => o.createdThisRun).length;
  console.log(`Seeded ${created} new of ${manifest.orders.length} orders in ${(manifest.durationMs / 1000).toFixed(1)} s; manifest in ${dataDirFromEnv()}/seed-manifest.json`);
} catch (err) {
  console.error(`[seed] ${(err as Error).message}`);
  process.exit(1);
}
