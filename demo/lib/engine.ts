/**
 * Thin client for the Camunda 7 REST API as the demo's domain side uses it (never the workbench's client).
 */
import type { EngineAuth } from './config.js';

export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
  ) {
    const detail = typeof body === 'object' && body && 'message' in body ? (body as { message: string }).message : JSON.stringify(body);
    super(`${method} ${path} answered ${status}: ${detail}`);
  }
}

export type TypedValue = { value: unknown; type: string };

/**
 * Converts plain JS values to Camunda typed variables. Numbers become Long when integral, Double otherwise,
 * unless `types` names the type (a variable contract should not change type with its value).
 */
export function toVariables(values: Record<string, unknown>, types: Record<string, string> = {}): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (types[name]) out[name] = { value, type: types[name] };
    else if (typeof value === 'number') out[name] = { value, type: Number.isInteger(value) ? 'Long' : 'Double' };
    else if (typeof value === 'boolean') out[name] = { value, type: 'Boolean' };
    else if (value === null) out[name] = { value, type: 'Null' };
    else out[name] = { value: String(value), type: 'String' };
  }
  return out;
}

export class EngineClient {
  private readonly base: string;
  private readonly authorization: string;

  constructor(auth: EngineAuth) {
    this.base = auth.engineUrl.replace(/\/$/, '');
    this.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  }

  get url(): string {
    return this.base;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: this.authorization,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!res.ok) throw new EngineError(res.status, method, path, parsed);
    return parsed as T;
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  /** Starts a process by key (newest version) or by definition id (an exact version). */
  startProcess(
    target: { key: string } | { definitionId: string },
    businessKey: string,
    variables: Record<string, unknown>,
    types: Record<string, string> = {},
  ): Promise<{ id: string; definitionId: string; businessKey: string }> {
    const path =
      'key' in target
        ? `/process-definition/key/${encodeURIComponent(target.key)}/start`
        : `/process-definition/${encodeURIComponent(target.definitionId)}/start`;
    return this.post(path, { businessKey, variables: toVariables(variables, types) });
  }

  /** Runtime instances with this business key (optionally of one definition key). */
  runningInstances(businessKey: string, processDefinitionKey?: string): Promise<{ id: string; definitionId: string }[]> {
    const q = new URLSearchParams({ businessKey, maxResults: '50' });
    if (processDefinitionKey) q.set('processDefinitionKey', processDefinitionKey);
    return this.get(`/process-instance?${q}`);
  }

  /** Historic instances (running and ended) with this business key. */
  historicInstances(
    businessKey: string,
    processDefinitionKey?: string,
  ): Promise<{ id: string; processDefinitionId: string; state: string; superProcessInstanceId: string | null }[]> {
    const q = new URLSearchParams({ processInstanceBusinessKey: businessKey, maxResults: '50' });
    if (processDefinitionKey) q.set('processDefinitionKey', processDefinitionKey);
    return this.get(`/history/process-instance?${q}`);
  }

  /**
   * Correlates a message by business key. A 400 means the engine found no single waiting target; it is
   * reported (not thrown) so callers can treat it as "nothing changed".
   */
  async correlate(
    messageName: string,
    businessKey: string,
    processVariables: Record<string, unknown> = {},
  ): Promise<{ correlated: true } | { correlated: false; reason: string }> {
    try {
      await this.post('/message', { messageName, businessKey, processVariables: toVariables(processVariables) });
      return { correlated: true };
    } catch (err) {
      if (err instanceof EngineError && err.status === 400) return { correlated: false, reason: err.message };
      throw err;
    }
  }
}
