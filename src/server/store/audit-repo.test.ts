import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pgliteSchemas } from '../audit/test-helpers.js';
import { verifyAuditChain } from '../audit/verify.js';
import { appendAudit, iterateAuditEvents, listAuditEvents, readChainHead, type AuditEntry } from './audit-repo.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';

const ZERO_HASH = '0000000000000000000000000000000000000000000000000000000000000000';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date('2026-03-01T08:00:00.000Z'),
    actor: 'olivia.ops',
    roles: ['support', 'fulfillment_ops'],
    team: 'fulfillment',
    caseId: 'FO-2026-000001',
    businessKey: 'ORD-1001',
    action: 'RETRY_STEP',
    commandId: 'cmd-1',
    idempotencyKey: 'key-1',
    outcome: 'REQUESTED',
    detail: { preconditions: { status: 'OPEN' }, inputs: { reason: 'timeout' } },
    ...overrides,
  };
}

let schemas: Awaited<ReturnType<typeof pgliteSchemas>>;
let db: Db;
beforeAll(async () => {
  schemas = await pgliteSchemas();
}, 60_000);
afterAll(() => schemas?.close());

describe('appendAudit', () => {
  beforeEach(async () => {
    db = await schemas.fresh();
  });
  const append = (e: AuditEntry) => db.transaction((tx) => appendAudit(tx, e));

  it('stores the exact canonical text it hashed, with every field, the chain position and the previous hash', async () => {
    await append(entry());
    const [row] = await db.query<{ canonical: string; hash: string; prev_hash: string; chain_index: number }>(
      'SELECT canonical, hash, prev_hash, chain_index FROM audit_event',
    );
    expect(row!.canonical).toBe(
      '{"action":"RETRY_STEP","actor":"olivia.ops","at":"2026-03-01T08:00:00.000Z","businessKey":"ORD-1001","caseId":"FO-2026-000001",' +
        '"chainIndex":1,"commandId":"cmd-1","detail":{"inputs":{"reason":"timeout"},"preconditions":{"status":"OPEN"}},"idempotencyKey":"key-1",' +
        `"outcome":"REQUESTED","prevHash":"${ZERO_HASH}","roles":["support","fulfillment_ops"],"seq":1,"team":"fulfillment"}`,
    );
    expect(row!.hash).toBe(sha256(row!.canonical));
    expect(row!.prev_hash).toBe(ZERO_HASH);
    expect(row!.chain_index).toBe(1);
  });

  it('links every event to the one before and moves the chain head along', async () => {
    await append(entry());
    await append(entry({ outcome: 'DONE' }));
    await append(entry({ team: undefined, actor: 'system', roles: [], outcome: 'RESOLVED' }));
    const rows = await db.query<{ chain_index: number; prev_hash: string; hash: string; team: string | null }>(
      'SELECT chain_index, prev_hash, hash, team FROM audit_event ORDER BY seq',
    );
    expect(rows.map((r) => r.chain_index)).toEqual([1, 2, 3]);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(rows[2]!.team).toBeNull();
    expect(await readChainHead(db)).toEqual({ lastIndex: 3, lastHash: rows[2]!.hash });
  });

  it('leaves no trace when the caller rolls back, and the next append takes the free position', async () => {
    await append(entry());
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, entry({ outcome: 'DONE' }));
        throw new Error('the command failed after auditing');
      }),
    ).rejects.toThrow('the command failed');
    await append(entry({ outcome: 'FAILED' }));
    const rows = await db.query<{ chain_index: number; outcome: string }>('SELECT chain_index, outcome FROM audit_event ORDER BY chain_index');
    expect(rows).toEqual([{ chain_index: 1, outcome: 'REQUESTED' }, { chain_index: 2, outcome: 'FAILED' }]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('refuses updates, deletes and truncation of events', async () => {
    await append(entry());
    await expect(db.query("UPDATE audit_event SET outcome = 'DONE'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    await expect(db.query('UPDATE audit_chain_head SET last_index = 0')).rejects.toThrow(/only moves forward/);
    expect(await db.query('SELECT outcome FROM audit_event')).toEqual([{ outcome: 'REQUESTED' }]);
  });
});

describe('listAuditEvents and iterateAuditEvents', () => {
  beforeEach(async () => {
    db = await schemas.fresh();
    const events: Partial<AuditEntry>[] = [
      { at: new Date('2026-03-01T08:00:00Z'), caseId: 'FO-2026-000001', businessKey: 'ORD-1001', outcome: 'REQUESTED' },
      { at: new Date('2026-03-01T09:00:00Z'), caseId: 'FO-2026-000002', businessKey: 'ORD-2002', outcome: 'REQUESTED' },
      { at: new Date('2026-03-01T10:00:00Z'), caseId: 'FO-2026-000001', businessKey: 'ORD-1001', outcome: 'DONE' },
      { at: new Date('2026-03-02T08:00:00Z'), caseId: null, businessKey: null, action: 'LOGIN', outcome: 'OK' },
    ];
    for (const e of events) await db.transaction((tx) => appendAudit(tx, entry(e)));
  });

  it('lists newest first by default, with the total of all matches', async () => {
    const page = await listAuditEvents(db, {}, { limit: 2, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.items.map((e) => e.chainIndex)).toEqual([4, 3]);
    const next = await listAuditEvents(db, {}, { limit: 2, offset: 2 });
    expect(next.items.map((e) => e.chainIndex)).toEqual([2, 1]);
  });

  it('lists in chain order when asked', async () => {
    const page = await listAuditEvents(db, {}, { limit: 10, offset: 0, order: 'asc' });
    expect(page.items.map((e) => e.chainIndex)).toEqual([1, 2, 3, 4]);
  });

  it('filters by case, by business key regardless of letter case, and by a time range that includes from and excludes to', async () => {
    const byCase = await listAuditEvents(db, { caseId: 'FO-2026-000001' }, { limit: 10, offset: 0, order: 'asc' });
    expect(byCase.items.map((e) => e.outcome)).toEqual(['REQUESTED', 'DONE']);
    expect(byCase.total).toBe(2);
    const byKey = await listAuditEvents(db, { businessKey: 'ord-2002' }, { limit: 10, offset: 0 });
    expect(byKey.items.map((e) => e.caseId)).toEqual(['FO-2026-000002']);
    const byTime = await listAuditEvents(
      db,
      { from: new Date('2026-03-01T09:00:00Z'), to: new Date('2026-03-02T08:00:00Z') },
      { limit: 10, offset: 0, order: 'asc' },
    );
    expect(byTime.items.map((e) => e.chainIndex)).toEqual([2, 3]);
  });

  it('iterates in chain order across batches and stops at the given chain position', async () => {
    const all: number[] = [];
    for await (const e of iterateAuditEvents(db, {}, { batchSize: 1 })) all.push(e.chainIndex);
    expect(all).toEqual([1, 2, 3, 4]);
    const upTo: number[] = [];
    for await (const e of iterateAuditEvents(db, { caseId: 'FO-2026-000001' }, { batchSize: 1, upToChainIndex: 2 })) upTo.push(e.chainIndex);
    expect(upTo).toEqual([1]);
  });
});

describe('events written before the chain existed', () => {
  it('join the chain in seq order when migration 004 runs, and verify like any other', async () => {
    db = await schemas.fresh({ migrateUpTo: '003_sessions.sql' });
    const insert = (at: string, actor: string, detail: string) =>
      db.query(
        `INSERT INTO audit_event (at, actor, roles, case_id, business_key, action, command_id, idempotency_key, outcome, detail)
         VALUES ($1, $2, $3, $4, NULL, 'RETRY_STEP', NULL, NULL, 'DENIED', $5)`,
        [at, actor, ['support'], 'FO-2026-000007', detail],
      );
    // Text appendAudit wrote before: canonical JSON, here with quotes, a backslash, a newline, a control
    // character and non-ASCII letters; and a time with microseconds, which JavaScript cannot hold.
    await insert('2026-02-01T10:00:00.123456Z', 'sam.support', '{"note":"said \\"hi\\" \\\\ then\\n\\u0001 left","reason":"role","who":"Zoë"}');
    await insert('2026-02-01T10:05:00Z', 'ann "quoted" ops', '{}');
    await migrate(db);

    const rows = await db.query<{ canonical: string; hash: string; chain_index: number; prev_hash: string }>(
      'SELECT canonical, hash, chain_index, prev_hash FROM audit_event ORDER BY seq',
    );
    expect(rows[0]!.canonical).toBe(
      '{"action":"RETRY_STEP","actor":"sam.support","at":"2026-02-01T10:00:00.123Z","businessKey":null,"caseId":"FO-2026-000007","chainIndex":1,' +
        '"commandId":null,"detail":{"note":"said \\"hi\\" \\\\ then\\n\\u0001 left","reason":"role","who":"Zoë"},"idempotencyKey":null,' +
        `"outcome":"DENIED","prevHash":"${ZERO_HASH}","roles":["support"],"seq":1,"team":null}`,
    );
    expect(rows[0]!.hash).toBe(sha256(rows[0]!.canonical));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows.map((r) => r.chain_index)).toEqual([1, 2]);

    await db.transaction((tx) => appendAudit(tx, entry()));
    const verification = await verifyAuditChain(db);
    expect(verification).toMatchObject({ ok: true, checked: 3, problems: [] });
  });
});
