// Re-checks the whole audit chain: every event against its own hash and hashed text, and against its
// neighbour. Reports which event was edited, deleted or moved, one problem per cause.
import type { AuditVerification } from '../../contracts/audit.js';
import {
  canonicalJson,
  GENESIS_HASH,
  hashCanonical,
  iterateAuditEvents,
  readChainHead,
  type ChainedFields,
  type StoredAuditEvent,
} from '../store/audit-repo.js';
import type { Queryable } from '../store/db.js';
import type { CheckpointKey } from './checkpoint-key.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { checkAgainstCheckpoints } from './checkpoints.js';

type Problem = AuditVerification['problems'][number];

/**
 * Callers stamp `at` before their transaction takes the chain lock, so honest neighbours can be out of time
 * order by about as long as a command runs. Only an event dated well before one already in the chain
 * (a back-dated append) counts as reordered.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;

/** Beyond this many problems the chain is plainly compromised; listing more helps nobody. */
const MAX_PROBLEMS = 1000;

export async function verifyAuditChain(db: Queryable, options: { clockSkewToleranceMs?: number } = {}): Promise<AuditVerification> {
  const tolerance = options.clockSkewToleranceMs ?? CLOCK_SKEW_TOLERANCE_MS;
  // Read the head first: events appended while we iterate lie beyond it and are checked like any other.
  const head = await readChainHead(db);
  const problems: Problem[] = [];
  const report = (found: Problem[]) => problems.push(...found.slice(0, MAX_PROBLEMS - problems.length));
  let previous: StoredAuditEvent | null = null;
  let previousMoved = false;
  let latestAt = Number.NEGATIVE_INFINITY;
  let checked = 0;

  for await (const event of iterateAuditEvents(db, {})) {
    checked += 1;
    const found = checkEvent(event, previous, previousMoved, latestAt, tolerance);
    report(found.problems);
    previousMoved = found.moved;
    latestAt = Math.max(latestAt, event.at.getTime());
    previous = event;
  }
  report(checkTail(head, previous));
  return { ok: problems.length === 0, checked, headHash: previous?.hash ?? null, problems, anchor: null };
}

function checkEvent(
  event: StoredAuditEvent,
  previous: StoredAuditEvent | null,
  previousMoved: boolean,
  latestAt: number,
  tolerance: number,
): { problems: Problem[]; moved: boolean } {
  const problems: Problem[] = [];
  const flag = (kind: Problem['kind'], message: string) => problems.push({ seq: event.seq, kind, message });

  if (hashCanonical(event.canonical) !== event.hash) {
    flag('EDITED', 'Its stored hash is not the hash of its recorded text: the text or the hash was changed.');
  }
  const differing = fieldsDifferingFromHashedText(event);
  const moved = differing.filter((f) => f === 'seq' || f === 'chainIndex');
  const edited = differing.filter((f) => f !== 'seq' && f !== 'chainIndex');
  if (edited.length && !problems.some((p) => p.kind === 'EDITED')) {
    flag('EDITED', `${edited.join(', ')} ${edited.length === 1 ? 'differs' : 'differ'} from what was hashed when the event was recorded.`);
  }

  const expectedIndex = (previous?.chainIndex ?? 0) + 1;
  const outOfPlace = moved.length > 0 || event.chainIndex < expectedIndex || (previous !== null && event.seq <= previous.seq);
  if (moved.length) {
    flag('REORDERED', `It now sits at chain position ${event.chainIndex} (seq ${event.seq}), not where it was recorded.`);
  } else if (event.chainIndex < expectedIndex) {
    flag('REORDERED', `Chain position ${event.chainIndex} is outside the chain, which starts at 1.`);
  } else if (previous && event.seq <= previous.seq) {
    flag('REORDERED', `It was written before seq ${previous.seq}, yet follows it in the chain.`);
  } else if (event.at.getTime() < latestAt - tolerance) {
    flag('REORDERED', `Dated ${event.at.toISOString()}, well before ${new Date(latestAt).toISOString()} of an earlier event in the chain.`);
  }

  const gap = event.chainIndex - expectedIndex;
  if (gap > 0) {
    flag('DELETED', gap === 1
      ? `The event at chain position ${expectedIndex}, just before this one, is missing.`
      : `The ${gap} events at chain positions ${expectedIndex}–${event.chainIndex - 1}, just before this one, are missing.`);
  }

  // A deleted or moved event already explains a broken link, also the one into the event after a moved
  // one; say it only when nothing else does.
  const explained = previousMoved || outOfPlace || problems.some((p) => p.kind === 'DELETED');
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (!explained && event.prevHash !== expectedPrev) {
    flag(
      'BROKEN_LINK',
      previous
        ? `Its previous hash is not the hash of seq ${previous.seq}: seq ${previous.seq} was rewritten, or an event was put in between.`
        : 'The first event of the chain does not start from the genesis hash.',
    );
  }
  return { problems, moved: outOfPlace };
}

/** Events deleted from the end leave no gap; the chain head still counts them. */
function checkTail(head: { lastIndex: number; lastHash: string }, last: StoredAuditEvent | null): Problem[] {
  const lastIndex = last?.chainIndex ?? 0;
  if (lastIndex < head.lastIndex) {
    return [{
      seq: last?.seq ?? 0,
      kind: 'DELETED',
      message: `The chain head counts ${head.lastIndex} events, but the chain ends at position ${lastIndex}: the latest events were deleted.`,
    }];
  }
  if (last && lastIndex === head.lastIndex && last.hash !== head.lastHash) {
    return [{ seq: last.seq, kind: 'BROKEN_LINK', message: 'The last event is not the one the chain head recorded: it was replaced.' }];
  }
  return [];
}

type HashedField = keyof ChainedFields;
const HASHED_FIELDS: HashedField[] = [
  'action', 'actor', 'at', 'businessKey', 'caseId', 'chainIndex', 'commandId', 'detail', 'idempotencyKey', 'outcome', 'prevHash', 'roles', 'seq', 'team',
];

/** Names the stored columns that no longer say what the hashed text says. */
function fieldsDifferingFromHashedText(event: StoredAuditEvent): string[] {
  let hashed: Record<string, unknown>;
  try {
    hashed = JSON.parse(event.canonical) as Record<string, unknown>;
  } catch {
    return ['recorded text'];
  }
  if (!hashed || typeof hashed !== 'object' || Array.isArray(hashed)) return ['recorded text'];
  const differing: string[] = [];
  if (canonicalJson(hashed) !== event.canonical || Object.keys(hashed).some((k) => !(HASHED_FIELDS as string[]).includes(k))) {
    differing.push('recorded text');
  }
  for (const field of HASHED_FIELDS) {
    if (!sameValue(field, hashed[field], event)) differing.push(field);
  }
  return differing;
}

function sameValue(field: HashedField, hashed: unknown, event: StoredAuditEvent): boolean {
  switch (field) {
    case 'at':
      return hashed === event.at.toISOString();
    case 'roles':
      return canonicalJson(hashed) === canonicalJson(event.roles);
    case 'detail':
      // The column must hold exactly the canonical text, not merely equivalent JSON.
      return hashed !== undefined && canonicalJson(hashed) === event.detail;
    default:
      return hashed === event[field];
  }
}

/** The chain checked against itself and, where configured, against the signed checkpoints kept outside the database. */
export async function verifyAuditEvidence(db: Queryable, anchor: { store: CheckpointStore; key: CheckpointKey } | null): Promise<AuditVerification> {
  const chain = await verifyAuditChain(db);
  if (!anchor) return chain;
  const anchored = await checkAgainstCheckpoints(db, await anchor.store.read(), anchor.key);
  const problems = [...chain.problems, ...anchored.problems];
  return { ...chain, ok: problems.length === 0, problems, anchor: anchored.anchor };
}
