// The crash bench's supply of work: fresh demo orders that fail for real at a retryable step (a fault armed
// at the demo service, then a normal submit, as src/server/testing/demo-orders.ts does), each handed out
// once its case is open and its recovery command offered. Half fail transiently at *Check availability*
// (Retry step: an engine effect), half with nothing reserved at *Reserve inventory* (Mark failed and retry,
// after a status check: an effect at the order service, then one in the engine).
import { randomUUID } from 'node:crypto';
import type { CommandResult } from '../../src/contracts/actions.js';
import type { SearchResponse } from '../../src/contracts/search.js';
import { getJson, postCommand, type BffSession } from './bff-client.js';

export type BenchAction = 'RETRY_STEP' | 'MARK_FAILED_AND_RETRY';

export interface ReadyCase {
  orderId: string;
  businessKey: string;
  caseId: string;
  version: number;
  action: BenchAction;
  /** The URL the command is posted to, and its body. */
  path: string;
  body: Record<string, unknown>;
}

const KINDS = {
  RETRY_STEP: { service: 'inventory', fault: 'availability-refuse', count: 3, activityId: 'checkAvailability', slug: 'retry-step' },
  MARK_FAILED_AND_RETRY: { service: 'inventory', fault: 'reserve-error', count: 1, activityId: 'reserveInventory', slug: 'mark-failed-and-retry' },
} as const;

export interface SupplyOptions {
  services: { orders: string; inventory: string; billing: string };
  /** The BFF that prepares cases (status checks); a function, since the bench restarts it. */
  bff: () => string;
  session: BffSession;
  /** Cases kept ready or in preparation at any time. */
  ahead: number;
  log: (line: string) => void;
}

export class CaseSupply {
  private readonly ready: ReadyCase[] = [];
  private readonly waiting: ((c: ReadyCase) => void)[] = [];
  private preparing = 0;
  private made = 0;
  private stopped = false;
  failures = 0;

  constructor(private readonly options: SupplyOptions) {}

  start(): void {
    this.topUp();
  }

  stop(): void {
    this.stopped = true;
  }

  take(): Promise<ReadyCase> {
    const next = this.ready.shift();
    this.topUp();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private topUp(): void {
    while (!this.stopped && this.preparing + this.ready.length < this.options.ahead) {
      const action: BenchAction = this.made++ % 2 === 0 ? 'RETRY_STEP' : 'MARK_FAILED_AND_RETRY';
      this.preparing++;
      void this.prepare(action)
        .then((c) => {
          const waiter = this.waiting.shift();
          if (waiter) waiter(c);
          else this.ready.push(c);
        })
        .catch((error: unknown) => {
          if (this.stopped) return;
          // A failed preparation is the harness's problem, not the workbench's: say so and make another.
          this.failures++;
          this.options.log(`could not prepare a ${action} case: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => {
          this.preparing--;
          this.topUp();
        });
    }
  }

  private async prepare(action: BenchAction): Promise<ReadyCase> {
    const { services, session } = this.options;
    const kind = KINDS[action];
    const orderId = `ORD-C${randomUUID().slice(0, 8).toUpperCase()}`;
    const businessKey = `order:${orderId}`;
    await post(`${services[kind.service]}/admin/faults`, { orderId, fault: kind.fault, count: kind.count });
    await post(`${services.orders}/orders`, { orderId, customerId: 'CUST-CRASH', orderTotal: 100 });
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (this.stopped) throw new Error('supply stopped');
      const search = await getJson<SearchResponse>(this.options.bff(), `/api/search?q=${encodeURIComponent(businessKey)}`, session).catch(() => null);
      const found = search?.cases.find((c) => c.source === 'INCIDENT' && c.activityId === kind.activityId && c.status === 'OPEN');
      if (found) {
        const version = action === 'MARK_FAILED_AND_RETRY' ? await this.checkStatus(found.id, found.version) : found.version;
        // null: the BFF went away mid-call (the bench kills it now and then); look again.
        if (version !== null) {
          return { orderId, businessKey, caseId: found.id, version, action, path: `/api/cases/${found.id}/actions/${kind.slug}`, body: { comment: 'crash bench' } };
        }
      }
      if (Date.now() > deadline) throw new Error(`no case for ${businessKey} within 180 s`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  /** Checks the external status first (Mark failed and retry needs a NOT_FOUND finding); the case's new version. */
  private async checkStatus(caseId: string, version: number): Promise<number | null> {
    const check = await postCommand(this.options.bff(), `/api/cases/${caseId}/actions/check-external-status`, this.options.session, {}, { key: randomUUID(), version }).catch(() => null);
    if (!check) return null;
    if (check.status !== 200) throw new Error(`status check of ${caseId}: ${check.status} ${await check.text()}`);
    const result = (await check.json()) as CommandResult;
    if (result.evidence?.finding !== 'NOT_FOUND') throw new Error(`status check of ${caseId} found ${result.evidence?.finding}`);
    return result.case.version;
  }
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}
