// The engine's side of a case's story: when each of its incidents was raised, and when it was seen gone.
import type { TimelineEntry } from '../../contracts/cases.js';
import type { CaseIncidentRow } from '../store/cases-repo.js';
import { iso } from '../store/rows.js';

/** The read model keeps `closed_seen_at` (set when the sync no longer finds the incident) beside the row. */
type IncidentWithClosing = CaseIncidentRow & { closed_seen_at?: Date | null };

export function incidentTimeline(incidents: readonly IncidentWithClosing[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const incident of incidents) {
    const where = `${incident.activity_id} (${incident.incident_type}, incident ${incident.incident_id})`;
    entries.push({ at: iso(incident.created_at), actor: 'engine', action: 'INCIDENT_RAISED', outcome: 'OPEN', text: `Incident at ${where}${incident.message ? `: ${incident.message}` : ''}` });
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
