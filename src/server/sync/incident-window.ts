// Pure arithmetic of the incremental incident read: where the next read starts, how the watermark moves,
// and how a batch of incidents groups by root cause. No I/O, so it is unit-tested on its own.
import type { EngineIncident } from '../engine/schemas.js';

/**
 * One timestamp-ordered read of the engine (incidents by creation, or by end), resumable across passes.
 * `cursor` is set while a scan is under way (the newest timestamp read so far); `newestSeen` is where the
 * last complete scan ended.
 */
export interface ScanState {
  cursor: string | null;
  newestSeen: string | null;
}

/**
 * Where the next page starts (the engine's `…After` filters are strict). A scan in progress continues
 * 1 ms before its cursor, so incidents sharing the cursor's millisecond across a page boundary are read
 * again rather than skipped. A new scan re-reads `overlapMs` before the newest timestamp it ever saw,
 * because the engine stamps an incident before its transaction commits: one committed late can carry a
 * timestamp older than incidents already read. `null` means from the beginning.
 */
export function readFrom(state: ScanState, overlapMs: number): string | null {
  if (state.cursor) return new Date(new Date(state.cursor).getTime() - 1).toISOString();
  if (state.newestSeen) return new Date(new Date(state.newestSeen).getTime() - overlapMs).toISOString();
  return null;
}

/**
 * The state after reading one page of `timestamps` (ascending) of at most `pageSize`: a short page ends the
 * scan; a full one moves the cursor to its newest timestamp. A full page that did not get past the cursor
 * (more than a page in one millisecond) steps the cursor 1 ms on, so the scan cannot loop for ever; the
 * periodic full reconcile picks up whatever that skipped.
 */
export function afterPage(state: ScanState, timestamps: string[], pageSize: number): ScanState & { done: boolean } {
  const newest = timestamps.at(-1) ?? null;
  const newestSeen = maxIso(state.newestSeen, newest);
  if (timestamps.length < pageSize) return { cursor: null, newestSeen, done: true };
  let cursor = newest!;
  if (state.cursor && new Date(cursor).getTime() <= new Date(state.cursor).getTime()) {
    cursor = new Date(new Date(state.cursor).getTime() + 1).toISOString();
  }
  return { cursor, newestSeen, done: false };
}

export function maxIso(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return new Date(a).getTime() >= new Date(b).getTime() ? a : b;
}

export interface RootGroup {
  rootId: string;
  /** The root-cause incident, when it is in the batch. */
  root: EngineIncident | null;
  /** Every incident of the batch belonging to this root (the root included). */
  members: EngineIncident[];
}

/**
 * Groups incidents by their root cause: a failure in a called process raises an incident there (the root
 * cause) and one on each calling activity above it; all of them are one case. The root may be in the batch
 * or not (seen before, or not yet).
 */
export function groupByRoot(incidents: EngineIncident[]): Map<string, RootGroup> {
  const groups = new Map<string, RootGroup>();
  for (const incident of incidents) {
    const rootId = incident.rootCauseIncidentId ?? incident.id;
    const group = groups.get(rootId) ?? { rootId, root: null, members: [] };
    if (incident.id === rootId) group.root = incident;
    group.members.push(incident);
    groups.set(rootId, group);
  }
  return groups;
}
