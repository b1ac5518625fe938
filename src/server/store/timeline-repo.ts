import type { TimelineEntry } from '../../contracts/cases.js';
import type { Db } from './db.js';
import { iso } from './rows.js';

/** A case's story for the case page: its audit events and the domain events of its business entity. */
export async function timelineOf(db: Db, caseId: string, entity: { type: string; id: string } | null, limit = 100): Promise<TimelineEntry[]> {
  const audit = await db.query<{ at: Date; actor: string; action: string; outcome: string; detail: string }>(
    'SELECT at, actor, action, outcome, detail FROM audit_event WHERE case_id = $1 ORDER BY seq DESC LIMIT $2',
    [caseId, limit],
  );
  const domain = entity
    ? await db.query<{ occurred_at: Date; kind: string; summary: string }>(
        'SELECT occurred_at, kind, summary FROM domain_event WHERE entity_type = $1 AND entity_id = $2 ORDER BY occurred_at DESC LIMIT $3',
        [entity.type, entity.id, limit],
      )
    : [];
  // What the sync saw happen to the case (resolved, cleared outside, cancelled in the engine, the order's answer).
  const observed = await db.query<{ at: Date; kind: string; outcome: string; text: string }>(
    'SELECT at, kind, outcome, text FROM case_event WHERE case_id = $1 ORDER BY at DESC LIMIT $2',
    [caseId, limit],
  );
  const entries: TimelineEntry[] = [
    ...audit.map((e) => ({ at: iso(e.at), actor: e.actor, action: e.action, outcome: e.outcome, text: describe(e.action, e.outcome, e.detail) })),
    ...domain.map((e) => ({ at: iso(e.occurred_at), actor: 'domain', action: e.kind, outcome: 'RECORDED', text: e.summary })),
    ...observed.map((e) => ({ at: iso(e.at), actor: SYNC_ACTOR, action: e.kind, outcome: e.outcome, text: e.text })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}

/** Who the timeline names for what the sync observed in the engine and the domain services. */
export const SYNC_ACTOR = 'workbench sync';

/**
 * A business entity's story for the order view: the audit events of its cases (or naming its business key)
 * and its domain events, newest first.
 */
export async function timelineOfEntity(
  db: Db,
  entity: { type: string; id: string; businessKey: string; caseIds: string[] },
  limit = 200,
): Promise<TimelineEntry[]> {
  const audit = await db.query<{ at: Date; actor: string; action: string; outcome: string; detail: string }>(
    `SELECT at, actor, action, outcome, detail FROM audit_event WHERE case_id = ANY($1::text[]) OR lower(business_key) = lower($2)
     ORDER BY seq DESC LIMIT $3`,
    [entity.caseIds, entity.businessKey, limit],
  );
  const domain = await db.query<{ occurred_at: Date; kind: string; summary: string }>(
    'SELECT occurred_at, kind, summary FROM domain_event WHERE entity_type = $1 AND entity_id = $2 ORDER BY occurred_at DESC LIMIT $3',
    [entity.type, entity.id, limit],
  );
  const entries: TimelineEntry[] = [
    ...audit.map((e) => ({ at: iso(e.at), actor: e.actor, action: e.action, outcome: e.outcome, text: describe(e.action, e.outcome, e.detail) })),
    ...domain.map((e) => ({ at: iso(e.occurred_at), actor: 'domain', action: e.kind, outcome: 'RECORDED', text: e.summary })),
  ];
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}

/** One readable line from an audit event's detail: the operator's own words first. */
function describe(action: string, outcome: string, detailText: string): string {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(detailText) as Record<string, unknown>;
  } catch {
    /* a detail that is not JSON is shown by its action only */
  }
  if (action === 'DIAGNOSIS_STEP' && typeof detail.step === 'number' && typeof detail.text === 'string') {
    return `${outcome === 'CHECKED' ? 'Checked' : 'Unchecked'} diagnosis step ${detail.step + 1}: ${detail.text.slice(0, 500)}`;
  }
  const inputs = (detail.inputs ?? {}) as Record<string, unknown>;
  const words = [inputs.note, inputs.reason, inputs.comment, detail.reason, detail.error, detail.unavailable].find((v) => typeof v === 'string' && v.trim());
  const reference = typeof inputs.reference === 'string' ? ` ${inputs.reference}` : '';
  const finding = typeof detail.finding === 'string' ? ` → ${detail.finding.toLowerCase().replace(/_/g, ' ')}${typeof detail.reference === 'string' ? ` (${detail.reference})` : ''}` : '';
  const base = `${action.toLowerCase().replace(/_/g, ' ')}${reference}: ${outcome.toLowerCase().replace(/_/g, ' ')}${finding}`;
  return words ? `${base} — ${String(words).slice(0, 500)}` : base;
}
