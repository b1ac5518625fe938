// Signed checkpoints anchor the audit chain outside the database. The chain alone proves that no event was
// changed *without recomputing the later hashes*; someone who can write the table can recompute them all and
// the chain verifies again. A checkpoint is the chain head (position and hash) signed with a key the
// database does not hold, kept in a file the database does not hold: a rewrite before a checkpoint's
// position changes the hash at that position, and no new signature can be made for it.
import { sign, verify } from 'node:crypto';
import type { AuditVerification } from '../../contracts/audit.js';
import type { Clock } from '../clock.js';
import { eventsAtChainIndexes, readChainHead } from '../store/audit-repo.js';
import type { Queryable } from '../store/db.js';
import type { CheckpointKey } from './checkpoint-key.js';
import type { CheckpointFile, CheckpointStore, SignedCheckpoint } from './checkpoint-store.js';

type Problem = AuditVerification['problems'][number];
export type AnchorSummary = NonNullable<AuditVerification['anchor']>;

/** The exact bytes that are signed: a fixed label, so a signature made for anything else never fits. */
export function checkpointText(chainIndex: number, hash: string, at: string): Buffer {
  return Buffer.from(`fallout-workbench audit checkpoint\n${chainIndex}\n${hash}\n${at}`, 'utf8');
}

export function signCheckpoint(key: CheckpointKey, head: { lastIndex: number; lastHash: string }, at: Date): SignedCheckpoint {
  const iso = at.toISOString();
  return {
    chainIndex: head.lastIndex,
    hash: head.lastHash,
    at: iso,
    keyId: key.keyId,
    signature: sign(null, checkpointText(head.lastIndex, head.lastHash, iso), key.privateKey).toString('base64'),
  };
}

export function hasValidSignature(checkpoint: SignedCheckpoint, key: CheckpointKey): boolean {
  try {
    return verify(null, checkpointText(checkpoint.chainIndex, checkpoint.hash, checkpoint.at), key.publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Writes a checkpoint of the current head when the chain has grown since the last one; returns it, or null. */
export class CheckpointWriter {
  private lastWrittenIndex: number | null = null;

  constructor(private readonly deps: { db: Queryable; store: CheckpointStore; key: CheckpointKey; clock: Clock }) {}

  async writeIfGrown(): Promise<SignedCheckpoint | null> {
    const { db, store, key, clock } = this.deps;
    this.lastWrittenIndex ??= Math.max(0, ...(await store.read()).checkpoints.filter((c) => c.keyId === key.keyId).map((c) => c.chainIndex));
    const head = await readChainHead(db);
    if (head.lastIndex <= this.lastWrittenIndex) return null;
    const checkpoint = signCheckpoint(key, head, clock.now());
    await store.append(checkpoint);
    this.lastWrittenIndex = head.lastIndex;
    return checkpoint;
  }
}

/**
 * Compares the chain with every checkpoint signed by this key. The chain is trusted up to the last checkpoint
 * that still matches below the first that does not; the first event after it is the first one to distrust.
 */
export async function checkAgainstCheckpoints(db: Queryable, file: CheckpointFile, key: CheckpointKey): Promise<{ anchor: AnchorSummary; problems: Problem[] }> {
  const ours = file.checkpoints.filter((c) => c.keyId === key.keyId);
  const signed = ours.filter((c) => hasValidSignature(c, key));
  const forged = ours.length - signed.length;
  const byIndex = new Map<number, SignedCheckpoint>();
  for (const checkpoint of signed) if (checkpoint.chainIndex > 0) byIndex.set(checkpoint.chainIndex, checkpoint);
  const ordered = [...byIndex.values()].sort((a, b) => a.chainIndex - b.chainIndex);
  const events = await eventsAtChainIndexes(db, ordered.map((c) => c.chainIndex));

  const firstBad = ordered.find((c) => events.get(c.chainIndex)?.hash !== c.hash) ?? null;
  const lastGood = [...ordered].reverse().find((c) => (!firstBad || c.chainIndex < firstBad.chainIndex) && events.get(c.chainIndex)?.hash === c.hash) ?? null;

  const problems: Problem[] = [];
  if (forged > 0) {
    problems.push({
      seq: 0,
      kind: 'CHECKPOINT_INVALID',
      message: `${forged} checkpoint${forged === 1 ? '' : 's'} in the checkpoint file carry this key's id but not its signature: the file was edited.`,
    });
  }
  if (firstBad) {
    const trustedThrough = lastGood?.chainIndex ?? 0;
    const [firstSuspect] = (await eventsAtChainIndexes(db, [trustedThrough + 1])).values();
    const since = lastGood ? `the checkpoint of ${lastGood.at} (position ${lastGood.chainIndex})` : 'the start of the chain';
    problems.push({
      seq: firstSuspect?.seq ?? 0,
      kind: 'REWRITTEN',
      message:
        `The chain no longer matches the checkpoint signed at ${firstBad.at} for position ${firstBad.chainIndex}: it was rewritten after ${since}. ` +
        (firstSuspect ? `Event #${firstSuspect.seq} (position ${trustedThrough + 1}) is the first that can no longer be trusted.` : 'No event after it remains.'),
    });
  }
  return {
    anchor: {
      keyId: key.keyId,
      checkpoints: signed.length,
      lastGood: lastGood ? { chainIndex: lastGood.chainIndex, at: lastGood.at } : null,
      invalidSignatures: forged,
      unreadableLines: file.unreadable,
    },
    problems,
  };
}
