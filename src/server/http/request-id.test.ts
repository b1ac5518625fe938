// Every request gets an id: a sane X-Request-Id is kept, anything else is replaced; the id is echoed, is in every
// JSON log line of the request, and travels to the engine and the domain services (a fake engine and service
// here, plain HTTP servers that record what they receive). Secrets never reach a log line. In-memory PGlite.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../app.js';
import { DomainServices } from '../domain/domain-services.js';
import { EngineHttp } from '../engine/http.js';
import { runWithRequestId } from '../request-id.js';
import type { NewCase } from '../store/cases-repo.js';
import { DEMO_PASSWORD, loginAs } from '../testing/auth.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A stand-in for the engine or a domain service: answers a few paths and records every request. */
async function recordingServer(answer: (method: string, url: string) => { status: number; body?: unknown }): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      const { status, body } = answer(req.method ?? '', req.url ?? '');
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received, server };
}

const NOW = new Date('2026-03-10T12:00:00.000Z');
let engine: Awaited<ReturnType<typeof recordingServer>>;
let bff: TestBff;
const lines: Record<string, unknown>[] = [];
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  engine = await recordingServer((method, url) => {
    if (url === '/engine-rest/version') return { status: 200, body: { version: '7.24.0' } };
    if (method === 'PUT' && /^\/engine-rest\/incident\/[^/]+\/annotation$/.test(url)) return { status: 204 };
    return { status: 404, body: { type: 'InvalidRequestException', message: 'not here' } };
  });
  bff = await startTestBff({ engineUrl: `${engine.url}/engine-rest`, clock: { now: () => NOW } });
  // The same services with the JSON log on, written into `lines`.
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  app = await buildApp(bff.ctx, { logger: { level: 'info', stream: { write: (line: string) => void stream.write(line) } } });
  // A route that logs everything a careless handler might: every header and the body.
  app.post('/test/log-everything', async (request) => {
    request.log.info({ headers: request.headers, body: request.body }, 'what came in');
    return { ok: true };
  });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await bff?.close();
  await new Promise((resolve) => engine?.server.close(resolve));
});

const linesOf = (requestId: string) => lines.filter((l) => l.requestId === requestId);

describe('request ids', () => {
  it('keeps a sane incoming X-Request-Id, echoes it and puts it on every log line of the request', async () => {
    const response = await app.inject({ method: 'POST', url: '/test/log-everything', headers: { 'x-request-id': 'trace-abc-123' }, payload: { a: 1 } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('trace-abc-123');
    expect(linesOf('trace-abc-123').map((l) => l.msg)).toEqual(['incoming request', 'what came in', 'request completed']);
    // JSON lines in pino's shape: level, time, message.
    for (const line of linesOf('trace-abc-123')) expect(line).toMatchObject({ level: 30, time: expect.any(Number), msg: expect.any(String) });
  });

  it('replaces an id that is not a short token, and makes one when none is sent', async () => {
    for (const bad of ['has space', 'x'.repeat(65), '"quoted"', 'line\\nbreak', '-starts-with-dash']) {
      const response = await app.inject({ method: 'GET', url: '/livez', headers: { 'x-request-id': bad } });
      expect(response.headers['x-request-id'], bad).toMatch(UUID);
      expect(lines.some((l) => l.requestId === bad)).toBe(false);
    }
    // Probes log warnings only: a platform asking every few seconds must not drown the request log.
    expect(lines.some((l) => (l.req as { url?: string } | undefined)?.url === '/livez')).toBe(false);
    const first = await app.inject({ method: 'GET', url: '/livez' });
    const second = await app.inject({ method: 'GET', url: '/livez' });
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('is on refusals too (401 before any handler)', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/queue', headers: { 'x-request-id': 'refused-1' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['x-request-id']).toBe('refused-1');
    expect(linesOf('refused-1').at(-1)).toMatchObject({ msg: 'request completed', res: { statusCode: 401 } });
  });

  it('never writes the password, the session cookie or the CSRF token to the log', async () => {
    const login = await loginAs(app, 'olivia.ops');
    const sessionId = login.cookie.split('=')[1]!;
    await app.inject({
      method: 'POST', url: '/test/log-everything', headers: { ...login.headers, authorization: 'Basic d29ya2JlbmNoOnNlY3JldA==', 'x-request-id': 'secrets-1' },
      payload: { username: 'olivia.ops', password: DEMO_PASSWORD, csrfToken: login.csrfToken },
    });
    const logged = linesOf('secrets-1').find((l) => l.msg === 'what came in') as { headers: Record<string, string>; body: Record<string, string> };
    // The line is there, with the harmless parts, and the secrets censored.
    expect(logged.body.username).toBe('olivia.ops');
    expect(logged.headers.cookie).toBe('[redacted]');
    expect(logged.headers['x-csrf-token']).toBe('[redacted]');
    expect(logged.headers.authorization).toBe('[redacted]');
    expect(logged.body.password).toBe('[redacted]');
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(sessionId);
    expect(everything).not.toContain(login.csrfToken);
    expect(everything).not.toContain(DEMO_PASSWORD);
    expect(everything).not.toContain('d29ya2JlbmNoOnNlY3JldA==');
  });
});

describe('the request id on outgoing calls', () => {
  it("goes to the engine with a read's engine calls", async () => {
    const login = await loginAs(app, 'olivia.ops');
    engine.received.length = 0;
    const response = await app.inject({ method: 'GET', url: '/api/health', headers: { ...login.headers, 'x-request-id': 'health-check-7' } });
    expect(response.statusCode).toBe(200);
    const version = engine.received.find((r) => r.url === '/engine-rest/version');
    expect(version?.headers['x-request-id']).toBe('health-check-7');
  });

  it("goes to the engine with a command's engine calls (a POST whose body arrives in a later socket read)", async () => {
    const newCase: NewCase = {
      engineId: 'default', source: 'INCIDENT', category: 'TECHNICAL_PERSISTENT', unclassified: false, severity: 'MEDIUM',
      businessKey: 'order:ORD-88', entityType: 'ORDER', entityId: 'ORD-88', processInstanceId: 'p88', rootProcessInstanceId: 'p88', definitionId: null,
      definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'validateOrder', activityName: 'Validate order',
      incidentType: 'failedJob', topic: null, errorMessage: 'boom', firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null, runbookId: null,
      team: 'fulfillment', slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: null,
    };
    const { id: caseId } = await bff.ctx.cases.create(bff.ctx.db, newCase, NOW);
    await bff.ctx.db.query(
      `INSERT INTO case_incident (case_id, engine_id, incident_id, incident_type, is_root_cause, process_instance_id, process_definition_key, activity_id, configuration, message, created_at, open)
       VALUES ($1, 'default', 'inc-88', 'failedJob', true, 'p88', 'order-orchestration', 'validateOrder', 'job-88', 'boom', $2, true)`,
      [caseId, NOW],
    );
    const login = await loginAs(app, 'olivia.ops');
    engine.received.length = 0;
    // Over a real socket, the body sent a moment after the headers: it then arrives in a socket read of its own,
    // outside the context the request started in (as a slow client's or a large body does).
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const body = JSON.stringify({ note: 'looked at the payload' });
    const headers = { ...login.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'idempotency-key': 'rid-note-1', 'if-match': '"1"', 'x-request-id': 'note-88' };
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /api/cases/${caseId}/actions/annotate HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
        setTimeout(() => socket.write(body), 100);
      });
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    expect(status).toBe('HTTP/1.1 200 OK');
    const annotation = engine.received.find((r) => r.method === 'PUT' && r.url === '/engine-rest/incident/inc-88/annotation');
    expect(annotation?.headers['x-request-id']).toBe('note-88');
    expect(linesOf('note-88').map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });

  it('goes to the engine and the domain services from the work of a request, and not from background work', async () => {
    const service = await recordingServer(() => ({ status: 200, body: { status: 'ACTIVE' } }));
    try {
      const http = new EngineHttp({ baseUrl: `${engine.url}/engine-rest`, user: 'workbench', password: 'secret', timeoutMs: 2000 });
      const domain = new DomainServices({ orders: service.url });
      engine.received.length = 0;
      await runWithRequestId('req-42', async () => {
        await http.get('/version', z.unknown());
        await domain.get('orders', '/orders/ORD-1');
      });
      // The sync's calls belong to no request.
      await http.get('/version', z.unknown());
      await domain.get('orders', '/orders/ORD-2');
      expect(engine.received.map((r) => r.headers['x-request-id'])).toEqual(['req-42', undefined]);
      expect(service.received.map((r) => [r.url, r.headers['x-request-id']])).toEqual([['/orders/ORD-1', 'req-42'], ['/orders/ORD-2', undefined]]);
    } finally {
      await new Promise((resolve) => service.server.close(resolve));
    }
  });
});
