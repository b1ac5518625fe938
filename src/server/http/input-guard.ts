// One gate for every string a client sends to /api: query values, path parameters and body strings. It runs
// before any handler, so no route can forget it. PostgreSQL refuses the NUL character outright (a 500 deep in
// a repository), and no identifier, filter or note of this workbench needs a control character; lengths are
// capped here once so a megabyte of query string never reaches a parser or a SQL statement.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiProblem } from '../api-problem.js';

export const INPUT_LIMITS = {
  /** One query string value (free text in search and queue is capped lower by its own route). */
  queryValue: 1_000,
  /** Distinct query parameters in one request. */
  queryParameters: 40,
  /** One path parameter: ids. */
  pathParameter: 200,
  /** One string inside a JSON body (notes, reasons, evidence are capped lower by their contracts). */
  bodyString: 20_000,
  /** Nesting of a JSON body. */
  bodyDepth: 8,
} as const;

// C0 controls and DEL. Bodies may carry line breaks and tabs (a multi-line note); queries and ids may not.
// oxlint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f]/;
// oxlint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// A lone UTF-16 surrogate cannot be stored as UTF-8: the database would see a replacement character.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface InputProblem {
  code: 'INVALID_QUERY' | 'INVALID_BODY';
  message: string;
}

const describe = (where: string) => (where ? `"${where}"` : 'the request');

function checkLine(value: string, where: string, max: number, code: InputProblem['code']): InputProblem | null {
  if (value.length > max) return { code, message: `${describe(where)} is too long: at most ${max} characters.` };
  if (CONTROL_IN_LINE.test(value)) return { code, message: `${describe(where)} contains a control character (such as NUL); remove it and try again.` };
  if (LONE_SURROGATE.test(value)) return { code, message: `${describe(where)} contains an incomplete Unicode character.` };
  return null;
}

/** The first problem with a query string or path parameters, or null. */
export function checkQuery(query: unknown, params: unknown): InputProblem | null {
  if (query && typeof query === 'object') {
    const entries = Object.entries(query as Record<string, unknown>);
    if (entries.length > INPUT_LIMITS.queryParameters) {
      return { code: 'INVALID_QUERY', message: `Too many query parameters: at most ${INPUT_LIMITS.queryParameters}.` };
    }
    for (const [name, raw] of entries) {
      const nameProblem = checkLine(name, 'a parameter name', 100, 'INVALID_QUERY');
      if (nameProblem) return nameProblem;
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== 'string') continue;
        const problem = checkLine(value, name, INPUT_LIMITS.queryValue, 'INVALID_QUERY');
        if (problem) return problem;
      }
    }
  }
  if (params && typeof params === 'object') {
    for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      const problem = checkLine(value, name, INPUT_LIMITS.pathParameter, 'INVALID_QUERY');
      if (problem) return problem;
    }
  }
  return null;
}

/** The first problem with a parsed JSON body (keys and string values, at any depth), or null. */
export function checkBody(body: unknown, path = '', depth = 0): InputProblem | null {
  if (depth > INPUT_LIMITS.bodyDepth) return { code: 'INVALID_BODY', message: `The request body is nested too deeply: at most ${INPUT_LIMITS.bodyDepth} levels.` };
  if (typeof body === 'string') {
    if (body.length > INPUT_LIMITS.bodyString) return { code: 'INVALID_BODY', message: `${describe(path)} is too long: at most ${INPUT_LIMITS.bodyString} characters.` };
    if (CONTROL_IN_TEXT.test(body)) return { code: 'INVALID_BODY', message: `${describe(path)} contains a control character (such as NUL); remove it and try again.` };
    if (LONE_SURROGATE.test(body)) return { code: 'INVALID_BODY', message: `${describe(path)} contains an incomplete Unicode character.` };
    return null;
  }
  if (Array.isArray(body)) {
    for (let i = 0; i < body.length; i++) {
      const problem = checkBody(body[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const keyProblem = checkLine(key, 'a field name', 100, 'INVALID_BODY');
      if (keyProblem) return keyProblem;
      const problem = checkBody(value, path ? `${path}.${key}` : key, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

const apiRoutes = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every /api route the app declared (method and URL pattern), for tests that must cover them all. */
export function apiRoutesOf(app: FastifyInstance): { method: string; url: string }[] {
  return [...(apiRoutes.get(app) ?? [])];
}

/** Registers the gate; call before the routes so that the route list is complete. */
export function registerInputGuard(app: FastifyInstance): void {
  const routes: { method: string; url: string }[] = [];
  apiRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  // preValidation: after the body is parsed, before any handler or schema sees it.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/api/')) return;
    const problem = checkQuery(request.query, request.params) ?? checkBody(request.body);
    if (problem) throw new ApiProblem(400, problem.code, problem.message);
  });
}
