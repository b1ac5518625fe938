// @vitest-environment node
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Variables, type HandleFailureOptions, type Task, type TaskService } from 'camunda-external-task-client-js';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptNumber, handleTask, nextRetries, type Topic, type WorkerDeps } from './handlers.js';

type Route = (req: IncomingMessage, res: ServerResponse, body: any) => void;
const servers: Server[] = [];

/** A stub domain service answering through one function. */
async function stub(route: Route): Promise<string> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => route(req, res, raw ? JSON.parse(raw) : undefined));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/** A port nobody listens on (bound, then released). */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

function fakeTask(topic: Topic, retries: number | null, vars: Record<string, unknown>): Task {
  const variables = new Variables();
  for (const [k, v] of Object.entries(vars)) variables.set(k, v);
  return { id: 'task-1', topicName: topic, retries, businessKey: `order:${vars.orderId}`, variables } as unknown as Task;
}

function recorder() {
  const calls: { kind: string; args: any }[] = [];
  const service = {
    complete: async (_t: Task, v?: Variables) => void calls.push({ kind: 'complete', args: v?.getAll() ?? {} }),
    handleFailure: async (_t: Task, o: HandleFailureOptions) => void calls.push({ kind: 'failure', args: o }),
    handleBpmnError: async (_t: Task, code: string, message?: string) => void calls.push({ kind: 'bpmnError', args: { code, message } }),
    extendLock: async () => {},
    unlock: async () => {},
  } satisfies TaskService;
  return { calls, service };
}

async function deps(overrides: Partial<WorkerDeps>): Promise<WorkerDeps> {
  const orders = await stub((_req, res) => json(res, 200, {}));
  return {
    ordersUrl: orders,
    inventoryUrl: orders,
    billingUrl: orders,
    retryTimeoutMs: 1000,
    httpTimeoutMs: 300,
    workerId: 'test-worker',
    log: () => {},
    ...overrides,
  };
}

describe('retry arithmetic', () => {
  it('counts down a budget of N attempts starting from the engine\'s null retries', () => {
    expect(nextRetries(null, 3)).toBe(2);
    expect(nextRetries(2, 3)).toBe(1);
    expect(nextRetries(1, 3)).toBe(0);
    expect(nextRetries(0, 3)).toBe(0);
    expect([null, 2, 1].map((r) => attemptNumber(r, 3))).toEqual([1, 2, 3]);
  });
});

describe('check-availability', () => {
  it('treats a dropped connection as technical: retries N-1, then N-2, with a coded message and details', async () => {
    const inventoryUrl = await stub((req) => req.socket.destroy());
    const d = await deps({ inventoryUrl });
    const first = recorder();
    await handleTask('check-availability', fakeTask('check-availability', null, { orderId: 'ORD-1' }), first.service, d);
    expect(first.calls).toHaveLength(1);
    expect(first.calls[0]!.kind).toBe('failure');
    expect(first.calls[0]!.args.retries).toBe(2);
    expect(first.calls[0]!.args.retryTimeout).toBe(1000);
    expect(first.calls[0]!.args.errorMessage).toMatch(/^AVAILABILITY_UNAVAILABLE: /);
    expect(first.calls[0]!.args.errorDetails).toContain('attempt=1/3');
    expect(first.calls[0]!.args.errorDetails).toContain(`endpoint=GET ${inventoryUrl}/availability?orderId=ORD-1`);

    const last = recorder();
    await handleTask('check-availability', fakeTask('check-availability', 1, { orderId: 'ORD-1' }), last.service, d);
    expect(last.calls[0]!.args.retries).toBe(0);
    expect(last.calls[0]!.args.errorDetails).toContain('attempt=3/3');
  });

  it('turns "not available" into the INVENTORY_REJECTED BPMN error, not a failure', async () => {
    const inventoryUrl = await stub((_req, res) => json(res, 200, { orderId: 'ORD-2', available: false, reason: 'OUT_OF_STOCK' }));
    const r = recorder();
    await handleTask('check-availability', fakeTask('check-availability', null, { orderId: 'ORD-2' }), r.service, await deps({ inventoryUrl }));
    expect(r.calls).toEqual([{ kind: 'bpmnError', args: { code: 'INVENTORY_REJECTED', message: expect.stringMatching(/OUT_OF_STOCK/) } }]);
  });
});

describe('reserve-inventory', () => {
  it('reports a timeout after sending as an unknown outcome with no retries left', async () => {
    let received = 0;
    const inventoryUrl = await stub((_req, res) => {
      received++;
      setTimeout(() => json(res, 201, {}), 1000);
    });
    const r = recorder();
    await handleTask('reserve-inventory', fakeTask('reserve-inventory', null, { orderId: 'ORD-3', reservationRequestId: 'RR-ORD-3-1' }), r.service, await deps({ inventoryUrl }));
    expect(received).toBe(1);
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.args.retries).toBe(0);
    expect(r.calls[0]!.args.errorMessage).toBe(
      'RESERVATION_TIMEOUT_AFTER_SEND requestId=RR-ORD-3-1: no answer from inventory within 300 ms; the reservation may exist',
    );
    expect(r.calls[0]!.args.errorDetails).toContain('outcome=UNKNOWN');
  });

  it('may retry when the connection was refused, because nothing was sent', async () => {
    const r = recorder();
    await handleTask('reserve-inventory', fakeTask('reserve-inventory', null, { orderId: 'ORD-4', reservationRequestId: 'RR-ORD-4-1' }), r.service, await deps({ inventoryUrl: await closedPort() }));
    expect(r.calls[0]!.args.retries).toBe(2);
    expect(r.calls[0]!.args.errorMessage).toMatch(/^RESERVATION_NOT_SENT requestId=RR-ORD-4-1: /);
  });

  it('sends the reservation request id and completes on success', async () => {
    let seen: any;
    const inventoryUrl = await stub((_req, res, body) => {
      seen = body;
      json(res, 201, { reservation: { reservationId: 'RSV-1' } });
    });
    const r = recorder();
    await handleTask('reserve-inventory', fakeTask('reserve-inventory', null, { orderId: 'ORD-5', reservationRequestId: 'RR-ORD-5-1' }), r.service, await deps({ inventoryUrl }));
    expect(seen).toEqual({ requestId: 'RR-ORD-5-1', orderId: 'ORD-5' });
    expect(r.calls.map((c) => c.kind)).toEqual(['complete']);
  });
});

describe('billing-handoff', () => {
  const vars = { orderId: 'ORD-6', orderTotal: 250.75, billingIdempotencyKey: 'BILL-ORD-6' };

  it('stops after the first failure (money): retries 0 with the gateway status in the message', async () => {
    const billingUrl = await stub((_req, res) => json(res, 502, { error: 'BAD_GATEWAY' }));
    const r = recorder();
    await handleTask('billing-handoff', fakeTask('billing-handoff', null, vars), r.service, await deps({ billingUrl }));
    expect(r.calls[0]!.args).toMatchObject({
      retries: 0,
      errorMessage: 'BILLING_HANDOFF_FAILED idempotencyKey=BILL-ORD-6: billing gateway answered 502',
    });
    expect(r.calls[0]!.args.errorDetails).toContain('status=502');
  });

  it('passes the idempotency key and completes with the billing reference', async () => {
    let key: string | undefined;
    const billingUrl = await stub((req, res) => {
      key = req.headers['idempotency-key'] as string;
      json(res, 201, { charge: { billingReference: 'BR-000001' } });
    });
    const r = recorder();
    await handleTask('billing-handoff', fakeTask('billing-handoff', null, vars), r.service, await deps({ billingUrl }));
    expect(key).toBe('BILL-ORD-6');
    expect(r.calls).toEqual([{ kind: 'complete', args: { billingReference: 'BR-000001' } }]);
  });

  it('maps a credit rejection to the CREDIT_REJECTED BPMN error', async () => {
    const billingUrl = await stub((_req, res) => json(res, 422, { code: 'CREDIT_REJECTED' }));
    const r = recorder();
    await handleTask('billing-handoff', fakeTask('billing-handoff', 0, vars), r.service, await deps({ billingUrl }));
    expect(r.calls[0]!).toMatchObject({ kind: 'bpmnError', args: { code: 'CREDIT_REJECTED' } });
  });
});

describe('unexpected errors', () => {
  it('become a failure with retries 0 and a coded message (e.g. a missing variable)', async () => {
    const r = recorder();
    await handleTask('generate-document', fakeTask('generate-document', null, {}), r.service, await deps({}));
    expect(r.calls[0]!.args.retries).toBe(0);
    expect(r.calls[0]!.args.errorMessage).toMatch(/^MISSING_VARIABLE: /);
  });
});
