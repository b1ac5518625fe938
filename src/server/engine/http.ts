import type { z } from 'zod';
import { requestIdHeaders } from '../request-id.js';
import { EngineRequestError, EngineResponseShapeError, EngineUnavailableError } from './errors.js';
import type { RateLimiter } from './rate-limiter.js';
import { engineErrorBodySchema } from './schemas.js';
import { engineRouteOf } from './route-template.js';

export interface EngineConnection {
  /** Base URL including `/engine-rest`, e.g. http://127.0.0.1:8080/engine-rest */
  baseUrl: string;
  user: string;
  password: string;
  timeoutMs: number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * Sees every call: tests count them to prove that list views never reach the engine, and the metrics time them
 * by `route` (the path template, ids replaced). `status` is null when no answer came (refused, reset, timed out).
 */
export interface EngineCallObserver {
  (call: { method: string; path: string; route: string; query: string; status: number | null; ms: number }): void;
}

/**
 * The one HTTP client for engine REST. Credentials stay here; every answer is parsed with a zod schema and
 * every failure becomes one of the typed engine errors.
 */
export class EngineHttp {
  private readonly authHeader: string;

  constructor(
    private readonly connection: EngineConnection,
    private readonly observer?: EngineCallObserver,
    /** Caps this client's request rate (the sync's client has one; the case page's does not). */
    readonly limiter?: RateLimiter,
  ) {
    this.authHeader = 'Basic ' + Buffer.from(`${connection.user}:${connection.password}`).toString('base64');
  }

  get baseUrl(): string {
    return this.connection.baseUrl;
  }

  async get<S extends z.ZodTypeAny>(path: string, schema: S, query?: Query): Promise<z.output<S>> {
    return (await this.request('GET', path, schema, undefined, query)) as z.output<S>;
  }

  /** For the few endpoints that answer plain text (error details, stack traces). */
  async getText(path: string, query?: Query): Promise<string> {
    return (await this.request('GET', path, null, undefined, query, true)) as string;
  }

  async send<S extends z.ZodTypeAny>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, schema: S | null): Promise<z.output<S> | null> {
    return (await this.request(method, path, schema, body)) as z.output<S> | null;
  }

  private async request(method: string, path: string, schema: z.ZodTypeAny | null, body?: unknown, query?: Query, asText = false): Promise<unknown> {
    const url = new URL(this.connection.baseUrl.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    await this.limiter?.acquire();
    const startedAt = performance.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: this.authHeader,
          // The operator's request this call serves, for the engine's access log (none for the sync's own calls).
          ...requestIdHeaders(),
          accept: asText ? 'text/plain, application/json' : 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.connection.timeoutMs),
      });
    } catch (error) {
      this.observer?.({ method, path, route: engineRouteOf(path), query: url.search, status: null, ms: performance.now() - startedAt });
      // The message reaches timelines, audit evidence and every role's screen: it names no internal address.
      throw new EngineUnavailableError(`The engine is not reachable (${describeFetchError(error)}).`, { cause: error });
    }
    const text = await response.text();
    this.observer?.({ method, path, route: engineRouteOf(path), query: url.search, status: response.status, ms: performance.now() - startedAt });
    if (!response.ok) {
      if (response.status === 502 || response.status === 503 || response.status === 504) {
        throw new EngineUnavailableError(`The engine answered ${response.status}: it is not available right now.`);
      }
      const parsed = engineErrorBodySchema.safeParse(safeJson(text));
      throw new EngineRequestError(
        response.status,
        parsed.success ? parsed.data.type ?? null : null,
        parsed.success ? parsed.data.message ?? null : text.slice(0, 500) || null,
        path,
      );
    }
    if (asText) return text;
    if (schema === null) return null;
    const result = schema.safeParse(safeJson(text));
    if (!result.success) throw new EngineResponseShapeError(path, result.error.message.slice(0, 1000));
    return result.data;
  }
}

function safeJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (error.name === 'TimeoutError') return 'timed out';
    return cause?.code ?? error.message;
  }
  return String(error);
}
