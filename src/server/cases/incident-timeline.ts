// The engine's side of a case's story: when each of its incidents was raised, and when it was seen gone.
import type { TimelineEntry } from '../../contracts/cases.js';
import type { CaseIncidentRow } from '../store/cases-repo.js';
import { iso } from '../store/rows.js';

/** The read model keeps `closed_seen_at` (set when the sync no longer finds the incident) beside the row. */
type IncidentWithClosing = CaseIncidentRow & { closed_seen_at?: Date | null };

/** The engine's incident types in words; the type itself and the engine's message stay in the incident list. */
const INCIDENT_TYPE_WORDS: Record<string, string> = {
  failedExternalTask: 'the worker failed',
  failedJob: 'an engine job failed',
};

/**
 * In words: where (the step's name when known) and what kind of failure. The engine's message and ids are
 * technical details the case page shows under Failure and Incidents, not in the timeline's sentences.
 */
export function incidentTimeline(incidents: readonly IncidentWithClosing[], stepName: (activityId: string) => string = (id) => id): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const incident of incidents) {
    const kind = INCIDENT_TYPE_WORDS[incident.incident_type] ?? 'the engine raised an incident';
    const where = `${stepName(incident.activity_id)} (${kind})`;
    entries.push({ at: iso(incident.created_at), actor: 'engine', action: 'INCIDENT_RAISED', outcome: 'OPEN', text: `Incident at ${where}.` });
    if (!incident.open && incident.closed_seen_at) {
      entries.push({ at: iso(incident.closed_seen_at), actor: 'engine', action: 'INCIDENT_GONE', outcome: 'CLOSED', text: `Incident at ${where} is no longer open.` });
    }
  }
  return entries;
}

/** Newest first, like the rest of the timeline. */
export function mergeTimelines(...lists: TimelineEntry[][]): TimelineEntry[] {
  return lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
