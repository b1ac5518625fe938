// The OpenAPI document against the running app: every /api route the app registers is documented and every
// documented operation is a registered route; the document's schemas are valid JSON Schema 2020-12 (each one
// compiled by Ajv, which checks it against the meta-schema first); and real answers of the app, success and
// error alike, validate against the schema the document gives for their path and status. Ajv is the JSON
// Schema validator Fastify itself uses (in node_modules as Fastify's dependency). In-memory PGlite; the engine
// URL points at a closed port.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from './openapi.js';
import { apiRoutesOf } from './input-guard.js';
import type { NewCase } from '../store/cases-repo.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
let bff: TestBff;
let doc: OpenApiDocument;
let caseId: string;
const logins: Record<string, TestLogin> = {};

const newCase: NewCase = {
  engineId: 'default', source: 'STUCK', category: 'BUSINESS_UNMODELED', unclassified: false, severity: 'MEDIUM',
  businessKey: 'order:ORD-61', entityType: 'ORDER', entityId: 'ORD-61', processInstanceId: 'p61', rootProcessInstanceId: 'p61', definitionId: null,
  definitionKey: 'order-orchestration', definitionVersion: 3, activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback',
  incidentType: null, topic: null, errorMessage: null, firstSeenAt: '2026-03-10T10:00:00.000Z', classificationRule: null, runbookId: null, team: 'fulfillment',
  slaDueAt: new Date('2026-03-10T20:00:00.000Z'), findingKey: 'stuck:p61:waitForReservationCallback',
};

beforeAll(async () => {
  // With the change feed, so that GET /api/events is registered as in production.
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl(), clock: { now: () => NOW }, live: true });
  caseId = (await bff.ctx.cases.create(bff.ctx.db, newCase, NOW)).id;
  for (const user of ['olivia.ops', 'sam.support', 'sara.supervisor', 'aud.auditor', 'theo.tech']) logins[user] = await loginAs(bff.app, user);
  const response = await bff.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  doc = response.json();
}, 120_000);
afterAll(() => bff?.close());

const toOpenApi = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('GET /api/openapi.json', () => {
  it('is public, and an OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Fallout Workbench BFF');
    expect(doc.components.securitySchemes.sessionCookie).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'fw_session' }));
  });

  it('documents exactly the /api routes the app registers', () => {
    const registered = apiRoutesOf(bff.app).map((r) => `${r.method} ${toOpenApi(r.url)}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    // A floor, so an empty listing on both sides cannot pass.
    expect(registered.length).toBeGreaterThanOrEqual(24);
    expect(documented).toEqual(registered);
  });

  it('says who may call each route, as the route declares it', () => {
    expect(doc.paths['/api/auth/login']!.post!['x-access']).toBe('public');
    expect(doc.paths['/api/auth/login']!.post!.security).toEqual([]);
    expect(doc.paths['/api/audit/export']!.get!['x-access']).toBe('roles: auditor');
    expect(doc.paths['/api/session']!.get!.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.paths['/api/freezes']!.post!.security).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    const action = doc.paths['/api/cases/{caseId}/actions/{action}']!.post!;
    expect(action.parameters.filter((p) => p.in !== 'query').map((p) => `${p.in} ${p.name}${p.required ? '' : '?'}`)).toEqual([
      'path caseId', 'path action', 'header Idempotency-Key', 'header If-Match', 'header X-Request-Id?',
    ]);
    expect(Object.keys(action.responses)).toEqual(['200', '202', '400', '401', '403', '404', '409', '412', '422', '428', '500', '502', '503']);
  });

  it('holds only valid JSON Schema 2020-12 (each schema compiles against the meta-schema)', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(doc.components.schemas.ApiProblem!, 'ApiProblem');
    let compiled = 0;
    const visit = (schema: Record<string, unknown>) => {
      const text = JSON.stringify(schema).replaceAll('#/components/schemas/ApiProblem', 'ApiProblem');
      ajv.compile(JSON.parse(text) as object);
      compiled++;
    };
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        for (const parameter of operation.parameters) visit(parameter.schema);
        for (const media of Object.values(operation.requestBody?.content ?? {})) visit(media.schema);
        for (const response of Object.values(operation.responses)) for (const media of Object.values(response.content ?? {})) visit(media.schema);
      }
    }
    expect(compiled).toBeGreaterThan(100);
  }, 30_000);
});

describe('real answers validate against the documented schema of their path and status', () => {
  let ajv: Ajv2020;
  beforeAll(() => {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(doc.components.schemas.ApiProblem!, 'ApiProblem');
  });

  function validatorFor(path: string, method: string, status: number): ValidateFunction {
    const response = doc.paths[path]?.[method]?.responses[String(status)];
    if (!response) throw new Error(`The document has no ${status} for ${method.toUpperCase()} ${path}`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method.toUpperCase()} ${path} ${status} documents no JSON body`);
    return ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/ApiProblem', 'ApiProblem')) as object);
  }

  const as = (user: string | null, extra: Record<string, string> = {}) => ({ ...(user ? logins[user]!.headers : {}), ...extra });

  // [documented path, method, url sent, caller, expected status, body, extra headers]
  const cases = (): [string, 'get' | 'post', string, string | null, number, unknown?, Record<string, string>?][] => [
    ['/api/auth/login', 'post', '/api/auth/login', null, 200, { username: 'sam.support', password: 'fallout-demo' }],
    ['/api/auth/login', 'post', '/api/auth/login', null, 400, { username: 'sam.support' }],
    ['/api/session', 'get', '/api/session', 'olivia.ops', 200],
    ['/api/session', 'get', '/api/session', null, 401],
    ['/api/health', 'get', '/api/health', 'olivia.ops', 200],
    ['/api/search', 'get', '/api/search?q=ORD-61', 'sam.support', 200],
    ['/api/search', 'get', '/api/search', 'sam.support', 400],
    ['/api/cases', 'get', '/api/cases', 'olivia.ops', 200],
    ['/api/cases/{caseId}', 'get', `/api/cases/${caseId}`, 'olivia.ops', 200],
    ['/api/cases/{caseId}', 'get', '/api/cases/FO-2026-999999', 'olivia.ops', 404],
    ['/api/queue', 'get', '/api/queue?view=team&sort=severity', 'olivia.ops', 200],
    ['/api/queue', 'get', '/api/queue?sort=sideways', 'olivia.ops', 400],
    ['/api/dashboard', 'get', '/api/dashboard?range=24h', 'olivia.ops', 200],
    ['/api/dashboard', 'get', '/api/dashboard', 'sam.support', 403],
    ['/api/orders/{orderId}', 'get', '/api/orders/ORD-61', 'sam.support', 200],
    ['/api/catalog', 'get', '/api/catalog', 'sam.support', 200],
    ['/api/approvals', 'get', '/api/approvals?status=all', 'sara.supervisor', 200],
    ['/api/freezes', 'get', '/api/freezes', 'theo.tech', 200],
    ['/api/audit', 'get', '/api/audit?limit=5', 'aud.auditor', 200],
    ['/api/audit/verify', 'get', '/api/audit/verify', 'aud.auditor', 200],
    ['/api/cases/{caseId}/actions/{action}', 'post', `/api/cases/${caseId}/actions/assign`, 'olivia.ops', 200, { assignee: 'olivia.ops' }, { 'idempotency-key': 'oa-1', 'if-match': '"1"' }],
    ['/api/cases/{caseId}/actions/{action}', 'post', `/api/cases/${caseId}/actions/annotate`, 'olivia.ops', 412, { note: 'late' }, { 'idempotency-key': 'oa-2', 'if-match': '"1"' }],
    ['/api/cases/{caseId}/actions/{action}', 'post', `/api/cases/${caseId}/actions/annotate`, 'olivia.ops', 428, { note: 'no version' }, { 'idempotency-key': 'oa-3' }],
    ['/api/cases/{caseId}/actions/{action}', 'post', `/api/cases/${caseId}/actions/annotate`, 'olivia.ops', 403, { note: 'no csrf' }, { 'x-csrf-token': 'wrong' }],
    ['/api/bulk/retry-step', 'post', '/api/bulk/retry-step', 'theo.tech', 200, { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: true }],
    ['/api/freezes', 'post', '/api/freezes', 'theo.tech', 400, { activityId: 'x' }],
  ];

  it('for each of these requests', async () => {
    const failures: string[] = [];
    for (const [path, method, url, user, status, body, headers] of cases()) {
      const response = await bff.app.inject({ method: method.toUpperCase() as 'GET' | 'POST', url, headers: as(user, headers), ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });
      const label = `${method.toUpperCase()} ${url} as ${user ?? 'nobody'}`;
      if (response.statusCode !== status) {
        failures.push(`${label}: expected ${status}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
        continue;
      }
      const validate = validatorFor(path, method, status);
      if (!validate(response.json())) failures.push(`${label} → ${status}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 600)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('and a document that says the wrong thing would be caught (the validator is not vacuous)', () => {
    const validate = validatorFor('/api/session', 'get', 200);
    expect(validate({ user: { id: 'x' } })).toBe(false);
    expect(validatorFor('/api/session', 'get', 401)({ code: 'NOT_AUTHENTICATED', message: 'Sign in to continue.' })).toBe(true);
    expect(validatorFor('/api/session', 'get', 401)({ code: 401 })).toBe(false);
  });
});
