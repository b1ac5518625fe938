// The rewrite scenario shared by the PGlite and the PostgreSQL checkpoint tests: 15 events with a signed
// checkpoint after every fifth, then an owner of the database rewrites event 7 and recomputes the rest.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock.js';
import { appendAudit, type AuditEntry } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import { checkpointKeyFromPem, type CheckpointKey } from './checkpoint-key.js';
import { CheckpointStore } from './checkpoint-store.js';
import { CheckpointWriter } from './checkpoints.js';

export function newCheckpointKey(): CheckpointKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return checkpointKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

export const scenarioEntry = (n: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 2, 1, 8, n, 0)),
  actor: 'olivia.ops', roles: ['fulfillment_ops'], team: 'fulfillment',
  caseId: `FO-2026-${String(n).padStart(6, '0')}`, businessKey: `order:ORD-${100900 + n}`, action: 'RETRY_STEP', commandId: `cmd-${n}`, idempotencyKey: `key-${n}`,
  outcome: 'DONE', detail: { n },
});

/** Appends 15 events, writing a checkpoint after events 5, 10 and 15; returns the anchor to verify against. */
export async function fifteenEventsWithCheckpoints(db: Db): Promise<{ store: CheckpointStore; key: CheckpointKey }> {
  const key = newCheckpointKey();
  const store = new CheckpointStore(mkdtempSync(path.join(tmpdir(), 'fw-checkpoints-')));
  let minute = 0;
  const clock: Clock = { now: () => new Date(Date.UTC(2026, 2, 1, 9, minute++, 0)) };
  const writer = new CheckpointWriter({ db, store, key, clock });
  for (let n = 1; n <= 15; n++) {
    await db.transaction((tx) => appendAudit(tx, scenarioEntry(n)));
    if (n % 5 === 0) await writer.writeIfGrown();
  }
  return { store, key };
}
