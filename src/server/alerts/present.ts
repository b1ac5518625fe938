// Stored alerts as the API shows them (src/contracts/alerts.ts).
import type { Alert, AlertList } from '../../contracts/alerts.js';
import type { AlertEventRow, AlertRow, DeliveryRow } from '../store/alerts-repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentAlerts(rows: { alerts: AlertRow[]; events: AlertEventRow[]; deliveries: DeliveryRow[] }): AlertList {
  const one = (a: AlertRow): Alert => ({
    id: a.id,
    engineId: a.engine_id,
    rule: a.rule,
    scope: a.scope,
    status: a.status,
    episodes: a.episodes,
    firstDetectedAt: a.first_detected_at.toISOString(),
    lastEvaluatedAt: a.last_evaluated_at.toISOString(),
    resolvedAt: iso(a.resolved_at),
    payload: a.payload,
    notifications: rows.deliveries
      .filter((d) => d.alert_id === a.id)
      .map((d) => ({
        channel: d.channel,
        target: d.target,
        sent: d.sent_status,
        state: d.pending ? ('RETRYING' as const) : ('DELIVERED' as const),
        attempts: d.attempts,
        lastAttemptAt: iso(d.last_attempt_at),
        deliveredAt: iso(d.delivered_at),
        lastError: d.last_error,
      })),
    history: rows.events.filter((e) => e.alert_id === a.id).map((e) => ({ at: e.at.toISOString(), kind: e.kind, text: e.text })),
  });
  return {
    active: rows.alerts.filter((a) => a.status === 'FIRING').map(one),
    recent: rows.alerts.filter((a) => a.status === 'RESOLVED').map(one),
  };
}
