// The lost-start reconcile of one engine among several: it looks only at its own engine's instances and cases, so
// the same order id running in another engine (with its own order service) neither hides a lost start here nor
// stands in for this engine's case.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCatalog } from '../catalog/testing.js';
import { DomainServices } from '../domain/domain-services.js';
import type { EngineAdapter } from '../engine/adapter.js';
import { CasesRepo } from '../store/cases-repo.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { ProcessesRepo } from '../store/processes-repo.js';
import { openTestPglite } from '../testing/pglite-template.js';
import { reconcileOrders, type DomainReconcileDeps } from './domain-reconcile.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let db: Db;
let server: Server;
let ordersUrl: string;
/** What this engine's order service lists. */
const orders = [
  { orderId: 'ORD-900001', status: 'SUBMITTED', createdAt: '2026-03-10T11:00:00.000Z', workflowCorrelation: { businessKey: 'order:ORD-900001', status: 'NOT_STARTED' } },
];

beforeAll(async () => {
  db = await openTestPglite();
  await migrate(db);
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ orders })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ordersUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  await db?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function depsFor(engineId: string): Promise<DomainReconcileDeps> {
  // This engine has no instance of the order (the engine is asked once the mirror shows none).
  const engine = { countRunningInstances: async () => 0 } as unknown as EngineAdapter;
  return {
    db, engineId, cases: new CasesRepo(db), catalog: await referenceCatalog(), clock: { now: () => NOW },
    engine, domain: new DomainServices({ orders: ordersUrl }), processes: new ProcessesRepo(db), startGraceMs: 30_000,
  };
}

describe('lost-start reconcile per engine', () => {
  it("finds a lost start in its engine although the same order runs in another engine, and keeps each engine's case its own", async () => {
    // The same order id runs in north (its own order service there); south's order service has it submitted, never started.
    await db.query(
      `INSERT INTO process_instance (engine_id, id, business_key, entity_type, entity_id, definition_id, definition_key, definition_version, state,
         current_activity_ids, started_at, synced_at)
       VALUES ('north', 'n-1', 'order:ORD-900001', 'ORDER', 'ORD-900001', 'order-orchestration:1:x', 'order-orchestration', 1, 'ACTIVE', '{checkAvailability}', $1, $1)`,
      [new Date('2026-03-10T11:00:05.000Z')],
    );
    // A lost-start case of this order is already open on a third engine, from its own order service.
    const east = await reconcileOrders({ ...(await depsFor('east')) });
    expect(east.created).toBe(1);

    const south = await reconcileOrders(await depsFor('south'));
    expect(south.created).toBe(1);
    const rows = await db.query<{ engine_id: string; source: string; business_key: string }>(
      "SELECT engine_id, source, business_key FROM fallout_case WHERE finding_key = 'reconcile:NEVER_STARTED:order:ORD-900001' ORDER BY engine_id",
    );
    expect(rows).toEqual([
      { engine_id: 'east', source: 'RECONCILE', business_key: 'order:ORD-900001' },
      { engine_id: 'south', source: 'RECONCILE', business_key: 'order:ORD-900001' },
    ]);

    // North, where the workflow runs, has no lost start; a second pass of south changes nothing.
    expect((await reconcileOrders(await depsFor('north'))).created).toBe(0);
    expect((await reconcileOrders(await depsFor('south'))).created).toBe(0);
    const open = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM fallout_case WHERE finding_key = 'reconcile:NEVER_STARTED:order:ORD-900001'");
    expect(open[0]!.n).toBe(2);
  });
});
