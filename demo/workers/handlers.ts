/**
 * What each demo worker does with a task. Kept apart from the polling client so it can be tested with a fake
 * task service.
 *
 * Rules for every topic:
 *   success               -> complete (with the topic's output variables)
 *   business rejection    -> handleBpmnError (INVENTORY_REJECTED, CREDIT_REJECTED); the model routes it
 *   technical failure     -> handleFailure with retries = task.retries == null ? N - 1 : task.retries - 1
 *   unknown outcome of a side effect (timed out after sending) -> handleFailure with retries 0 at once:
 *                            an operator reconciles first, nothing retries blindly
 *   billing (money)       -> retries 0 after the first failure, whatever it was
 * Error messages start with a machine-parsable code, then say what the worker knows. errorDetails carries
 * `key=value` lines (attempt, endpoint, status, cause).
 */
import { Variables, type Task, type TaskService } from 'camunda-external-task-client-js';

export const TOPICS = ['check-availability', 'reserve-inventory', 'billing-handoff', 'generate-document', 'notify-customer'] as const;
export type Topic = (typeof TOPICS)[number];

/** Variables each topic fetches (keeps payloads small). */
export const TOPIC_VARIABLES: Record<Topic, string[]> = {
  'check-availability': ['orderId'],
  // customerId: the reservation is held for the customer (a sensitive variable: the workbench masks it).
  'reserve-inventory': ['orderId', 'customerId', 'reservationRequestId'],
  'billing-handoff': ['orderId', 'orderTotal', 'billingIdempotencyKey'],
  'generate-document': ['orderId'],
  'notify-customer': ['orderId', 'documentRef'],
};

/** Total automatic attempts for topics whose technical failures may be retried. */
export const MAX_ATTEMPTS = { 'check-availability': 3, 'reserve-inventory-not-sent': 3, 'generate-document': 3, 'notify-customer': 3 } as const;

export interface WorkerDeps {
  ordersUrl: string;
  inventoryUrl: string;
  billingUrl: string;
  /** Delay the engine waits before handing a failed task out again. */
  retryTimeoutMs: number;
  /** Timeout of each HTTP call to a domain service. */
  httpTimeoutMs: number;
  workerId: string;
  log: (line: string) => void;
}

/** Retries to report after a failure, given the task's current retries and the total attempt budget. */
export function nextRetries(current: number | null | undefined, maxAttempts: number): number {
  return Math.max(0, current == null ? maxAttempts - 1 : current - 1);
}

/** Which attempt this is (1-based) for a budget of maxAttempts. */
export function attemptNumber(current: number | null | undefined, maxAttempts: number): number {
  return current == null ? 1 : Math.max(1, maxAttempts - current + 1);
}

export type CallOutcome =
  | { kind: 'answered'; status: number; body: any }
  | { kind: 'refused'; cause: string } // nothing reached the service
  | { kind: 'timeout'; cause: string } // sent, no answer in time
  | { kind: 'broken'; cause: string }; // sent, connection dropped without an answer

/** One HTTP call with a hard timeout, classified by what the caller can know about its effect. */
export async function call(method: string, url: string, timeoutMs: number, body?: unknown, headers: Record<string, string> = {}): Promise<CallOutcome> {
  try {
    const res = await fetch(url, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { kind: 'answered', status: res.status, body: parsed };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout', cause: `no answer within ${timeoutMs} ms` };
    const code = e.cause?.code ?? '';
    const cause = [code, e.cause?.message ?? e.message].filter(Boolean).join(' ');
    if (code === 'ECONNREFUSED') return { kind: 'refused', cause };
    return { kind: 'broken', cause };
  }
}

/** The 2xx answer's body, or undefined when the call did not succeed. */
const success = (o: CallOutcome): { body: any } | undefined =>
  o.kind === 'answered' && o.status >= 200 && o.status < 300 ? { body: o.body } : undefined;

function details(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

function describe(o: CallOutcome, service: string): string {
  switch (o.kind) {
    case 'answered':
      return `${service} answered ${o.status}`;
    case 'refused':
      return `${service} refused the connection`;
    case 'timeout':
      return `no answer from ${service} ${o.cause.replace(/^no answer /, '')}`;
    case 'broken':
      return `${service} closed the connection without answering`;
  }
}

/** Best-effort progress report to the order service; never fails the task. */
export async function reportStatus(deps: WorkerDeps, orderId: string, status: string, note?: string): Promise<void> {
  const o = await call('POST', `${deps.ordersUrl}/orders/${encodeURIComponent(orderId)}/status`, deps.httpTimeoutMs, {
    status,
    source: deps.workerId,
    note,
  });
  if (!success(o)) deps.log(`status ${status} for ${orderId} not recorded: ${describe(o, 'order service')}`);
}

interface Ctx {
  task: Task;
  taskService: TaskService;
  deps: WorkerDeps;
}

const str = (task: Task, name: string): string => {
  const v = task.variables.get(name);
  if (typeof v !== 'string' || !v) throw new Error(`MISSING_VARIABLE: process variable ${name} is missing`);
  return v;
};

async function fail(ctx: Ctx, message: string, retries: number, fields: Record<string, unknown>): Promise<void> {
  const { task, taskService, deps } = ctx;
  await taskService.handleFailure(task, {
    errorMessage: message.slice(0, 3900),
    errorDetails: details({ ...fields, worker: deps.workerId, topic: task.topicName, at: new Date().toISOString() }),
    retries,
    retryTimeout: deps.retryTimeoutMs,
  });
  deps.log(`${task.topicName} ${task.businessKey}: failure reported, retries=${retries}: ${message}`);
}

async function complete(ctx: Ctx, values: Record<string, unknown> = {}): Promise<void> {
  const vars = new Variables();
  for (const [k, v] of Object.entries(values)) vars.set(k, v);
  await ctx.taskService.complete(ctx.task, vars);
  ctx.deps.log(`${ctx.task.topicName} ${ctx.task.businessKey}: completed`);
}

async function bpmnError(ctx: Ctx, code: string, message: string, values: Record<string, unknown> = {}): Promise<void> {
  const vars = new Variables();
  for (const [k, v] of Object.entries(values)) vars.set(k, v);
  await ctx.taskService.handleBpmnError(ctx.task, code, message, vars);
  ctx.deps.log(`${ctx.task.topicName} ${ctx.task.businessKey}: BPMN error ${code}`);
}

async function checkAvailability(ctx: Ctx): Promise<void> {
  const { task, deps } = ctx;
  const orderId = str(task, 'orderId');
  const max = MAX_ATTEMPTS['check-availability'];
  const endpoint = `${deps.inventoryUrl}/availability?orderId=${encodeURIComponent(orderId)}`;
  const o = await call('GET', endpoint, deps.httpTimeoutMs);
  const answer = success(o)?.body;
  if (answer?.available === true) return complete(ctx);
  if (answer?.available === false) {
    const reason = String(answer.reason ?? 'UNAVAILABLE');
    await reportStatus(deps, orderId, 'REJECTED', `inventory: ${reason}`);
    return bpmnError(ctx, 'INVENTORY_REJECTED', `INVENTORY_REJECTED: inventory reports ${reason} for order ${orderId}`, {
      rejectionReason: reason,
    });
  }
  return fail(ctx, `AVAILABILITY_UNAVAILABLE: ${answer ? 'stock service gave an unreadable answer' : describe(o, 'stock service')}`, nextRetries(task.retries, max), {
    attempt: `${attemptNumber(task.retries, max)}/${max}`,
    endpoint: `GET ${endpoint}`,
    status: o.kind === 'answered' ? o.status : undefined,
    cause: o.kind === 'answered' ? undefined : o.cause,
  });
}

async function reserveInventory(ctx: Ctx): Promise<void> {
  const { task, deps } = ctx;
  const orderId = str(task, 'orderId');
  const requestId = str(task, 'reservationRequestId');
  await reportStatus(deps, orderId, 'RESERVATION_PENDING', `reservation ${requestId} requested`);
  const endpoint = `${deps.inventoryUrl}/reservations`;
  const customerId = typeof task.variables.get('customerId') === 'string' ? (task.variables.get('customerId') as string) : undefined;
  const o = await call('POST', endpoint, deps.httpTimeoutMs, { requestId, orderId, customerId });
  if (success(o)) return complete(ctx);
  const common = { requestId, endpoint: `POST ${endpoint}` };
  if (o.kind === 'refused') {
    // Nothing was sent, so trying again is safe (and the request id makes it idempotent anyway).
    const max = MAX_ATTEMPTS['reserve-inventory-not-sent'];
    return fail(ctx, `RESERVATION_NOT_SENT requestId=${requestId}: inventory refused the connection; nothing was sent`, nextRetries(task.retries, max), {
      ...common,
      attempt: `${attemptNumber(task.retries, max)}/${max}`,
      cause: o.cause,
    });
  }
  if (o.kind === 'timeout') {
    return fail(ctx, `RESERVATION_TIMEOUT_AFTER_SEND requestId=${requestId}: no answer from inventory within ${deps.httpTimeoutMs} ms; the reservation may exist`, 0, {
      ...common,
      outcome: 'UNKNOWN',
      cause: o.cause,
    });
  }
  if (o.kind === 'broken') {
    return fail(ctx, `RESERVATION_UNKNOWN_OUTCOME requestId=${requestId}: inventory dropped the connection after the request was sent; the reservation may exist`, 0, {
      ...common,
      outcome: 'UNKNOWN',
      cause: o.cause,
    });
  }
  return fail(ctx, `RESERVATION_FAILED requestId=${requestId}: inventory answered ${o.status}`, 0, {
    ...common,
    status: o.status,
    response: typeof o.body === 'string' ? o.body.slice(0, 300) : JSON.stringify(o.body)?.slice(0, 300),
  });
}

async function billingHandoff(ctx: Ctx): Promise<void> {
  const { task, deps } = ctx;
  const orderId = str(task, 'orderId');
  const key = str(task, 'billingIdempotencyKey');
  const amount = Number(task.variables.get('orderTotal'));
  const endpoint = `${deps.billingUrl}/charges`;
  const o = await call('POST', endpoint, deps.httpTimeoutMs, { orderId, amount }, { 'Idempotency-Key': key });
  const charged = success(o);
  if (charged) {
    const ref = String(charged.body?.charge?.billingReference ?? '');
    await reportStatus(deps, orderId, 'BILLED', `billing reference ${ref}`);
    return complete(ctx, { billingReference: ref });
  }
  if (o.kind === 'answered' && o.status === 422 && o.body?.code === 'CREDIT_REJECTED') {
    await reportStatus(deps, orderId, 'REJECTED', 'billing: credit rejected');
    return bpmnError(ctx, 'CREDIT_REJECTED', `CREDIT_REJECTED: billing declined credit for order ${orderId}`);
  }
  // Money: one automatic attempt, then an operator decides (the idempotency key makes a re-drive safe).
  const fields = {
    idempotencyKey: key,
    endpoint: `POST ${endpoint}`,
    status: o.kind === 'answered' ? o.status : undefined,
    cause: o.kind === 'answered' ? undefined : o.cause,
    outcome: o.kind === 'timeout' || o.kind === 'broken' ? 'UNKNOWN' : 'NOT_CHARGED_PER_GATEWAY',
  };
  if (o.kind === 'timeout' || o.kind === 'broken') {
    return fail(ctx, `BILLING_HANDOFF_UNKNOWN_OUTCOME idempotencyKey=${key}: ${describe(o, 'billing')}; the charge may exist`, 0, fields);
  }
  return fail(ctx, `BILLING_HANDOFF_FAILED idempotencyKey=${key}: ${o.kind === 'answered' ? `billing gateway answered ${o.status}` : describe(o, 'billing')}`, 0, fields);
}

async function generateDocument(ctx: Ctx): Promise<void> {
  const { task, deps } = ctx;
  const orderId = str(task, 'orderId');
  const max = MAX_ATTEMPTS['generate-document'];
  const documentKey = `DOC-${orderId}`;
  const endpoint = `${deps.ordersUrl}/orders/${encodeURIComponent(orderId)}/documents`;
  const o = await call('POST', endpoint, deps.httpTimeoutMs, { documentKey, type: 'order-confirmation' });
  if (success(o)) return complete(ctx, { documentRef: documentKey });
  return fail(ctx, `DOCUMENT_GENERATION_FAILED documentKey=${documentKey}: ${describe(o, 'document store')}`, nextRetries(task.retries, max), {
    attempt: `${attemptNumber(task.retries, max)}/${max}`,
    endpoint: `POST ${endpoint}`,
    status: o.kind === 'answered' ? o.status : undefined,
    cause: o.kind === 'answered' ? undefined : o.cause,
  });
}

async function notifyCustomer(ctx: Ctx): Promise<void> {
  const { task, deps } = ctx;
  const orderId = str(task, 'orderId');
  const max = MAX_ATTEMPTS['notify-customer'];
  // One notification per order and purpose: a repeated attempt cannot message the customer twice.
  const notificationKey = `NOTIFY-${orderId}-fulfilled`;
  const endpoint = `${deps.ordersUrl}/orders/${encodeURIComponent(orderId)}/notifications`;
  const o = await call('POST', endpoint, deps.httpTimeoutMs, {
    notificationKey,
    channel: 'email',
    documentRef: task.variables.get('documentRef') ?? null,
  });
  if (success(o)) {
    await reportStatus(deps, orderId, 'COMPLETED', 'customer notified');
    return complete(ctx, { notificationRef: notificationKey });
  }
  return fail(ctx, `NOTIFICATION_FAILED notificationKey=${notificationKey}: ${describe(o, 'notification service')}`, nextRetries(task.retries, max), {
    attempt: `${attemptNumber(task.retries, max)}/${max}`,
    endpoint: `POST ${endpoint}`,
    status: o.kind === 'answered' ? o.status : undefined,
    cause: o.kind === 'answered' ? undefined : o.cause,
  });
}

const HANDLERS: Record<Topic, (ctx: Ctx) => Promise<void>> = {
  'check-availability': checkAvailability,
  'reserve-inventory': reserveInventory,
  'billing-handoff': billingHandoff,
  'generate-document': generateDocument,
  'notify-customer': notifyCustomer,
};

/**
 * Runs the topic's handler. An unexpected exception (a bug, a missing variable) is reported as a failure with
 * retries 0: retrying a defect does not help and an incident makes it visible.
 */
export async function handleTask(topic: Topic, task: Task, taskService: TaskService, deps: WorkerDeps): Promise<void> {
  const ctx = { task, taskService, deps };
  try {
    await HANDLERS[topic](ctx);
  } catch (err) {
    const message = (err as Error).message;
    const coded = /^[A-Z_]+:/.test(message) ? message : `WORKER_ERROR: ${message}`;
    try {
      await fail(ctx, coded, 0, { stack: (err as Error).stack?.split('\n').slice(0, 4).join(' | ') });
    } catch (reportErr) {
      // The engine may have moved on (e.g. an operator message interrupted the task); the lock simply expires.
      deps.log(`${topic} ${task.businessKey}: could not report the failure: ${(reportErr as Error).message}`);
    }
  }
}
