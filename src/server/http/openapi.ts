// The OpenAPI 3.1 description of the BFF's API, generated from the shared contracts (`src/contracts/endpoints.ts`:
// paths, methods, request and response schemas, converted with zod's own `z.toJSONSchema`) and from the routes'
// own access declarations (who may call each one). What the contracts do not hold, because the SPA needs it
// from nowhere but the comments there, is written here: query parameters, success statuses other than 200,
// the headers commands need and the errors each route answers. Served at `GET /api/openapi.json`.
import * as z from 'zod/mini';
import { actionRequestSchemas, actionSlugs, IDEMPOTENCY_HEADER } from '../../contracts/actions.js';
import { apiErrorSchema } from '../../contracts/common.js';
import { endpoints } from '../../contracts/endpoints.js';
import { queueSortSchema, queueViewSchema } from '../../contracts/queues.js';
import { CSRF_HEADER } from '../../contracts/session.js';
import type { RouteAccess } from '../auth/access.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { REQUEST_ID_HEADER } from '../request-id.js';

type EndpointName = keyof typeof endpoints;
type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

interface Operation {
  operationId: string;
  summary: string;
  'x-access': string;
  security: Record<string, string[]>[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }>; headers?: Record<string, unknown> }>;
}

const text = (description: string, schema: JsonSchema = { type: 'string' }, required = false): Omit<Parameter, 'name' | 'in'> => ({ required, description, schema });
const integer = (description: string, minimum: number, maximum?: number) => text(description, { type: 'integer', minimum, ...(maximum !== undefined ? { maximum } : {}) });
const auditFilters = {
  caseId: text('Events of this case.'),
  businessKey: text('Events of this business key (e.g. order:ORD-100928).'),
  from: text('From this instant, inclusive: a date or a date-time with a zone.'),
  to: text('To this instant, exclusive.'),
  limit: integer('Page size (default 200).', 1, 1000),
  offset: integer('Events to skip.', 0),
  order: text('`desc` newest first (default), `asc` chain order.', { type: 'string', enum: ['desc', 'asc'] }),
};

/** The query parameters each endpoint reads (the comments of endpoints.ts and queues.ts, in machine form). */
const QUERY: Partial<Record<EndpointName, Record<string, Omit<Parameter, 'name' | 'in'>>>> = {
  search: { q: text('Order id, a prefix of it, its digits, a case id, an instance id or free text (1-200 characters).', { type: 'string', minLength: 1, maxLength: 200 }, true) },
  listCases: {
    status: text('Comma list of statuses, or `open` (default), `incident`, `all`.'),
    category: text('One case category.'),
    team: text('One team.'),
    assignee: text('A user id, or `me`.'),
    limit: integer('Page size (default 200).', 1, 500),
    offset: integer('Cases to skip.', 0),
  },
  queue: {
    view: text('Saved view (default all).', { type: 'string', enum: queueViewSchema.options }),
    status: text('`open` (default: the working set), `incident`, `all` or a comma list of statuses.'),
    category: text('Comma list of categories.'),
    severity: text('Comma list of severities.'),
    source: text('Comma list of sources (INCIDENT, STUCK, RECONCILE, MANUAL).'),
    processKey: text('Comma list of process definition keys.'),
    processVersion: text('Comma list of process definition versions.'),
    activityId: text('Comma list of activity ids.'),
    assignee: text('`me`, a user id, or `none`.'),
    team: text('Comma list of teams.'),
    engineId: text('Comma list of engine ids.'),
    minAgeMinutes: integer('At least this old since first seen.', 0),
    maxAgeMinutes: integer('At most this old since first seen.', 0),
    topic: text('External-task topic of the failing step.'),
    slaBreached: text('`true`: active cases past their SLA due time.', { type: 'string', enum: ['true', 'false'] }),
    command: text('Cases with a recovery command of these actions (comma list).'),
    commandOutcome: text('done, pending or failed.', { type: 'string', enum: ['done', 'pending', 'failed'] }),
    approval: text('pending, approved, rejected, expired or breached.', { type: 'string', enum: ['pending', 'approved', 'rejected', 'expired', 'breached'] }),
    eventWithinMinutes: integer('The command or approval happened within the last N minutes.', 1),
    q: text('Free text on business key, case id, error message.'),
    sort: text('Sort key (default lastSeen).', { type: 'string', enum: queueSortSchema.options }),
    order: text('asc or desc (default).', { type: 'string', enum: ['asc', 'desc'] }),
    limit: integer('Page size (default 100).', 1, 200),
    cursor: text('The `nextCursor` of the previous page (same sort and filters).'),
  },
  dashboard: {
    range: text('Time range (default 7d).', { type: 'string', enum: ['24h', '7d', '30d'] }),
    engineId: text('One engine\'s figures (an id of /api/engines); absent: every engine\'s, added up.', { type: 'string', pattern: '^[a-z0-9-]{1,40}$' }),
  },
  listApprovals: { status: text('`pending` (default) or `all`.', { type: 'string', enum: ['pending', 'all'] }) },
  listAudit: auditFilters,
  exportAudit: { ...auditFilters, format: text('File format (default ndjson).', { type: 'string', enum: ['ndjson', 'csv'] }) },
};

/**
 * One line per operation, for API explorers (the contracts' own comments are not available at run time). Partial
 * on purpose: a new endpoint is documented at once (its method and path stand in until it gets a line here).
 */
const SUMMARY: Partial<Record<EndpointName, string>> = {
  login: 'Sign in: sets the session cookie and answers the session with its CSRF token.',
  logout: 'Sign out: ends the session.',
  session: 'The signed-in user and the CSRF token (401 without a session).',
  health: 'Engine reachability and the sync status.',
  search: 'Find orders, cases and process instances.',
  listCases: 'Cases, filtered by status, category, team and assignee.',
  caseDetail: 'One case with its incidents, diagram, path, evidence, timeline and the actions offered.',
  checkDiagnosis: 'Check or uncheck one diagnosis step of the case runbook.',
  queue: 'The case queue with filters, facets and view counts.',
  dashboard: 'Technical and business figures for a time range.',
  alerts: 'Firing and recently resolved alerts with their business payload and deliveries.',
  orderView: 'The read-only order view.',
  catalog: 'The ops catalog: contracts, runbooks, actions and rules.',
  caseAction: 'Run a recovery action on a case (the path names the action).',
  retryStep: 'Retry the failed step of a case.',
  bulkRetry: 'Retry transient cases at one activity (a dry run first).',
  listApprovals: 'Unsafe-retry requests waiting for (or decided by) a supervisor.',
  approve: 'Approve an unsafe retry: it runs once under the request\'s key.',
  reject: 'Reject an unsafe retry.',
  listFreezes: 'Activity freezes.',
  createFreeze: 'Freeze an activity: suspend its job definitions and the instances waiting there.',
  endFreeze: 'End a freeze: release exactly what it suspended.',
  listAudit: 'The audit trail, filtered.',
  exportAudit: 'Export the audit trail (NDJSON or CSV, sensitive fields masked).',
  verifyAudit: 'Verify the audit hash chain and its signed checkpoints.',
  events: 'Server-Sent Events telling an open page what changed.',
  openapi: 'This document.',
};

/** Success statuses other than a plain 200. */
const SUCCESS: Partial<Record<EndpointName, Record<string, string>>> = {
  caseAction: { 200: 'Done (or already done).', 202: 'Recorded: awaiting approval, or pending until the engine or a service answers again.' },
  approve: { 200: 'Approved and the retry ran.', 202: 'Approved; the retry is recorded and finishes in the background.' },
  createFreeze: { 201: 'The freeze, in force.' },
};

/** Headers a command needs besides the CSRF token (the session's, from `GET /api/session`). */
const COMMAND_HEADERS: Partial<Record<EndpointName, Parameter[]>> = {
  caseAction: [idempotencyKey(true), ifMatch()],
  approve: [idempotencyKey(true)],
  reject: [idempotencyKey(true)],
  bulkRetry: [idempotencyKey(false, 'Required unless `dryRun` is true.')],
};

function idempotencyKey(required: boolean, extra = ''): Parameter {
  return {
    name: 'Idempotency-Key', in: 'header', required,
    description: `A client-generated unique string (at most 200 characters): a repeat with the same key answers the first outcome and acts once. ${extra}`.trim(),
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  };
}
function ifMatch(): Parameter {
  return { name: 'If-Match', in: 'header', required: true, description: 'The case version the user saw, e.g. "3"; 412 when the case changed since.', schema: { type: 'string' } };
}

/** Errors per endpoint beyond the ones every route may answer (400, 401, 403, 500, 503). */
const ERRORS: Partial<Record<EndpointName, number[]>> = {
  login: [429],
  caseDetail: [404],
  orderView: [404],
  checkDiagnosis: [404, 409],
  caseAction: [404, 409, 412, 422, 428, 502],
  bulkRetry: [409],
  approve: [404, 409, 502],
  reject: [404, 409],
  createFreeze: [409],
  endFreeze: [404, 409],
  events: [429],
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: INVALID_QUERY, INVALID_BODY and route-specific codes.',
  401: 'NOT_AUTHENTICATED: no valid session.',
  403: 'FORBIDDEN (role) or CSRF_INVALID (missing or wrong X-CSRF-Token, foreign Origin).',
  404: 'Not found (CASE_NOT_FOUND, APPROVAL_NOT_FOUND, …).',
  409: 'Conflict: the action is not available, a command is pending, the request is in progress.',
  412: 'CASE_VERSION_MISMATCH: the case changed since the If-Match version.',
  422: 'The evidence does not match (EVIDENCE_MISMATCH).',
  428: 'PRECONDITION_REQUIRED: If-Match is missing.',
  429: 'Too many: sign-in attempts are slowed, or too many open streams.',
  500: 'INTERNAL: logged on the server.',
  502: 'The engine or a domain service refused the recovery (RECOVERY_FAILED, DOMAIN_REJECTED).',
  503: 'DEADLINE_EXCEEDED, BUSY or ENGINE_UNAVAILABLE: try again shortly.',
};

/** Content of answers that are not JSON. */
const NON_JSON: Partial<Record<EndpointName, Record<string, JsonSchema>>> = {
  exportAudit: { 'application/x-ndjson': { type: 'string' }, 'text/csv': { type: 'string' } },
  events: { 'text/event-stream': { type: 'string' } },
};

/** zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses), without the `$schema` each conversion stamps. */
export function jsonSchemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const openApiPath = (template: string) => template.replace(/:(\w+)/g, '{$1}');
const pathParams = (template: string) => [...template.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/**
 * An endpoint that is one value of another's path parameter (`retryStep` is `caseAction` with `:action` =
 * retry-step) is documented as that one: the router knows one route, and so does the document.
 */
function specialisationOf(name: EndpointName): EndpointName | null {
  const self = endpoints[name];
  const mine = self.path.split('/');
  for (const [other, e] of Object.entries(endpoints) as [EndpointName, (typeof endpoints)[EndpointName]][]) {
    const theirs = e.path.split('/');
    if (other === name || e.method !== self.method || theirs.length !== mine.length) continue;
    // Same segments, except where theirs is a parameter; and at least one literal of mine fills one of them.
    const fits = theirs.every((segment, i) => segment === mine[i] || (segment.startsWith(':') && !mine[i]!.startsWith(':')));
    if (fits && theirs.some((segment, i) => segment !== mine[i])) return other;
  }
  return null;
}

function accessText(access: RouteAccess | undefined): string {
  if (access === 'public') return 'public';
  if (access === 'authenticated' || access === undefined) return 'any signed-in user';
  return `roles: ${access.roles.join(', ')}`;
}

function requestBodyOf(name: EndpointName): Operation['requestBody'] {
  if (name === 'caseAction') {
    // One body per action slug: the schema of the action the path names.
    const oneOf = Object.entries(actionRequestSchemas).map(([action, schema]) => ({
      title: actionSlugs[action as keyof typeof actionSlugs],
      ...jsonSchemaOf(schema, 'input'),
    }));
    return { required: true, content: { 'application/json': { schema: { oneOf } } } };
  }
  const request = (endpoints[name] as { request?: z.ZodMiniType }).request;
  return request ? { required: true, content: { 'application/json': { schema: jsonSchemaOf(request, 'input') } } } : undefined;
}

function operationOf(name: EndpointName, access: RouteAccess | undefined): Operation {
  const endpoint = endpoints[name];
  const mutating = endpoint.method !== 'GET';
  const parameters: Parameter[] = pathParams(endpoint.path).map((param) => ({
    name: param,
    in: 'path',
    required: true,
    schema: param === 'action' ? { type: 'string', enum: Object.values(actionSlugs) } : { type: 'string' },
  }));
  for (const [param, spec] of Object.entries(QUERY[name] ?? {})) parameters.push({ name: param, in: 'query', ...spec });
  parameters.push(...(COMMAND_HEADERS[name] ?? []));
  parameters.push({
    name: 'X-Request-Id', in: 'header', required: false,
    description: 'Your id for this request (1-64 of A-Z a-z 0-9 . _ : -); echoed, logged and forwarded. Anything else is replaced by a generated one.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$' },
  });

  const successContent = NON_JSON[name] ?? { 'application/json': jsonSchemaOf(endpoint.response, 'output') };
  const content = Object.fromEntries(Object.entries(successContent).map(([type, schema]) => [type, { schema }]));
  const requestIdHeader = { [REQUEST_ID_HEADER]: { description: 'The request id (yours, or a generated one).', schema: { type: 'string' } } };
  const responses: Operation['responses'] = {};
  for (const [status, description] of Object.entries(SUCCESS[name] ?? { 200: 'OK.' })) responses[status] = { description, content, headers: requestIdHeader };
  const errors = new Set([400, 403, 500, 503, ...(ERRORS[name] ?? [])]);
  if (access !== 'public') errors.add(401);
  for (const status of [...errors].sort((a, b) => a - b)) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Refused.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiProblem' } } },
      headers: requestIdHeader,
    };
  }

  const requirement: Record<string, string[]> = mutating ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] };
  const security = access === 'public' ? [] : [requirement];
  const summary = SUMMARY[name] ?? `${endpoint.method} ${endpoint.path}`;
  const body = requestBodyOf(name);
  return {
    operationId: name,
    summary,
    'x-access': accessText(access),
    security,
    parameters,
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/**
 * The document. `access` maps `METHOD /path/:template` to the route's declared access (collected from the
 * routes as they are registered), so the document says exactly what the server enforces.
 */
export function buildOpenApiDocument(access: ReadonlyMap<string, RouteAccess | undefined>, version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const name of Object.keys(endpoints) as EndpointName[]) {
    if (specialisationOf(name)) continue;
    const endpoint = endpoints[name];
    const operation = operationOf(name, access.get(`${endpoint.method} ${endpoint.path}`));
    (paths[openApiPath(endpoint.path)] ??= {})[endpoint.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fallout Workbench BFF',
      version,
      description:
        'The API the workbench SPA uses. Sign in with POST /api/auth/login: the answer sets the HttpOnly session cookie and carries ' +
        `the CSRF token, which every mutating request sends in ${CSRF_HEADER}. Recovery commands also send ${IDEMPOTENCY_HEADER} ` +
        'and, on a case, If-Match with the case version. Every error is an ApiProblem: a machine-readable code and a message for a person.',
    },
    paths,
    components: {
      schemas: { ApiProblem: jsonSchemaOf(apiErrorSchema, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/auth/login (HttpOnly, SameSite=Strict).' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The session\'s CSRF token (`csrfToken` of the session answer); every mutating request.' },
      },
    },
  };
}
