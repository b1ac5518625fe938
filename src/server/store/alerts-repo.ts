// The alert tables (migration 021): alerts deduplicated per engine, rule and scope, their history, and their
// deliveries per channel.
import { randomUUID } from 'node:crypto';
import type { AlertChannel, AlertPayload, AlertRule, AlertStatus } from '../../contracts/alerts.js';
import type { Queryable } from './db.js';

export interface AlertRow {
  id: string;
  engine_id: string;
  rule: AlertRule;
  scope: string;
  status: AlertStatus;
  episodes: number;
  payload: AlertPayload;
  first_detected_at: Date;
  last_evaluated_at: Date;
  resolved_at: Date | null;
  changed_at: Date;
}

export interface AlertEventRow {
  alert_id: string;
  at: Date;
  kind: 'FIRED' | 'RESOLVED' | 'REFIRED';
  text: string;
}

export interface DeliveryRow {
  alert_id: string;
  channel: AlertChannel;
  target: string;
  sent_status: AlertStatus;
  pending: boolean;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  last_error: string | null;
}

const parsePayload = (row: AlertRow): AlertRow => ({ ...row, payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as AlertPayload) : row.payload });

export class AlertsRepo {
  constructor(private readonly db: Queryable) {}

  async firing(engineId: string, tx: Queryable = this.db): Promise<AlertRow[]> {
    return (await tx.query<AlertRow>(`SELECT * FROM alert WHERE engine_id = $1 AND status = 'FIRING'`, [engineId])).map(parsePayload);
  }

  async byKey(tx: Queryable, engineId: string, rule: AlertRule, scope: string): Promise<AlertRow | null> {
    const [row] = await tx.query<AlertRow>('SELECT * FROM alert WHERE engine_id = $1 AND rule = $2 AND scope = $3 FOR UPDATE', [engineId, rule, scope]);
    return row ? parsePayload(row) : null;
  }

  async insert(tx: Queryable, a: { engineId: string; rule: AlertRule; scope: string; payload: AlertPayload; now: Date }): Promise<string> {
    const id = `AL-${randomUUID().slice(0, 8)}`;
    await tx.query(
      `INSERT INTO alert (id, engine_id, rule, scope, status, episodes, payload, first_detected_at, last_evaluated_at, changed_at)
       VALUES ($1, $2, $3, $4, 'FIRING', 1, $5::jsonb, $6, $6, $6)`,
      [id, a.engineId, a.rule, a.scope, JSON.stringify(a.payload), a.now],
    );
    return id;
  }

  /** A resolved alert whose condition is back: the same row fires again, one episode more. */
  async refire(tx: Queryable, id: string, payload: AlertPayload, now: Date): Promise<void> {
    await tx.query(
      `UPDATE alert SET status = 'FIRING', episodes = episodes + 1, payload = $2::jsonb, first_detected_at = $3, last_evaluated_at = $3,
              resolved_at = NULL, changed_at = $3 WHERE id = $1`,
      [id, JSON.stringify(payload), now],
    );
  }

  async refresh(tx: Queryable, id: string, payload: AlertPayload, now: Date): Promise<void> {
    await tx.query('UPDATE alert SET payload = $2::jsonb, last_evaluated_at = $3 WHERE id = $1', [id, JSON.stringify(payload), now]);
  }

  async resolve(tx: Queryable, id: string, now: Date): Promise<void> {
    await tx.query(`UPDATE alert SET status = 'RESOLVED', resolved_at = $2, last_evaluated_at = $2, changed_at = $2 WHERE id = $1`, [id, now]);
  }

  async addEvent(tx: Queryable, e: AlertEventRow): Promise<void> {
    await tx.query('INSERT INTO alert_event (alert_id, at, kind, text) VALUES ($1, $2, $3, $4)', [e.alert_id, e.at, e.kind, e.text]);
  }

  /** Something new to tell every channel: the alert fired (again) or resolved. Attempts start over. */
  async queueDeliveries(tx: Queryable, alertId: string, channels: readonly { channel: AlertChannel; target: string }[], sent: AlertStatus, now: Date): Promise<void> {
    for (const c of channels) {
      await tx.query(
        `INSERT INTO alert_delivery (alert_id, channel, target, sent_status, pending, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, true, 0, $5)
         ON CONFLICT (alert_id, channel) DO UPDATE SET target = EXCLUDED.target, sent_status = EXCLUDED.sent_status, pending = true,
           attempts = 0, next_attempt_at = EXCLUDED.next_attempt_at, last_error = NULL`,
        [alertId, c.channel, c.target, sent, now],
      );
    }
  }

  /** Firing alerts whose Alertmanager copy is due again (Alertmanager forgets alerts that are not re-sent). */
  async queueResends(channel: AlertChannel, before: Date, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE alert_delivery d SET pending = true, next_attempt_at = $3
        FROM alert a
       WHERE a.id = d.alert_id AND a.status = 'FIRING' AND d.channel = $1 AND NOT d.pending AND d.delivered_at < $2`,
      [channel, before, now],
    );
  }

  async dueDeliveries(now: Date, limit = 100): Promise<(DeliveryRow & { alert: AlertRow })[]> {
    const rows = await this.db.query<DeliveryRow & { a: AlertRow }>(
      `SELECT d.*, row_to_json(a.*) AS a FROM alert_delivery d JOIN alert a ON a.id = d.alert_id
        WHERE d.pending AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT $2`,
      [now, limit],
    );
    return rows.map(({ a, ...d }) => {
      const alert = typeof a === 'string' ? (JSON.parse(a) as Record<string, unknown>) : (a as unknown as Record<string, unknown>);
      const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
      return {
        ...d,
        alert: parsePayload({
          ...(alert as unknown as AlertRow),
          first_detected_at: date(alert.first_detected_at)!,
          last_evaluated_at: date(alert.last_evaluated_at)!,
          resolved_at: date(alert.resolved_at),
          changed_at: date(alert.changed_at)!,
        }),
      };
    });
  }

  /** The outcome of one attempt. Only an attempt for what is still pending with the same status settles it. */
  async recordAttempt(r: { alertId: string; channel: AlertChannel; sent: AlertStatus; ok: boolean; error: string | null; at: Date; nextAttemptAt: Date }): Promise<void> {
    await this.db.query(
      `UPDATE alert_delivery SET attempts = attempts + 1, last_attempt_at = $4,
              pending = CASE WHEN $5 THEN false ELSE pending END,
              delivered_at = CASE WHEN $5 THEN $4 ELSE delivered_at END,
              last_error = $6, next_attempt_at = $7
        WHERE alert_id = $1 AND channel = $2 AND sent_status = $3`,
      [r.alertId, r.channel, r.sent, r.at, r.ok, r.error, r.nextAttemptAt],
    );
  }

  /** The alerts page: firing ones, and the ones resolved since `recentSince` (newest first, bounded). */
  async list(recentSince: Date): Promise<{ alerts: AlertRow[]; events: AlertEventRow[]; deliveries: DeliveryRow[] }> {
    const alerts = (
      await this.db.query<AlertRow>(
        `(SELECT * FROM alert WHERE status = 'FIRING' ORDER BY changed_at DESC LIMIT 200)
         UNION ALL
         (SELECT * FROM alert WHERE status = 'RESOLVED' AND changed_at >= $1 ORDER BY changed_at DESC LIMIT 50)`,
        [recentSince],
      )
    ).map(parsePayload);
    const ids = alerts.map((a) => a.id);
    if (!ids.length) return { alerts, events: [], deliveries: [] };
    const [events, deliveries] = await Promise.all([
      this.db.query<AlertEventRow>('SELECT * FROM alert_event WHERE alert_id = ANY($1::text[]) ORDER BY at DESC', [ids]),
      this.db.query<DeliveryRow>('SELECT * FROM alert_delivery WHERE alert_id = ANY($1::text[]) ORDER BY channel', [ids]),
    ]);
    return { alerts, events, deliveries };
  }
}
