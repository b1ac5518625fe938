// Changes gathered between two events: which kinds changed, and which cases (or "any case").
import { liveKinds, type LiveChange, type LiveKind } from '../../contracts/live.js';
import type { Role } from '../../contracts/session.js';
import type { ChangeNote } from './change-note.js';

/** Past this many case ids an event says "any case" instead: a page refetches what it shows either way. */
export const MAX_CASE_IDS = 200;

export class ChangeBatch {
  private readonly kinds = new Set<LiveKind>();
  /** null: any case may have changed. */
  private caseIds: Set<string> | null = new Set();

  get empty(): boolean {
    return this.kinds.size === 0;
  }

  add(note: ChangeNote): void {
    this.kinds.add(note.kind);
    if (note.kind === 'freeze') {
      // A freeze changes the `frozen` flag of every case at its activity; which ones is not in the note.
      this.kinds.add('case');
      this.caseIds = null;
      return;
    }
    if (note.ids === 'many') {
      this.caseIds = null;
      return;
    }
    if (!this.caseIds) return;
    for (const id of note.ids) this.caseIds.add(id);
    if (this.caseIds.size > MAX_CASE_IDS) this.caseIds = null;
  }

  /** Everything may have changed: after an outage of the feed, nobody knows what was missed. */
  addEverything(): void {
    for (const kind of liveKinds) this.kinds.add(kind);
    this.caseIds = null;
  }

  toChange(): LiveChange {
    return { kinds: liveKinds.filter((k) => this.kinds.has(k)), caseIds: this.caseIds ? [...this.caseIds].sort() : null };
  }
}

/**
 * Which kinds each role may hear about: the roles of the pages that show them (`GET /api/approvals`,
 * `GET /api/freezes`; every role reads cases). A viewer who may not open the approvals inbox is not told that
 * it changed. Case ids go to everyone: every role may read every case.
 */
const READERS: Record<LiveKind, readonly Role[] | 'all'> = {
  case: 'all',
  approval: ['fulfillment_ops', 'tech_ops', 'supervisor'],
  freeze: ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner'],
};

/** The part of a change one viewer hears; null when nothing is left. */
export function changeFor(change: LiveChange, roles: readonly Role[]): LiveChange | null {
  const kinds = change.kinds.filter((kind) => {
    const readers = READERS[kind];
    return readers === 'all' || readers.some((r) => roles.includes(r));
  });
  if (kinds.length === 0 && change.caseIds?.length === 0) return null;
  return { kinds, caseIds: change.caseIds };
}
