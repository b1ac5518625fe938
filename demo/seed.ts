/**
 * Seeds the demo: deploys the workflows, submits orders through the order service with per-order faults so
 * that every operational scenario exists, starts a few quote approvals, a change order and a fallout case,
 * waits until everything reached its expected state and writes a manifest describing what to expect.
 *
 * Re-running is safe: orders the order service already knows (or whose business key the engine already has)
 * are skipped, and so are the other business keys that already exist in the engine.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deployResources, deployWorkflows, DEFAULT_WORKFLOWS_DIR } from '../workflows/deploy.js';
import { EngineClient } from './lib/engine.js';
import { sleep } from './lib/http.js';
import { assignScenarios, SCENARIO_DEFINITIONS, type PlannedOrder, type Scenario, type ScenarioExpectation } from './scenarios.js';
import type { Order } from './services/orders.js';

export interface SeedOptions {
  engineUrl: string;
  user: string;
  password: string;
  ordersUrl: string;
  inventoryUrl: string;
  billingUrl: string;
  orders: number;
  seed: number;
  workflowsDir?: string;
  /**
   * Where seed-manifest.json goes. Default: $DEMO_DATA_DIR, else the data folder the order service reports
   * (so the manifest sits next to the services' state), else .data/demo.
   */
  dataDir?: string;
  /** Overall deadline for reaching the expected states (default 180 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ManifestOrder {
  orderId: string;
  businessKey: string;
  scenario: Scenario;
  summary: string;
  /** False when the order existed before this run (it was left untouched and not re-checked). */
  createdThisRun: boolean;
  customerId: string;
  orderTotal: number;
  processInstanceId: string | null;
  processDefinitionId: string | null;
  expected: ScenarioExpectation;
  /**
   * Whether the expected state holds at the end of this run. For an order that existed before, this is a
   * single look (someone may have recovered it since): false then means "moved on", not "broken".
   */
  reached: boolean;
  /** What the seeder last saw (order status, process position, incident message). */
  observed: string;
}

export interface ManifestProcess {
  businessKey: string;
  processDefinitionKey: string;
  variables: Record<string, unknown>;
  createdThisRun: boolean;
  processInstanceId: string | null;
  expected: { state: 'ended' | 'waiting'; activityId: string };
  /** Whether the expected state holds at the end of this run (see ManifestOrder.reached). */
  reached: boolean;
}

export interface Manifest {
  version: 1;
  generatedAt: string;
  engineUrl: string;
  seed: number;
  orderCount: number;
  durationMs: number;
  badDefinition: { processDefinitionId: string; version: number } | null;
  orders: ManifestOrder[];
  quotes: ManifestProcess[];
  changeOrders: ManifestProcess[];
  falloutCases: ManifestProcess[];
}

const QUOTES = [
  { quoteId: 'Q-2001', revision: 1, discountPercent: 3, quoteTotal: 12_000, level: 'AUTO' },
  { quoteId: 'Q-2002', revision: 2, discountPercent: 12, quoteTotal: 48_000, level: 'MANAGER' },
  { quoteId: 'Q-2003', revision: 1, discountPercent: 25, quoteTotal: 180_000, level: 'DIRECTOR' },
] as const;

/** The broken model: validateOrder reads a variable no order carries. */
export function breakOrderModel(goodXml: string): string {
  const bad = goodXml.replace(
    /(<bpmn:serviceTask id="validateOrder"[^>]*?camunda:expression=")[^"]*(")/,
    "$1${customerSegment == 'B2B'}$2",
  );
  if (bad === goodXml) throw new Error('could not find the validateOrder expression to break');
  return bad;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function waitUntil(what: string, deadline: number, probe: () => Promise<boolean>, intervalMs = 300): Promise<void> {
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
      lastError = '';
    } catch (err) {
      lastError = (err as Error).message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
}

interface ActivityInstance {
  activityId: string;
  childActivityInstances: ActivityInstance[];
}

function activeActivities(tree: ActivityInstance): string[] {
  return [tree.activityId, ...tree.childActivityInstances.flatMap(activeActivities)];
}

export async function seedDemo(options: SeedOptions): Promise<Manifest> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const workflowsDir = resolve(options.workflowsDir ?? DEFAULT_WORKFLOWS_DIR);
  const deadline = started + (options.timeoutMs ?? 180_000);
  const auth = { engineUrl: options.engineUrl, user: options.user, password: options.password };
  const engine = new EngineClient(auth);
  const serviceUrl = { orders: options.ordersUrl, inventory: options.inventoryUrl, billing: options.billingUrl };

  // 1. Everything must be reachable before anything is created.
  const healthDeadline = Math.min(deadline, Date.now() + 30_000);
  await waitUntil('the engine', healthDeadline, async () => (await engine.get<{ version: string }>('/version')).version.length > 0);
  for (const [name, url] of Object.entries(serviceUrl)) {
    await waitUntil(`the ${name} service at ${url}`, healthDeadline, async () => (await json(`${url}/health`)).status === 200);
  }

  const reported = (await json<{ dataDir?: string }>(`${serviceUrl.orders}/health`)).body.dataDir;
  const dataDir = resolve(options.dataDir ?? (process.env.DEMO_DATA_DIR || undefined) ?? reported ?? '.data/demo');

  // 2. Deploy (a no-op when nothing changed; it also restores the good model after an interrupted run).
  await deployWorkflows({ ...auth, workflowsDir, log: (line) => log(`deploy: ${line}`) });

  // 3. Which planned orders are new?
  //    An order created by an earlier run keeps the scenario it was created with (from the previous manifest),
  //    even if this run's (orders, seed) would assign it another one.
  const manifestPath = join(dataDir, 'seed-manifest.json');
  const previous = new Map<string, Scenario>();
  if (existsSync(manifestPath)) {
    try {
      const old = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<Manifest>;
      for (const o of old.orders ?? []) if (o.scenario in SCENARIO_DEFINITIONS) previous.set(o.orderId, o.scenario);
    } catch {
      log(`ignoring an unreadable ${manifestPath}`);
    }
  }
  const plan = assignScenarios(options.orders, options.seed);
  const fresh: PlannedOrder[] = [];
  for (const [i, p] of plan.entries()) {
    const known = await json<Order>(`${serviceUrl.orders}/orders/${encodeURIComponent(p.orderId)}`);
    if (known.status === 200) {
      const earlier = previous.get(p.orderId);
      if (earlier && earlier !== p.scenario) plan[i] = { ...p, scenario: earlier };
      continue;
    }
    const inEngine = await engine.historicInstances(p.businessKey, 'order-orchestration');
    if (inEngine.length) {
      log(`skip ${p.orderId}: the engine already has ${p.businessKey} but the order service does not know it`);
      continue;
    }
    fresh.push(p);
  }
  log(`${plan.length} orders planned, ${fresh.length} new`);

  // 4. Arm the faults before the orders exist, so the first worker call already sees them.
  for (const p of fresh) {
    for (const f of SCENARIO_DEFINITIONS[p.scenario].faults) {
      const res = await json(`${serviceUrl[f.target]}/admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ orderId: p.orderId, fault: f.fault, ...(f.count !== undefined ? { count: f.count } : {}) }),
      });
      if (res.status !== 201) throw new Error(`could not arm ${f.fault} on ${f.target} for ${p.orderId}: ${res.status}`);
    }
  }

  const submit = async (p: PlannedOrder, processDefinitionId?: string) => {
    const def = SCENARIO_DEFINITIONS[p.scenario];
    const res = await json<{ created: boolean; order: Order }>(`${serviceUrl.orders}/orders`, {
      method: 'POST',
      body: JSON.stringify({
        orderId: p.orderId,
        customerId: p.customerId,
        orderTotal: p.orderTotal,
        startWorkflow: def.startWorkflow,
        ...(processDefinitionId ? { processDefinitionId } : {}),
      }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`order service refused ${p.orderId}: ${res.status}`);
    const wf = res.body.order.workflowCorrelation;
    if (def.startWorkflow && wf.status !== 'STARTED') throw new Error(`workflow of ${p.orderId} did not start: ${wf.lastError}`);
    log(`submitted ${p.orderId} (${p.scenario})${wf.processInstanceId ? ` -> ${wf.processInstanceId}` : ''}`);
  };

  // 5. Bad deployment: deploy a broken version under the same deployment and resource name, start the affected
  //    orders on exactly that version, then deploy the good model again so it is the newest version.
  let badDefinition: Manifest['badDefinition'] = null;
  const badOrders = fresh.filter((p) => SCENARIO_DEFINITIONS[p.scenario].badDefinition);
  if (badOrders.length) {
    const resourceName = 'order-orchestration.bpmn';
    const good = readFileSync(join(workflowsDir, 'order-orchestration', resourceName), 'utf8');
    const bad = await deployResources({
      ...auth,
      deploymentName: 'order-orchestration',
      resources: [{ name: resourceName, content: breakOrderModel(good) }],
    });
    const badDef = bad.definitions.find((d) => d.key === 'order-orchestration')!;
    badDefinition = { processDefinitionId: badDef.id, version: badDef.version };
    log(`deployed broken order-orchestration v${badDef.version} (${badDef.id})`);
    for (const p of badOrders) await submit(p, badDef.id);
    const restored = await deployWorkflows({ ...auth, workflowsDir, folders: ['order-orchestration'] });
    const goodDef = restored['order-orchestration']!.definitions.find((d) => d.key === 'order-orchestration')!;
    if (goodDef.id === badDef.id) throw new Error('the good order-orchestration model did not become the newest version');
    log(`re-deployed good order-orchestration v${goodDef.version}`);
  }

  // 6. The other new orders, on the newest (good) version.
  for (const p of fresh) if (!SCENARIO_DEFINITIONS[p.scenario].badDefinition) await submit(p);

  // 7. Quote approvals, a change order and a fallout case, straight through the engine.
  const others: { group: 'quotes' | 'changeOrders' | 'falloutCases'; entry: ManifestProcess }[] = [];
  const ensureProcess = async (
    group: 'quotes' | 'changeOrders' | 'falloutCases',
    processDefinitionKey: string,
    businessKey: string,
    variables: Record<string, unknown>,
    expected: ManifestProcess['expected'],
    types: Record<string, string> = {},
  ) => {
    const existing = await engine.historicInstances(businessKey, processDefinitionKey);
    let processInstanceId = existing[0]?.id ?? null;
    if (!existing.length) {
      processInstanceId = (await engine.startProcess({ key: processDefinitionKey }, businessKey, variables, types)).id;
      log(`started ${processDefinitionKey} ${businessKey}`);
    }
    others.push({
      group,
      entry: { businessKey, processDefinitionKey, variables, createdThisRun: !existing.length, processInstanceId, expected, reached: false },
    });
  };
  for (const q of QUOTES) {
    await ensureProcess(
      'quotes',
      'quote-approval',
      `quote:${q.quoteId}:rev:${q.revision}`,
      { quoteId: q.quoteId, revision: q.revision, discountPercent: q.discountPercent, quoteTotal: q.quoteTotal },
      q.level === 'AUTO' ? { state: 'ended', activityId: 'quoteAutoApproved' } : { state: 'waiting', activityId: 'approveQuote' },
      { revision: 'Integer', discountPercent: 'Double', quoteTotal: 'Double' },
    );
  }
  const firstOrder = plan[0]?.orderId ?? 'ORD-100920';
  await ensureProcess(
    'changeOrders',
    'change-order',
    'change-order:CO-3001',
    { changeOrderId: 'CO-3001', orderId: firstOrder, change: 'add 2 units of line 1' },
    { state: 'waiting', activityId: 'reviewChange' },
  );
  const unknownOutcomeOrder = plan.find((p) => p.scenario === 'reserve-unknown-outcome')?.orderId ?? firstOrder;
  await ensureProcess(
    'falloutCases',
    'fallout-handling',
    'fallout:FO-2026-000001',
    {
      falloutCaseId: 'FO-2026-000001',
      sourceBusinessKey: `order:${unknownOutcomeOrder}`,
      category: 'UNKNOWN_OUTCOME',
      summary: 'Reservation outcome unknown; reconcile with inventory before any retry',
    },
    { state: 'waiting', activityId: 'handleFalloutCase' },
  );

  // 8. Wait until every new order and process reached its expected state.
  const observed = new Map<string, string>();
  const reached = new Set<string>();
  const cancelled = new Set<string>();

  /** The end event a completed instance finished at (the REST history DTO does not carry endActivityId). */
  const endedAt = async (processInstanceId: string): Promise<string | null> => {
    const h = await engine.get<{ state: string }>(`/history/process-instance/${processInstanceId}`);
    if (h.state !== 'COMPLETED') return null;
    const ends = await engine.get<{ activityId: string; activityType: string }[]>(
      `/history/activity-instance?processInstanceId=${processInstanceId}&finished=true&sortBy=endTime&sortOrder=desc&maxResults=20`,
    );
    return ends.find((a) => a.activityType.endsWith('EndEvent'))?.activityId ?? null;
  };

  /** Looks at one order; with `act`, also performs the scenario's domain step (the cancellation). */
  const checkOrder = async (p: PlannedOrder, act = true): Promise<boolean> => {
    const def = SCENARIO_DEFINITIONS[p.scenario];
    const exp = def.expected;
    const { body: order } = await json<Order>(`${serviceUrl.orders}/orders/${encodeURIComponent(p.orderId)}`);
    const pid = order.workflowCorrelation.processInstanceId;
    const notes: string[] = [`order ${order.status}`];
    let workflowOk = false;
    if (exp.workflow === 'none') {
      workflowOk = pid === null && (await engine.historicInstances(p.businessKey)).length === 0;
      notes.push(workflowOk ? 'no process' : 'a process exists');
    } else if (pid) {
      if (exp.workflow === 'ended') {
        const end = await endedAt(pid);
        workflowOk = end === exp.endActivityId;
        notes.push(end ? `process ended at ${end}` : 'process not ended');
      } else if (exp.workflow === 'waiting') {
        const tree = await engine.get<ActivityInstance>(`/process-instance/${pid}/activity-instances`).catch(() => null);
        const active = tree ? activeActivities(tree) : [];
        workflowOk = active.includes(exp.activityId!);
        notes.push(`active: ${active.slice(1).join(',') || 'none'}`);
      } else {
        let where = pid;
        if (exp.incidentProcessDefinitionKey) {
          const children = await engine.get<{ id: string }[]>(`/process-instance?superProcessInstance=${pid}`);
          where = children[0]?.id ?? '';
        }
        const incidents = where
          ? await engine.get<{ id: string; incidentType: string; activityId: string; incidentMessage: string | null }[]>(
              `/incident?processInstanceId=${where}&activityId=${exp.activityId}`,
            )
          : [];
        const incident = incidents.find(
          (i) => i.incidentType === exp.incidentType && (!exp.incidentMessagePrefix || (i.incidentMessage ?? '').startsWith(exp.incidentMessagePrefix)),
        );
        workflowOk = !!incident;
        if (incident && exp.parentIncidentActivityId) {
          const parents = await engine.get<{ rootCauseIncidentId: string }[]>(
            `/incident?processInstanceId=${pid}&activityId=${exp.parentIncidentActivityId}`,
          );
          workflowOk = parents.some((i) => i.rootCauseIncidentId === incident.id);
        }
        notes.push(incident ? `incident at ${incident.activityId}: ${incident.incidentMessage}` : 'no incident yet');
      }
    }
    // The domain side of the cancellation scenario: cancel once the workflow waits for the callback.
    if (act && def.cancelWhileWaiting && workflowOk && order.status !== 'CANCELLED' && !cancelled.has(p.orderId)) {
      cancelled.add(p.orderId);
      await json(`${serviceUrl.orders}/orders/${encodeURIComponent(p.orderId)}/cancel`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'customer withdrew the order (demo seed)' }),
      });
      log(`cancelled ${p.orderId} in the order service while its workflow waits`);
      return false;
    }
    let domainOk = order.status === exp.orderStatus;
    if (exp.inventory) {
      const r = await json<{ exists: boolean; reservation?: { requests: number; callback: { duplicatesRejected: number } } }>(
        `${serviceUrl.inventory}/reservations/${encodeURIComponent(order.reservationRequestId)}`,
      );
      const exists = r.status === 200 && r.body.exists;
      domainOk &&= exists === exp.inventory.reservationExists;
      if (exp.inventory.duplicateCallbacksRejected !== undefined) {
        const rejected = r.body.reservation?.callback.duplicatesRejected ?? 0;
        domainOk &&= rejected === exp.inventory.duplicateCallbacksRejected;
        notes.push(`duplicate callbacks rejected ${rejected}`);
      }
    }
    if (exp.billing) {
      const c = await json<{ chargeCount: number }>(`${serviceUrl.billing}/charges/${encodeURIComponent(order.billingIdempotencyKey)}`);
      domainOk &&= c.body.chargeCount === exp.billing.chargeCount;
    }
    observed.set(p.orderId, notes.join('; '));
    return workflowOk && domainOk;
  };

  const checkProcess = async (e: ManifestProcess): Promise<boolean> => {
    if (!e.processInstanceId) return false;
    if (e.expected.state === 'ended') return (await endedAt(e.processInstanceId)) === e.expected.activityId;
    const tasks = await engine.get<unknown[]>(
      `/task?processInstanceId=${e.processInstanceId}&taskDefinitionKey=${e.expected.activityId}&maxResults=1`,
    );
    return tasks.length > 0;
  };

  const pendingOrders = new Set(fresh.map((p) => p.orderId));
  const pendingOthers = new Set(others.filter((o) => o.entry.createdThisRun).map((o) => o.entry.businessKey));
  let timedOut = false;
  try {
    await waitUntil(`${pendingOrders.size + pendingOthers.size} seeded cases to reach their expected state`, deadline, async () => {
      for (const p of fresh) {
        if (!pendingOrders.has(p.orderId)) continue;
        if (await checkOrder(p)) {
          pendingOrders.delete(p.orderId);
          reached.add(p.orderId);
          log(`${p.orderId} reached its expected state (${p.scenario})`);
        }
      }
      for (const { entry } of others) {
        if (pendingOthers.has(entry.businessKey) && (await checkProcess(entry))) pendingOthers.delete(entry.businessKey);
      }
      return pendingOrders.size === 0 && pendingOthers.size === 0;
    });
  } catch {
    timedOut = true;
  }

  // 9. The manifest describes all planned orders, new or not.
  const orders: ManifestOrder[] = [];
  for (const p of plan) {
    if (!fresh.includes(p)) {
      const holds = await checkOrder(p, false).catch(() => false);
      if (holds) reached.add(p.orderId);
    }
    const def = SCENARIO_DEFINITIONS[p.scenario];
    const { status, body } = await json<Order>(`${serviceUrl.orders}/orders/${encodeURIComponent(p.orderId)}`);
    const isNew = fresh.includes(p);
    orders.push({
      orderId: p.orderId,
      businessKey: p.businessKey,
      scenario: p.scenario,
      summary: def.summary,
      createdThisRun: isNew,
      customerId: status === 200 ? body.customerId : p.customerId,
      orderTotal: status === 200 ? body.orderTotal : p.orderTotal,
      processInstanceId: status === 200 ? body.workflowCorrelation.processInstanceId : null,
      processDefinitionId: status === 200 ? body.workflowCorrelation.processDefinitionId : null,
      expected: def.expected,
      reached: reached.has(p.orderId),
      observed: observed.get(p.orderId) ?? (status === 200 ? `order ${body.status}` : 'unknown to the order service'),
    });
  }
  for (const { entry } of others) {
    entry.reached = entry.createdThisRun ? !pendingOthers.has(entry.businessKey) : await checkProcess(entry).catch(() => false);
  }
  const group = (g: 'quotes' | 'changeOrders' | 'falloutCases') => others.filter((o) => o.group === g).map((o) => o.entry);
  const manifest: Manifest = {
    version: 1,
    generatedAt: new Date().toISOString(),
    engineUrl: options.engineUrl,
    seed: options.seed,
    orderCount: options.orders,
    durationMs: Date.now() - started,
    badDefinition,
    orders,
    quotes: group('quotes'),
    changeOrders: group('changeOrders'),
    falloutCases: group('falloutCases'),
  };
  mkdirSync(dirname(manifestPath), { recursive: true });
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`manifest written to ${manifestPath}`);

  if (timedOut) {
    const missing = [
      ...[...pendingOrders].map((id) => `${id} (${plan.find((p) => p.orderId === id)!.scenario}: ${observed.get(id) ?? 'not observed'})`),
      ...pendingOthers,
    ];
    throw new Error(
      `seeding timed out; not in the expected state: ${missing.join(' | ')}. Are the workers running against the same engine?`,
    );
  }
  return manifest;
}

