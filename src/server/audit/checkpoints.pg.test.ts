// The audit anchor on a real PostgreSQL server: a database owner rewrites one event and recomputes the rest of
// the chain; the chain still verifies, the signed checkpoints outside the database do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createTestDatabase } from '../testing/test-context.js';
import { fifteenEventsWithCheckpoints } from './checkpoint-scenario.js';
import { rewriteChainFrom } from './test-helpers.js';
import { verifyAuditChain, verifyAuditEvidence } from './verify.js';

let database: { url: string; drop: () => Promise<void> };
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = await openDb({ databaseUrl: database.url });
  await migrate(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe('on PostgreSQL', () => {
  it('names the first event after the last checkpoint the rewritten chain still matches', async () => {
    const anchor = await fifteenEventsWithCheckpoints(db);
    await rewriteChainFrom(db, 12, { n: 12, note: 'approved by sara.supervisor' });
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const result = await verifyAuditEvidence(db, anchor);
    const [{ seq }] = (await db.query<{ seq: number }>('SELECT seq FROM audit_event WHERE chain_index = 11')) as [{ seq: number }];
    expect(result.ok).toBe(false);
    expect(result.anchor?.lastGood?.chainIndex).toBe(10);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: 'REWRITTEN', seq: Number(seq) });
    expect(result.problems[0]!.message).toContain(`Event #${seq} (position 11) is the first that can no longer be trusted.`);
  });
});
