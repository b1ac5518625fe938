import { describe, expect, it } from 'vitest';
import { incidentTimeline } from './incident-timeline.js';

const base = {
  case_id: 'FO-1',
  engine_id: 'e1',
  incident_type: 'failedExternalTask',
  is_root_cause: true,
  process_instance_id: 'pi-1',
  process_definition_key: 'order-orchestration',
  activity_id: 'reserveInventory',
  configuration: null,
};

describe('incidentTimeline', () => {
  it('records when an incident was raised and, once closed, when it was seen gone', () => {
    const entries = incidentTimeline([
      { ...base, incident_id: 'inc-1', message: 'timeout', created_at: new Date('2026-01-05T01:00:00Z'), open: false, closed_seen_at: new Date('2026-01-05T02:00:00Z') },
      { ...base, incident_id: 'inc-2', message: null, created_at: new Date('2026-01-05T03:00:00Z'), open: true, closed_seen_at: null },
    ], (id) => (id === 'reserveInventory' ? 'Reserve inventory' : id));
    expect(entries).toEqual([
      { at: '2026-01-05T01:00:00.000Z', actor: 'engine', action: 'INCIDENT_RAISED', outcome: 'OPEN', text: 'Incident at Reserve inventory (the worker failed).' },
      { at: '2026-01-05T02:00:00.000Z', actor: 'engine', action: 'INCIDENT_GONE', outcome: 'CLOSED', text: 'Incident at Reserve inventory (the worker failed) is no longer open.' },
      { at: '2026-01-05T03:00:00.000Z', actor: 'engine', action: 'INCIDENT_RAISED', outcome: 'OPEN', text: 'Incident at Reserve inventory (the worker failed).' },
    ]);
  });
});
