// Periodic reconcile with the order service: orders whose state contradicts their workflow (data corruption),
// orders submitted with no workflow at all (playbook 18.1), and duplicate callbacks the engine refused, which
// are evidence on the order's timeline rather than cases.
import { readPath, type DomainServices } from '../domain/domain-services.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { Db } from '../store/db.js';
import type { CaseTransition } from '../store/case-events.js';
import type { ProcessesRepo } from '../store/processes-repo.js';
import { stageLabel } from '../orders/order-stages.js';
import { recordFinding, resolveGoneFindings, type FindingDeps } from './case-findings.js';

export interface DomainReconcileDeps extends FindingDeps {
  engine: EngineAdapter;
  domain: DomainServices;
  processes: ProcessesRepo;
  /** An order younger than this may still be starting its workflow. */
  startGraceMs: number;
}

const ORDER_PROCESS = 'order-orchestration';

/** The order service's codes inside a sentence: `NOT_STARTED` → "not started". */
const words = (code: string) => code.toLowerCase().replace(/_/g, ' ');
const CLOSED = new Set(['COMPLETED', 'REJECTED', 'CANCELLED']);

interface OrderView {
  orderId: string;
  status: string;
  createdAt: string;
  businessKey: string;
  correlationStatus: string | null;
}

function ordersOf(body: unknown): OrderView[] {
  const list = readPath(body, 'orders');
  if (!Array.isArray(list)) return [];
  return list.flatMap((o) => {
    const orderId = readPath(o, 'orderId');
    const status = readPath(o, 'status');
    if (typeof orderId !== 'string' || typeof status !== 'string') return [];
    const key = readPath(o, 'workflowCorrelation.businessKey');
    return [{
      orderId,
      status,
      createdAt: String(readPath(o, 'createdAt') ?? ''),
      businessKey: typeof key === 'string' ? key : `order:${orderId}`,
      correlationStatus: (readPath(o, 'workflowCorrelation.status') as string | undefined) ?? null,
    }];
  });
}

export async function reconcileOrders(deps: DomainReconcileDeps): Promise<{ created: number; resolved: number; events: number; mismatches: number; closed: number }> {
  if (!deps.domain.has('orders')) return { created: 0, resolved: 0, events: 0, mismatches: 0, closed: 0 };
  const now = deps.clock.now();
  const orders = ordersOf((await deps.domain.get('orders', '/orders')).body);
  const settled = await settleCancelledWorkflows(deps, orders, now);
  const holding = new Set<string>();
  let created = 0;
  for (const order of orders) {
    if (CLOSED.has(order.status) && order.status !== 'CANCELLED') continue;
    // This engine's instances only: the same order id in another engine (its own order service) says nothing here.
    const running = (await deps.processes.findByBusinessKey(order.businessKey, 5, deps.engineId)).filter(
      (p) => p.definition_key === ORDER_PROCESS && (p.state === 'ACTIVE' || p.state === 'SUSPENDED'),
    );
    if (order.status === 'CANCELLED') {
      const instance = running[0];
      if (!instance) continue;
      const key = `reconcile:CANCELLED_BUT_RUNNING:${order.businessKey}`;
      holding.add(key);
      const outcome = await recordFinding(deps, {
        key, source: 'RECONCILE', category: 'DATA_CORRUPTION', severity: 'HIGH', runbookId: 'cancelled-order-still-running', team: 'fulfillment',
        businessKey: order.businessKey, processInstanceId: instance.id, rootProcessInstanceId: instance.root_instance_id, definitionId: instance.definition_id,
        definitionKey: ORDER_PROCESS, definitionVersion: instance.definition_version, activityId: instance.current_activity_ids[0] ?? null,
        // The queue and the case show the step by name; the reconcile has only the id, the stage label names it.
        activityName: instance.current_activity_ids[0] ? stageLabel(deps.catalog, instance.current_activity_ids[0]) : null,
        message: `The order service says ${order.orderId} is cancelled, but its workflow is still running${instance.current_activity_ids.length ? ` (${instance.current_activity_ids.map((id) => stageLabel(deps.catalog, id)).join(', ')})` : ''}.`,
        since: now, rule: 'reconcile:cancelled-but-running',
      });
      if (outcome === 'created') created++;
      continue;
    }
    const age = now.getTime() - new Date(order.createdAt).getTime();
    if (order.status !== 'SUBMITTED' || running.length > 0 || !(age > deps.startGraceMs)) continue;
    // The mirror may lag: ask the engine itself before calling it a lost start.
    if ((await deps.engine.countRunningInstances(order.businessKey, ORDER_PROCESS)) > 0) continue;
    const key = `reconcile:NEVER_STARTED:${order.businessKey}`;
    holding.add(key);
    const outcome = await recordFinding(deps, {
      key, source: 'RECONCILE', category: 'TECHNICAL_PERSISTENT', severity: 'HIGH', runbookId: 'order-workflow-not-started', team: 'fulfillment',
      businessKey: order.businessKey, processInstanceId: null, rootProcessInstanceId: null, definitionId: null, definitionKey: ORDER_PROCESS,
      definitionVersion: null, activityId: null, activityName: null,
      // When it was submitted is the case's first-seen time (`since`); the sentence stays free of raw timestamps.
      message: `Order ${order.orderId} was submitted, but no order workflow exists for it (workflow start: ${words(order.correlationStatus ?? 'unknown')}).`,
      since: new Date(order.createdAt), rule: 'reconcile:never-started',
    });
    if (outcome === 'created') created++;
  }
  const resolved = await resolveGoneFindings(deps, 'RECONCILE', async (row) => holding.has(row.finding_key ?? ''));
  const events = await recordDuplicateCallbacks(deps.db, deps.domain, now);
  return { created, resolved, events, ...settled };
}

/**
 * Cases whose order workflow was cancelled in the engine, against the order service's answer: an order closed
 * too (cancelled, rejected, completed) closes the case, nothing is left to do; an order still active is a
 * domain/workflow mismatch (playbook §16.2: never terminate an order's process while the order is active),
 * flagged on the case, which stays in the working set until the order is settled or an operator resolves it.
 */
async function settleCancelledWorkflows(deps: DomainReconcileDeps, orders: OrderView[], now: Date): Promise<{ mismatches: number; closed: number }> {
  const cases = await deps.cases.cancelledOrderCases(deps.engineId);
  if (cases.length === 0) return { mismatches: 0, closed: 0 };
  const byId = new Map(orders.map((o) => [o.orderId, o]));
  const closings: CaseTransition[] = [];
  const flags: CaseTransition[] = [];
  for (const c of cases) {
    const order = byId.get(c.entity_id ?? '');
    if (order && CLOSED.has(order.status)) {
      closings.push({ caseId: c.id, text: `The order service has order ${order.orderId} as ${words(order.status)} too: the cancelled workflow matches the order, nothing is left to do. Closed.` });
    } else if (order) {
      flags.push({
        caseId: c.id,
        text: `Order ${order.orderId} is still ${words(order.status)} in the order service, but its workflow was cancelled in the engine: the order will not move on by itself. Cancel it in the order service, or start its workflow again, then resolve this case.`,
      });
    } else {
      flags.push({ caseId: c.id, text: `The order service does not list order ${c.entity_id}: whether the cancelled workflow matches the order cannot be told.` });
    }
  }
  const closed = await deps.cases.closeCancelled(closings, now);
  const mismatches = await deps.cases.flagDomainMismatch(flags, now);
  return { mismatches, closed };
}

/** A callback the engine refused because nothing waited any more: evidence on the order, not a case. */
async function recordDuplicateCallbacks(db: Db, domain: DomainServices, now: Date): Promise<number> {
  if (!domain.has('inventory')) return 0;
  const list = readPath((await domain.get('inventory', '/reservations')).body, 'reservations');
  if (!Array.isArray(list)) return 0;
  let added = 0;
  for (const r of list) {
    const rejected = Number(readPath(r, 'callback.duplicatesRejected') ?? 0);
    const orderId = readPath(r, 'orderId');
    const requestId = readPath(r, 'requestId');
    if (!(rejected > 0) || typeof orderId !== 'string' || typeof requestId !== 'string') continue;
    const rows = await db.query(
      `INSERT INTO domain_event (id, entity_type, entity_id, kind, summary, data, occurred_at, recorded_at)
       VALUES ($1, 'ORDER', $2, 'DUPLICATE_CALLBACK_REJECTED', $3, $4, $5, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        `duplicate-callback:${requestId}:${rejected}`,
        orderId,
        `Inventory sent the reservation callback for ${requestId} again (${rejected} duplicate${rejected > 1 ? 's' : ''}); the engine refused it because nothing waited for it any more. No action needed.`,
        JSON.stringify({ requestId, duplicatesRejected: rejected }),
        now,
      ],
    );
    added += rows.length;
  }
  return added;
}
