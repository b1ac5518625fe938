/**
 * A very small JSON router on node:http: enough for the demo services and nothing more.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Request {
  method: string;
  path: string;
  /** Path parameters of the matched route (`/orders/:id` gives `id`). */
  params: Record<string, string>;
  /** A path parameter the route declares (throws for a name the route does not have). */
  param(name: string): string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  raw: IncomingMessage;
  res: ServerResponse;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Returned by a handler that has dealt with the socket itself (e.g. destroyed it on purpose). */
export const HANDLED = Symbol('handled');

export type Handler = (req: Request) => Reply | typeof HANDLED | Promise<Reply | typeof HANDLED>;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): void {
    this.routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    const parts = path.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.parts.every((p, i) => {
        const actual = parts[i] ?? '';
        if (p.startsWith(':')) {
          params[p.slice(1)] = decodeURIComponent(actual);
          return true;
        }
        return p === actual;
      });
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  return JSON.parse(text);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const status = reply.status ?? 200;
  if (reply.body === undefined || status === 204) {
    res.writeHead(status, reply.headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function listen(router: Router, port: number, host = '127.0.0.1', log?: (line: string) => void): Promise<RunningServer> {
  const server = createServer(async (raw, res) => {
    const url = new URL(raw.url ?? '/', 'http://localhost');
    let body: unknown;
    try {
      body = await readBody(raw);
    } catch {
      send(res, { status: 400, body: { error: 'body is not valid JSON' } });
      return;
    }
    const found = router.match(raw.method ?? 'GET', url.pathname);
    if (!found || found === 'method') {
      send(res, { status: found ? 405 : 404, body: { error: found ? 'method not allowed' : 'not found' } });
      return;
    }
    try {
      const reply = await found.handler({
        method: raw.method ?? 'GET',
        path: url.pathname,
        params: found.params,
        param: (name: string) => {
          const value = found.params[name];
          if (value === undefined) throw new Error(`route has no parameter ${name}`);
          return value;
        },
        query: url.searchParams,
        headers: raw.headers,
        body,
        raw,
        res,
      });
      if (reply !== HANDLED) send(res, reply);
    } catch (err) {
      log?.(`${raw.method} ${url.pathname} failed: ${(err as Error).stack ?? err}`);
      send(res, { status: 500, body: { error: (err as Error).message } });
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** True when the module is the process's entry point (`tsx demo/services/orders.ts`), not an import. */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const self = fileURLToPath(importMetaUrl);
  const given = resolve(entry);
  return given === self || `${given}.ts` === self;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
