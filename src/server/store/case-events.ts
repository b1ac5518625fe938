// What the sync saw happen to a case (resolved, cleared outside the workbench, cancelled in the engine, the order
// service's answer), written by the statement that changed the case and shown on its timeline.
import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.js';

/** One case's move to another status, with the words its timeline shows. */
export interface CaseTransition {
  caseId: string;
  text: string;
}

/** Timeline events for the cases a statement changed (`changed`: the rows it returned), in one statement. */
export async function recordEvents(tx: Queryable, transitions: CaseTransition[], changed: { id: string }[], at: Date, kind: string, outcome: string): Promise<void> {
  const ids = new Set(changed.map((r) => r.id));
  const events = transitions.filter((t) => ids.has(t.caseId));
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO case_event (id, case_id, at, kind, outcome, text)
     SELECT id, case_id, $3, $4, $5, text FROM unnest($1::text[], $2::text[], $6::text[]) AS t(id, case_id, text)`,
    [events.map(() => randomUUID()), events.map((e) => e.caseId), at, kind, outcome, events.map((e) => e.text)],
  );
}
