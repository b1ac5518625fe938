// The one HTTP client for domain services (orders, inventory, billing). The catalog names a service; the
// configuration maps the name to a base URL. Answers are untrusted JSON: callers read fields defensively.
import { requestIdHeaders } from '../request-id.js';

/** The service did not answer (refused, timed out, or 502/503/504): nothing is known to have happened. */
export class DomainUnavailableError extends Error {
  constructor(readonly service: string, message: string) {
    super(message);
    this.name = 'DomainUnavailableError';
  }
}

/** The service answered with an error the caller did not expect (4xx other than those it handles, or 500). */
export class DomainRequestError extends Error {
  constructor(readonly service: string, readonly status: number, readonly body: unknown, path: string) {
    super(`${service} answered ${status} for ${path}${describeBody(body)}`);
    this.name = 'DomainRequestError';
  }
}

export interface DomainAnswer {
  status: number;
  body: unknown;
}

export class DomainServices {
  constructor(
    private readonly urls: Readonly<Record<string, string>>,
    private readonly timeoutMs = 5000,
  ) {}

  has(service: string): boolean {
    return Boolean(this.urls[service]);
  }

  get(service: string, path: string, options: { accept?: number[] } = {}): Promise<DomainAnswer> {
    return this.request(service, 'GET', path, undefined, undefined, options.accept ?? []);
  }

  /** A command: the idempotency key makes a repeat (outbox re-run, replay) act once at the service. */
  post(service: string, path: string, body: unknown, idempotencyKey: string, options: { accept?: number[] } = {}): Promise<DomainAnswer> {
    return this.request(service, 'POST', path, body, idempotencyKey, options.accept ?? []);
  }

  private async request(service: string, method: string, path: string, body: unknown, idempotencyKey: string | undefined, accept: number[]): Promise<DomainAnswer> {
    const base = this.urls[service];
    if (!base) throw new DomainUnavailableError(service, `No URL is configured for the domain service "${service}" (DOMAIN_SERVICES).`);
    let response: Response;
    try {
      response = await fetch(base.replace(/\/$/, '') + path, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          // The operator's request this call serves, for the service's own logs.
          ...requestIdHeaders(),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new DomainUnavailableError(service, `The ${service} service is not reachable (${cause}).`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text.slice(0, 500);
    }
    if (response.ok || accept.includes(response.status)) return { status: response.status, body: parsed };
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      throw new DomainUnavailableError(service, `The ${service} service answered ${response.status}.`);
    }
    throw new DomainRequestError(service, response.status, parsed, path);
  }
}

/** `orders=http://127.0.0.1:8091,inventory=http://…` → { orders: 'http://…', … } */
export function parseServiceUrls(value: string | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const entry of (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [name, url] = entry.split('=', 2) as [string, string | undefined];
    if (!name || !url || !/^https?:\/\//.test(url)) throw new Error(`DOMAIN_SERVICES: "${entry}" is not name=http(s)://host:port`);
    urls[name.trim()] = url.trim();
  }
  return urls;
}

/** Reads `a.b.c` from an untrusted JSON answer. */
export function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const text = [b.error, b.code, b.message].filter((v) => typeof v === 'string').join(': ');
    return text ? `: ${text.slice(0, 300)}` : '';
  }
  return typeof body === 'string' && body ? `: ${body.slice(0, 300)}` : '';
}
