// A signed-in caller of the BFF over HTTP, for benches that talk to real BFF processes. Sessions live in the
// database, so one sign-in serves every replica on it.
import { CSRF_HEADER } from '../../src/contracts/session.js';

export interface BffSession {
  headers: Record<string, string>;
}

export async function signIn(baseUrl: string, username: string, password = 'fallout-demo'): Promise<BffSession> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { headers: { cookie, [CSRF_HEADER]: csrfToken } };
}

export async function getJson<T>(baseUrl: string, path: string, session: BffSession): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: session.headers, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A command as the SPA sends it: Idempotency-Key, If-Match with the case version it saw. */
export function postCommand(baseUrl: string, path: string, session: BffSession, body: unknown, headers: { key: string; version?: number }): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      ...session.headers,
      'content-type': 'application/json',
      'idempotency-key': headers.key,
      ...(headers.version !== undefined ? { 'if-match': `"${headers.version}"` } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}
