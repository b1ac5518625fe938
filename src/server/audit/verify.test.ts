import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, canonicalJson, hashCanonical, type AuditEntry } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import { pgliteSchemas, tamper } from './test-helpers.js';
import { verifyAuditChain } from './verify.js';

let schemas: Awaited<ReturnType<typeof pgliteSchemas>>;
let db: Db;
beforeAll(async () => {
  schemas = await pgliteSchemas();
}, 60_000);
afterAll(() => schemas?.close());

const append = (n: number, overrides: Partial<AuditEntry> = {}) =>
  db.transaction((tx) =>
    appendAudit(tx, {
      at: new Date(Date.UTC(2026, 2, 1, 8, n)),
      actor: 'omar.ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment',
      caseId: 'FO-2026-000042', businessKey: 'ORD-4242', action: 'RETRY_STEP', commandId: `cmd-${n}`, idempotencyKey: `key-${n}`,
      outcome: 'DONE', detail: { step: n, engineCalls: [{ call: 'PUT /job/retries', result: 204 }] },
      ...overrides,
    }),
  );

describe('verifyAuditChain', () => {
  beforeEach(async () => {
    db = await schemas.fresh();
  });

  it('finds nothing wrong with an empty chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0, headHash: null, problems: [], anchor: null });
  });

  describe('with five events (seq 1 to 5)', () => {
    let hashes: string[];
    beforeEach(async () => {
      hashes = [];
      for (let n = 1; n <= 5; n++) hashes.push((await append(n)).hash);
    });

    it('reports an intact chain and its head hash', async () => {
      expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 5, headHash: hashes[4], problems: [], anchor: null });
    });

    it('names an event whose detail was edited', async () => {
      await tamper(db, (tx) => tx.query(`UPDATE audit_event SET detail = '{"engineCalls":[],"step":3}' WHERE seq = 3`));
      const result = await verifyAuditChain(db);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([{ seq: 3, kind: 'EDITED', message: 'detail differs from what was hashed when the event was recorded.' }]);
    });

    it('names an event whose outcome and actor were edited, even when the edit keeps the JSON meaning of the detail', async () => {
      await tamper(db, (tx) => tx.query(`UPDATE audit_event SET outcome = 'FAILED', actor = 'sam.support' WHERE seq = 2`));
      await tamper(db, (tx) => tx.query(`UPDATE audit_event SET detail = '{ "engineCalls":[{"call":"PUT /job/retries","result":204}],"step":4}' WHERE seq = 4`));
      const result = await verifyAuditChain(db);
      expect(result.problems).toEqual([
        { seq: 2, kind: 'EDITED', message: 'actor, outcome differ from what was hashed when the event was recorded.' },
        { seq: 4, kind: 'EDITED', message: 'detail differs from what was hashed when the event was recorded.' },
      ]);
    });

    it('names an event whose recorded text was edited (its hash no longer fits)', async () => {
      await tamper(db, (tx) => tx.query(`UPDATE audit_event SET canonical = replace(canonical, '"DONE"', '"FAILED"'), outcome = 'FAILED' WHERE seq = 2`));
      const result = await verifyAuditChain(db);
      expect(result.problems).toEqual([{ seq: 2, kind: 'EDITED', message: expect.stringContaining('stored hash is not the hash of its recorded text') }]);
    });

    it('names the event after one deleted from the middle', async () => {
      await tamper(db, (tx) => tx.query('DELETE FROM audit_event WHERE seq = 3'));
      const result = await verifyAuditChain(db);
      expect(result.checked).toBe(4);
      expect(result.problems).toEqual([{ seq: 4, kind: 'DELETED', message: 'The event at chain position 3, just before this one, is missing.' }]);
    });

    it('notices events deleted from the end, which leave no gap', async () => {
      await tamper(db, (tx) => tx.query('DELETE FROM audit_event WHERE seq >= 4'));
      const result = await verifyAuditChain(db);
      expect(result.problems).toEqual([
        { seq: 3, kind: 'DELETED', message: 'The chain head counts 5 events, but the chain ends at position 3: the latest events were deleted.' },
      ]);
    });

    it('names both events when two swapped their chain positions', async () => {
      await tamper(db, async (tx) => {
        await tx.query('UPDATE audit_event SET chain_index = -1 WHERE seq = 2');
        await tx.query('UPDATE audit_event SET chain_index = 2 WHERE seq = 3');
        await tx.query('UPDATE audit_event SET chain_index = 3 WHERE seq = 2');
      });
      const result = await verifyAuditChain(db);
      expect(result.problems.map(({ seq, kind }) => ({ seq, kind }))).toEqual([
        { seq: 3, kind: 'REORDERED' },
        { seq: 2, kind: 'REORDERED' },
      ]);
    });

    it('names the event after one that was rewritten with a fresh, self-consistent hash', async () => {
      await tamper(db, async (tx) => {
        const [row] = await tx.query<{ canonical: string }>('SELECT canonical FROM audit_event WHERE seq = 2');
        const rewritten = row!.canonical.replace('"outcome":"DONE"', '"outcome":"FAILED"');
        await tx.query(`UPDATE audit_event SET outcome = 'FAILED', canonical = $1, hash = $2 WHERE seq = 2`, [rewritten, hashCanonical(rewritten)]);
      });
      const result = await verifyAuditChain(db);
      expect(result.problems).toEqual([
        { seq: 3, kind: 'BROKEN_LINK', message: 'Its previous hash is not the hash of seq 2: seq 2 was rewritten, or an event was put in between.' },
      ]);
    });

    it('names a back-dated event appended at the end', async () => {
      await append(6, { at: new Date('2026-02-28T08:00:00Z') });
      const result = await verifyAuditChain(db);
      expect(result.problems).toEqual([
        { seq: 6, kind: 'REORDERED', message: 'Dated 2026-02-28T08:00:00.000Z, well before 2026-03-01T08:05:00.000Z of an earlier event in the chain.' },
      ]);
    });

    it('accepts neighbours a few seconds out of time order, as concurrent commands produce them', async () => {
      await append(6, { at: new Date('2026-03-01T08:04:30Z') });
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });
  });

  it('checks a detail written with keys in another order as edited (the column must hold the canonical text)', async () => {
    await append(1);
    const canonical = canonicalJson({ step: 1, engineCalls: [{ call: 'PUT /job/retries', result: 204 }] });
    await tamper(db, (tx) => tx.query(`UPDATE audit_event SET detail = $1 WHERE seq = 1`, [canonical]));
    expect((await verifyAuditChain(db)).ok).toBe(true);
    await tamper(db, (tx) => tx.query(`UPDATE audit_event SET detail = '{"step":1,"engineCalls":[{"call":"PUT /job/retries","result":204}]}' WHERE seq = 1`));
    expect((await verifyAuditChain(db)).problems).toEqual([{ seq: 1, kind: 'EDITED', message: 'detail differs from what was hashed when the event was recorded.' }]);
  });
});
