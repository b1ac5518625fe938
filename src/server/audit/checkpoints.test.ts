// Signed checkpoints of the audit chain, kept outside the database, on an in-memory PGlite.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/db.js';
import { fifteenEventsWithCheckpoints, newCheckpointKey } from './checkpoint-scenario.js';
import { CheckpointWriter } from './checkpoints.js';
import { pgliteSchemas, rewriteChainFrom } from './test-helpers.js';
import { verifyAuditChain, verifyAuditEvidence } from './verify.js';

let schemas: Awaited<ReturnType<typeof pgliteSchemas>>;
beforeAll(async () => {
  schemas = await pgliteSchemas();
}, 60_000);
afterAll(() => schemas?.close());

const seqAt = async (db: Db, chainIndex: number) =>
  Number((await db.query<{ seq: number }>('SELECT seq FROM audit_event WHERE chain_index = $1', [chainIndex]))[0]!.seq);

describe('audit checkpoints', () => {
  it('writes a signed checkpoint only when the chain has grown since the last one', async () => {
    const db = await schemas.fresh();
    const anchor = await fifteenEventsWithCheckpoints(db);
    const { checkpoints } = await anchor.store.read();
    expect(checkpoints.map((c) => c.chainIndex)).toEqual([5, 10, 15]);
    expect(checkpoints.every((c) => c.keyId === anchor.key.keyId)).toBe(true);
    const writer = new CheckpointWriter({ db, ...anchor, clock: { now: () => new Date('2026-03-01T10:00:00.000Z') } });
    expect(await writer.writeIfGrown()).toBeNull();
    expect((await anchor.store.read()).checkpoints).toHaveLength(3);
  });

  it('verifies an untouched chain up to its newest checkpoint', async () => {
    const db = await schemas.fresh();
    const anchor = await fifteenEventsWithCheckpoints(db);
    const result = await verifyAuditEvidence(db, anchor);
    expect(result.ok).toBe(true);
    expect(result.anchor).toEqual({
      keyId: anchor.key.keyId, checkpoints: 3, lastGood: { chainIndex: 15, at: '2026-03-01T09:02:00.000Z' }, invalidSignatures: 0, unreadableLines: 0,
    });
  });

  it('catches a rewrite that the chain alone cannot, and names the first event after the last good checkpoint', async () => {
    const db = await schemas.fresh();
    const anchor = await fifteenEventsWithCheckpoints(db);
    await rewriteChainFrom(db, 7, { n: 7, note: 'the retry was approved' });

    // The attack works against the chain on its own: every hash was recomputed.
    expect((await verifyAuditChain(db)).ok).toBe(true);

    const result = await verifyAuditEvidence(db, anchor);
    expect(result.ok).toBe(false);
    expect(result.anchor?.lastGood).toEqual({ chainIndex: 5, at: '2026-03-01T09:00:00.000Z' });
    expect(result.problems).toEqual([
      {
        seq: await seqAt(db, 6),
        kind: 'REWRITTEN',
        message:
          'The chain no longer matches the checkpoint signed at 2026-03-01T09:01:00.000Z for position 10: it was rewritten after the checkpoint of ' +
          `2026-03-01T09:00:00.000Z (position 5). Event #${await seqAt(db, 6)} (position 6) is the first that can no longer be trusted.`,
      },
    ]);
  });

  it('refuses checkpoints edited in the file, and ignores lines that are not checkpoints', async () => {
    const db = await schemas.fresh();
    const anchor = await fifteenEventsWithCheckpoints(db);
    const lines = readFileSync(anchor.store.file, 'utf8').trim().split('\n');
    const forged = { ...JSON.parse(lines[2]!), chainIndex: 14 };
    writeFileSync(anchor.store.file, [lines[0], lines[1], JSON.stringify(forged), '{"torn', ''].join('\n'));
    const result = await verifyAuditEvidence(db, anchor);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(['CHECKPOINT_INVALID']);
    expect(result.anchor).toMatchObject({ checkpoints: 2, invalidSignatures: 1, unreadableLines: 1, lastGood: { chainIndex: 10 } });
  });

  it('does not trust checkpoints signed with another key', async () => {
    const db = await schemas.fresh();
    const anchor = await fifteenEventsWithCheckpoints(db);
    await rewriteChainFrom(db, 3, { n: 3, forged: true });
    const result = await verifyAuditEvidence(db, { store: anchor.store, key: newCheckpointKey() });
    // None of the file's checkpoints is this key's: nothing to compare with, which the answer says.
    expect(result.anchor).toMatchObject({ checkpoints: 0, lastGood: null });
  });
});
