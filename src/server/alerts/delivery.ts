// Delivery of alerts to Prometheus Alertmanager (API v2) and to a generic webhook signed with HMAC-SHA256.
// Runs on its own timer and is only nudged by the alert pass, so a slow or dead receiver never holds the
// sync; what could not be delivered stays pending in alert_delivery and is retried with backoff.
import type { AlertChannel, AlertPayload } from '../../contracts/alerts.js';
import type { Clock } from '../clock.js';
import type { AlertRow, AlertsRepo, DeliveryRow } from '../store/alerts-repo.js';
import { signWebhook } from './signature.js';

export interface AlertingConfig {
  /** Alertmanager's base URL, e.g. `http://alertmanager:9093` (the API v2 path is added). */
  alertmanagerUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** Where browsers reach the workbench: the base of generatorURL and every deep link. */
  publicUrl: string;
}

export const ALERTMANAGER_PATH = '/api/v2/alerts';

/** The configured receivers, each named by its host only (never a credential in a URL). */
export function channelsOf(config: AlertingConfig): { channel: AlertChannel; target: string }[] {
  const host = (url: string) => new URL(url).host;
  return [
    ...(config.alertmanagerUrl ? [{ channel: 'alertmanager' as const, target: host(config.alertmanagerUrl) }] : []),
    ...(config.webhookUrl ? [{ channel: 'webhook' as const, target: host(config.webhookUrl) }] : []),
  ];
}

const alertnames: Record<AlertRow['rule'], string> = {
  ORDER_BACKLOG: 'FalloutOrderBacklog',
  INCIDENT_SPIKE: 'FalloutIncidentSpike',
  APPROVAL_SLA_BREACH: 'FalloutApprovalSlaBreach',
  REPEATED_FAILED_JOB: 'FalloutRepeatedFailedJob',
  HISTORY_CLEANUP_FAILURE: 'FalloutHistoryCleanupFailure',
  LOCK_EXPIRATION_SPIKE: 'FalloutLockExpirationSpike',
  DEPLOYMENT_MISMATCH: 'FalloutDeploymentMismatch',
};

const absolute = (base: string, path: string | null | undefined) => (path ? new URL(path, base.endsWith('/') ? base : `${base}/`).toString() : '');

export function alertLinks(config: AlertingConfig, a: AlertRow): { alert: string; cases: string; runbook: string } {
  return {
    alert: absolute(config.publicUrl, `/alerts?alert=${encodeURIComponent(a.id)}`),
    cases: absolute(config.publicUrl, a.payload.casesUrl),
    runbook: absolute(config.publicUrl, a.payload.runbook?.url),
  };
}

/**
 * One alert as Alertmanager takes it. Labels identify it (Alertmanager deduplicates and routes by them, so they
 * never carry counts); annotations carry the payload. A firing alert ends `4 × resendEvery` from now unless it
 * is sent again, as Prometheus does; a resolved one ends when it was resolved.
 */
export function alertmanagerAlert(config: AlertingConfig, a: AlertRow, now: Date, resendEveryMs: number): Record<string, unknown> {
  const p: AlertPayload = a.payload;
  const links = alertLinks(config, a);
  const labels: Record<string, string> = {
    alertname: alertnames[a.rule],
    rule: a.rule,
    scope: a.scope,
    engine: a.engine_id,
    severity: p.severity.toLowerCase(),
    source: 'fallout-workbench',
  };
  if (p.process) labels.process = p.process.key;
  if (p.activity) labels.activity = p.activity.id;
  const annotations: Record<string, string> = {
    summary: p.title,
    description: `${p.impact.text} ${p.measure.text}.`,
    business_impact: p.impact.text,
    orders_affected: String(p.impact.ordersAffected),
    quote_approvals_delayed: String(p.impact.quoteApprovalsDelayed),
    measure: p.measure.text,
    process_version: p.process ? `${p.process.key} v${p.process.versions.join(', v') || '?'}` : '',
    activity: p.activity ? (p.activity.name ? `${p.activity.name} (${p.activity.id})` : p.activity.id) : '',
    incident_category: p.category ?? '',
    example_business_keys: p.exampleBusinessKeys.join(', '),
    first_detected: p.firstDetectedAt,
    recent_deployment: p.recentDeployment?.text ?? 'No deployment of this process shortly before.',
    safe_first_action: p.safeFirstAction,
    runbook_url: links.runbook || links.alert,
    cases_url: links.cases,
    alert_id: a.id,
  };
  for (const key of Object.keys(annotations)) if (annotations[key] === '') delete annotations[key];
  const endsAt = a.status === 'RESOLVED' && a.resolved_at ? a.resolved_at : new Date(now.getTime() + 4 * resendEveryMs);
  return { labels, annotations, startsAt: a.first_detected_at.toISOString(), endsAt: endsAt.toISOString(), generatorURL: links.alert };
}

/** The generic webhook's body: the alert as the workbench's API shows it, plus absolute links. */
export function webhookBody(config: AlertingConfig, a: AlertRow, now: Date): string {
  return JSON.stringify({
    version: 1,
    sentAt: now.toISOString(),
    status: a.status,
    alert: {
      id: a.id,
      engineId: a.engine_id,
      rule: a.rule,
      scope: a.scope,
      status: a.status,
      episodes: a.episodes,
      firstDetectedAt: a.first_detected_at.toISOString(),
      resolvedAt: a.resolved_at?.toISOString() ?? null,
      payload: a.payload,
    },
    links: alertLinks(config, a),
  });
}

export interface AlertDeliveryDeps {
  repo: AlertsRepo;
  clock: Clock;
  config: AlertingConfig;
  resendEveryMs: number;
  /** Only the sync leader delivers (replicas would post every alert twice). */
  isLeader: () => boolean;
  /** Longest wait for one receiver (default 5 s). */
  timeoutMs?: number;
  /** Pause between rounds (default 5 s); a fired or resolved alert is sent at once (kick). */
  intervalMs?: number;
  log: (message: string, extra?: Record<string, unknown>) => void;
}

/** Retries back off from 2 s, doubling, to 5 minutes at most. */
export const backoffMs = (attempts: number) => Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 300_000);

export class AlertDelivery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: AlertDeliveryDeps) {}

  get enabled(): boolean {
    return channelsOf(this.deps.config).length > 0;
  }

  start(): void {
    if (!this.enabled) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Sends what is due soon, without waiting for it (the alert pass calls this). */
  kick(): void {
    if (!this.enabled) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.flush().catch(() => undefined);
  }

  /** One round now (tests await it); concurrent callers share the round in flight. */
  flush(): Promise<void> {
    this.running ??= this.round()
      .catch((error: unknown) => this.deps.log('alert delivery round failed', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.flush().finally(() => this.schedule(this.deps.intervalMs ?? 5_000));
    }, delayMs);
  }

  private async round(): Promise<void> {
    const { repo, clock, config } = this.deps;
    if (!this.deps.isLeader()) return;
    const now = clock.now();
    if (config.alertmanagerUrl) await repo.queueResends('alertmanager', new Date(now.getTime() - this.deps.resendEveryMs), now);
    const due = await repo.dueDeliveries(now);
    const byChannel = (channel: AlertChannel) => due.filter((d) => d.channel === channel);
    const alertmanager = byChannel('alertmanager');
    if (alertmanager.length && config.alertmanagerUrl) {
      const body = JSON.stringify(alertmanager.map((d) => alertmanagerAlert(config, d.alert, now, this.deps.resendEveryMs)));
      const error = await this.post(new URL(ALERTMANAGER_PATH, config.alertmanagerUrl).toString(), body, {});
      for (const d of alertmanager) await this.record(d, error);
    }
    if (config.webhookUrl && config.webhookSecret) {
      for (const d of byChannel('webhook')) {
        const body = webhookBody(config, d.alert, now);
        const error = await this.post(config.webhookUrl, body, signWebhook(config.webhookSecret, body, now));
        await this.record(d, error);
      }
    }
  }

  private async record(d: DeliveryRow & { alert: AlertRow }, error: string | null): Promise<void> {
    const at = this.deps.clock.now();
    if (error) this.deps.log('alert delivery failed', { alertId: d.alert_id, channel: d.channel, attempt: d.attempts + 1, error });
    await this.deps.repo.recordAttempt({
      alertId: d.alert_id, channel: d.channel, sent: d.sent_status, ok: error === null, error, at,
      nextAttemptAt: new Date(at.getTime() + (error === null ? 0 : backoffMs(d.attempts + 1))),
    });
  }

  /** Null when the receiver took it (2xx), else why not. */
  private async post(url: string, body: string, headers: Record<string, string>): Promise<string | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
