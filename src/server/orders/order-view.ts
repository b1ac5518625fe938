// The read-only order view: the order service's state beside the workflow's stage in business words, and a
// visible disagreement when the two contradict each other. The engine is never asked: processes come from
// the read model, so a support page left open does not load the engine.
import type { OrderView } from '../../contracts/orders.js';
import { ApiProblem } from '../api-problem.js';
import type { Catalog } from '../catalog/catalog.js';
import { summarize, type FrozenActivities } from '../cases/summaries.js';
import { DomainRequestError, DomainUnavailableError, readPath, type DomainServices } from '../domain/domain-services.js';
import { ACTIVE_STATUSES, type CasesRepo } from '../store/cases-repo.js';
import type { Db } from '../store/db.js';
import type { ProcessesRepo } from '../store/processes-repo.js';
import { isoOrNull, processFromRow, type CaseRow, type ProcessRow } from '../store/rows.js';
import { timelineOfEntity } from '../store/timeline-repo.js';
import { ORDER_PROCESS, stageLabel } from './order-stages.js';

export interface OrderViewDeps {
  db: Db;
  domain: DomainServices;
  cases: CasesRepo;
  processes: ProcessesRepo;
  catalog: Catalog;
  frozenActivities: FrozenActivities;
  clock: { now(): Date };
}

export const ORDER_ID = /^[A-Za-z0-9_-]{1,100}$/;
const CLOSED_ORDER = new Set(['CANCELLED', 'COMPLETED', 'REJECTED']);
/** A just-submitted order may still be starting its workflow; not a disagreement yet. */
const START_GRACE_MS = 60_000;

type DomainOrder = { status: string; updatedAt: string | null; customerId: string | null; createdAt: string | null };

async function askOrderService(domain: DomainServices, orderId: string): Promise<{ order: DomainOrder | null; error: string | null }> {
  if (!domain.has('orders')) return { order: null, error: 'No order service is configured.' };
  try {
    const answer = await domain.get('orders', `/orders/${encodeURIComponent(orderId)}`, { accept: [404] });
    if (answer.status === 404) return { order: null, error: null };
    const status = readPath(answer.body, 'status');
    if (typeof status !== 'string') return { order: null, error: 'The order service answered without an order status.' };
    const text = (path: string) => {
      const v = readPath(answer.body, path);
      return typeof v === 'string' ? v : null;
    };
    const updatedAt = text('updatedAt');
    return {
      order: { status, updatedAt: updatedAt && !Number.isNaN(Date.parse(updatedAt)) ? new Date(updatedAt).toISOString() : null, customerId: text('customerId'), createdAt: text('createdAt') },
      error: null,
    };
  } catch (error) {
    if (error instanceof DomainUnavailableError || error instanceof DomainRequestError) return { order: null, error: error.message };
    throw error;
  }
}

/** `RESERVATION_PENDING` → "reservation pending": the order service's status inside a sentence. */
const statusWords = (status: string) => status.toLowerCase().replace(/_/g, ' ');

const isRunning = (p: ProcessRow) => p.definition_key === ORDER_PROCESS && (p.state === 'ACTIVE' || p.state === 'SUSPENDED');

function disagreementOf(orderId: string, order: DomainOrder | null, processes: ProcessRow[], stage: string | null, now: Date): string | null {
  if (!order) return null;
  const running = processes.filter(isRunning);
  if (CLOSED_ORDER.has(order.status) && running.length > 0) {
    return `The order service says ${orderId} is ${statusWords(order.status)}, but its workflow is still running${stage ? ` (${stage})` : ''}.`;
  }
  const orderProcesses = processes.filter((p) => p.definition_key === ORDER_PROCESS);
  const age = order.createdAt ? now.getTime() - Date.parse(order.createdAt) : Infinity;
  if (order.status === 'SUBMITTED' && orderProcesses.length === 0 && !(age < START_GRACE_MS)) {
    return `The order service has ${orderId} as submitted, but no order workflow exists for it.`;
  }
  return null;
}

/** What the order view and the case page both need: the order service's answer, the workflow's stage, their disagreement. */
export interface OrderStanding {
  order: DomainOrder | null;
  domainError: string | null;
  processRows: ProcessRow[];
  caseRows: CaseRow[];
  stage: { activityId: string; label: string; since: string | null } | null;
  disagreement: string | null;
}

/**
 * `engineId`: the order as one engine knows it (its runs and cases there, and `deps.domain` must be that
 * engine's order service); absent: every engine's runs and cases (one engine).
 */
export async function orderStandingOf(deps: Pick<OrderViewDeps, 'domain' | 'processes' | 'cases' | 'catalog' | 'clock'>, orderId: string, engineId?: string): Promise<OrderStanding> {
  const businessKey = `order:${orderId}`;
  const [{ order, error }, processRows, caseRows] = await Promise.all([
    askOrderService(deps.domain, orderId),
    deps.processes.findByBusinessKey(businessKey, 50, engineId),
    deps.cases.searchBy('businessKey', [businessKey], 200),
  ]);
  return standingOf(deps, orderId, { order, error }, processRows, engineId === undefined ? caseRows : caseRows.filter((c) => c.engine_id === engineId));
}

function standingOf(
  deps: Pick<OrderViewDeps, 'catalog' | 'clock'>,
  orderId: string,
  { order, error }: { order: DomainOrder | null; error: string | null },
  processRows: ProcessRow[],
  caseRows: CaseRow[],
): OrderStanding {
  const running = processRows.find(isRunning) ?? null;
  const openRows = caseRows.filter((c) => (ACTIVE_STATUSES as string[]).includes(c.status));
  // A token held by a failed asynchronous job sits before its step, where the mirror sees no activity
  // instance; the open case on that instance knows the step, so a running workflow always has a stage.
  const activityId = running?.current_activity_ids[0] ?? (running ? openRows.find((c) => c.process_instance_id === running.id)?.activity_id : null) ?? null;
  // When the step has a case (stuck or failing), the case knows since when the order waits there.
  const since = activityId ? openRows.filter((c) => c.activity_id === activityId).map((c) => c.first_seen_at).sort((a, b) => +a - +b)[0] ?? null : null;
  const stage = activityId ? { activityId, label: stageLabel(deps.catalog, activityId), since: isoOrNull(since) } : null;
  return {
    order,
    domainError: error,
    processRows,
    caseRows,
    stage,
    disagreement: disagreementOf(orderId, order, processRows, stage?.label ?? null, deps.clock.now()),
  };
}

/** Several engines: each engine's order service, by engine id, with the label users read. */
export interface OrderViewEngines {
  /** The configured engines in order, the primary first. */
  engines: { id: string; label: string }[];
  domainOf(engineId: string): DomainServices;
}

/**
 * The order as each engine knows it: its order service (each engine may have its own) asked for the order, beside
 * that engine's runs and cases. The engines asked are those the order's runs and cases belong to; when the read
 * model knows none, every configured engine's order service (a submitted order whose workflow never started).
 */
async function standingsPerEngine(deps: OrderViewDeps, several: OrderViewEngines, orderId: string): Promise<{ engineId: string; label: string; standing: OrderStanding }[]> {
  const businessKey = `order:${orderId}`;
  const [processRows, caseRows] = await Promise.all([deps.processes.findByBusinessKey(businessKey, 50), deps.cases.searchBy('businessKey', [businessKey], 200)]);
  const known = new Set([...processRows.map((p) => p.engine_id), ...caseRows.map((c) => c.engine_id)]);
  const configured = several.engines.map((e) => e.id);
  // Configured engines first, in their order; an engine id the workbench no longer serves keeps its runs, unasked.
  const ids = known.size === 0 ? configured : [...configured.filter((id) => known.has(id)), ...[...known].filter((id) => !configured.includes(id)).sort()];
  return Promise.all(ids.map(async (engineId) => {
    const served = configured.includes(engineId);
    const answer = served ? await askOrderService(several.domainOf(engineId), orderId) : { order: null, error: 'This workbench is no longer configured for this engine.' };
    const standing = standingOf(deps, orderId, answer, processRows.filter((p) => p.engine_id === engineId), caseRows.filter((c) => c.engine_id === engineId));
    return { engineId, label: several.engines.find((e) => e.id === engineId)?.label ?? engineId, standing };
  }));
}

export async function loadOrderView(deps: OrderViewDeps, orderId: string, several?: OrderViewEngines): Promise<OrderView> {
  const businessKey = `order:${orderId}`;
  const perEngine = several && several.engines.length > 1 ? (await standingsPerEngine(deps, several, orderId)).filter(({ standing: s }) => s.order || s.processRows.length || s.caseRows.length || s.domainError) : null;
  // One engine: its standing. Several: the first engine that knows the order leads the top-level fields, and
  // `engines` lists each engine's own answer when more than one knows it.
  const lead = perEngine ? perEngine.find(({ standing: s }) => s.order || s.processRows.length || s.caseRows.length)?.standing ?? perEngine[0]?.standing : await orderStandingOf(deps, orderId);
  const processRows = perEngine ? perEngine.flatMap((e) => e.standing.processRows).sort((a, b) => +(b.started_at ?? 0) - +(a.started_at ?? 0)) : lead?.processRows ?? [];
  const caseRows = perEngine ? perEngine.flatMap((e) => e.standing.caseRows) : lead?.caseRows ?? [];
  const domainError = lead?.domainError ?? null;
  if (!lead || (!lead.order && processRows.length === 0 && caseRows.length === 0)) {
    throw new ApiProblem(404, 'ORDER_NOT_FOUND', `No order ${orderId} is known to the order service or the workbench.`, domainError ? { domainError } : undefined);
  }
  const { order, stage, disagreement } = lead;
  const openRows = caseRows.filter((c) => (ACTIVE_STATUSES as string[]).includes(c.status));
  // The catalog's sensitive variables (customerId among them) never leave the BFF, on this view as on the case page.
  const domainOf = (o: DomainOrder | null) => (o ? { status: o.status, updatedAt: o.updatedAt, customerId: isSensitive(deps.catalog, 'customerId') ? null : o.customerId } : null);
  const known = perEngine?.filter(({ standing: s }) => s.order || s.processRows.length || s.caseRows.length) ?? [];

  return {
    orderId,
    businessKey,
    domain: domainOf(order),
    domainError,
    stage,
    disagreement,
    ...(known.length > 1
      ? {
          engines: known.map(({ engineId, label, standing: s }) => ({
            engineId, label, domain: domainOf(s.order), domainError: s.domainError, stage: s.stage, disagreement: s.disagreement,
          })),
        }
      : {}),
    processes: processRows.map(processFromRow),
    openCases: await summarize(openRows, deps.frozenActivities),
    timeline: await timelineOfEntity(deps.db, { type: 'ORDER', id: orderId, businessKey, caseIds: caseRows.map((c) => c.id) }),
  };
}

function isSensitive(catalog: Catalog, name: string): boolean {
  return catalog.sensitiveVariables.some((n) => n.toLowerCase() === name.toLowerCase());
}
