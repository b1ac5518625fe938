// The SPA's only HTTP client. Every answer is parsed with the endpoint's contract schema, and every failure
// becomes a typed value ({code, message, status}) so callers branch on `code`, never on thrown strings.
import * as z from 'zod/mini';
import { apiErrorSchema } from '../../contracts/common.js';
import { pathFor } from '../../contracts/endpoints.js';
import { CSRF_HEADER } from '../../contracts/session.js';

export interface Endpoint {
  readonly method: string;
  readonly path: string;
  readonly response: z.ZodMiniType;
  readonly request?: z.ZodMiniType;
}

/** Codes the client produces itself; any other code comes from the BFF's ApiError body. */
export type ClientErrorCode = 'NETWORK' | 'INVALID_RESPONSE' | 'INVALID_REQUEST' | 'ABORTED';

export interface RequestFailure {
  code: ClientErrorCode | (string & {});
  message: string;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  details?: Record<string, unknown>;
}

/** Thrown by `apiFetch` (for TanStack Query, which needs a rejection); carries the typed failure. */
export class RequestError extends Error implements RequestFailure {
  readonly code: RequestFailure['code'];
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(failure: RequestFailure) {
    super(failure.message);
    this.name = 'RequestError';
    this.code = failure.code;
    this.status = failure.status;
    this.details = failure.details;
  }
}

export function isRequestError(error: unknown): error is RequestError {
  return error instanceof RequestError;
}

/** Any error as a typed failure, so components render one shape. */
export function toFailure(error: unknown): RequestFailure {
  if (isRequestError(error)) return { code: error.code, message: error.message, status: error.status, details: error.details };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error), status: 0 };
}

export type ApiResult<T> = { ok: true; data: T; status: number } | { ok: false; error: RequestFailure };

export interface RequestOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * The caller handles 401/403 itself and the app-wide listeners stay quiet: sign-in (a 401 there means wrong
   * credentials, not an expired session) and sign-out.
   */
  ignoreAuthFailure?: boolean;
}

type AuthListener = (failure: RequestFailure) => void;
const authListeners = new Set<AuthListener>();

/** 401 and 403 are seen in one place: the app subscribes once (redirect to sign-in, refresh of the CSRF token). */
export function onAuthFailure(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

// The session's CSRF token, sent back on every mutating request. It lives in memory only (never in storage):
// the session cookie is HttpOnly, and the token comes with each `GET /api/session` or sign-in answer.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function buildUrl(endpoint: Endpoint, options: Pick<RequestOptions, 'params' | 'query'> = {}): URL {
  const url = new URL(pathFor(endpoint.path, options.params ?? {}), window.location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  return url;
}

export async function apiRequest<E extends Endpoint>(
  endpoint: E,
  options: RequestOptions = {},
): Promise<ApiResult<z.infer<E['response']>>> {
  let body: string | undefined;
  if (options.body !== undefined) {
    const checked = endpoint.request ? z.safeParse(endpoint.request, options.body) : { success: true as const, data: options.body };
    if (!checked.success) {
      return fail({ code: 'INVALID_REQUEST', message: `Request for ${endpoint.path} is invalid: ${describeIssues(checked.error)}`, status: 0 });
    }
    body = JSON.stringify(checked.data);
  }

  const mutating = endpoint.method !== 'GET' && endpoint.method !== 'HEAD';
  let response: Response;
  try {
    response = await fetch(buildUrl(endpoint, options), {
      method: endpoint.method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(mutating && csrfToken ? { [CSRF_HEADER]: csrfToken } : {}),
        ...options.headers,
      },
      body,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) return fail({ code: 'ABORTED', message: 'The request was cancelled.', status: 0 });
    return fail({
      code: 'NETWORK',
      message: 'The workbench server could not be reached. Check your connection and try again.',
      status: 0,
      details: { cause: error instanceof Error ? error.message : String(error) },
    });
  }

  const json = await readJson(response);

  if (!response.ok) {
    const parsed = z.safeParse(apiErrorSchema, json);
    const failure: RequestFailure = parsed.success
      ? { code: parsed.data.code, message: parsed.data.message, status: response.status, details: parsed.data.details }
      : { code: `HTTP_${response.status}`, message: `The server answered ${response.status} ${response.statusText}`.trim(), status: response.status };
    if ((response.status === 401 || response.status === 403) && !options.ignoreAuthFailure) {
      authListeners.forEach((listener) => listener(failure));
    }
    return fail(failure);
  }

  const parsed = z.safeParse(endpoint.response, json);
  if (!parsed.success) {
    return fail({
      code: 'INVALID_RESPONSE',
      message: `Unexpected answer from ${endpoint.path}: ${describeIssues(parsed.error)}`,
      status: response.status,
    });
  }
  return { ok: true, data: parsed.data as z.infer<E['response']>, status: response.status };
}

/** For query functions: the data, or a thrown RequestError. */
export async function apiFetch<E extends Endpoint>(endpoint: E, options: RequestOptions = {}): Promise<z.infer<E['response']>> {
  const result = await apiRequest(endpoint, options);
  if (!result.ok) throw new RequestError(result.error);
  return result.data;
}

function fail(error: RequestFailure): { ok: false; error: RequestFailure } {
  return { ok: false, error };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
