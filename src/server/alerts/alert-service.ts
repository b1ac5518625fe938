// The alert rules in the sync leader's loop: evaluated every `evaluateEvery` (catalog), then delivery is
// nudged without being awaited. A failure is logged and never stops the sync.
import type { Clock } from '../clock.js';
import { runAlertPass, type AlertPassDeps, type AlertPassResult } from './alert-pass.js';
import type { AlertDelivery } from './delivery.js';

export class AlertService {
  private lastRunAt: number | null = null;
  lastResult: AlertPassResult | null = null;

  constructor(
    private readonly deps: AlertPassDeps & { clock: Clock },
    readonly delivery: AlertDelivery,
  ) {}

  /** One evaluation when due (`force`: now). */
  async runPass(force = false): Promise<AlertPassResult | null> {
    const settings = this.deps.catalog.alerts;
    if (!settings) return null;
    const now = this.deps.clock.now().getTime();
    if (!force && this.lastRunAt !== null && Math.abs(now - this.lastRunAt) < settings.evaluateEveryMs) return null;
    this.lastRunAt = now;
    const result = await runAlertPass(this.deps);
    this.lastResult = result;
    if (result.fired || result.refired || result.resolved) this.deps.log('alerts changed', { ...result });
    this.delivery.kick();
    return result;
  }
}
