// The id of the request a piece of work belongs to, so the BFF's log lines, the engine's and the domain
// services' access logs can be joined on one value. Held in its own AsyncLocalStorage, apart from the read
// deadline's scope (request-scope.ts): a recovery command leaves the deadline scope on purpose (it must run
// to its outcome) but it is still the work of that request and keeps its id.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Sent and echoed on every request of the BFF, and forwarded on its engine and domain-service calls. */
export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is taken as it is only when it is a short token: it is echoed in a header and written to every
// log line, so nothing that could split a header or a log line, and nothing long enough to flood a log.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The incoming `X-Request-Id` when it is a sane short token, else a new UUID. */
export function requestIdFrom(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

const storage = new AsyncLocalStorage<string>();

/** The id of the request whose work is running, if any (background work such as the sync has none). */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}

/** Runs `work` (and everything it awaits) as the work of request `id`. */
export function runWithRequestId<T>(id: string, work: () => T): T {
  return storage.run(id, work);
}

/** `{ 'x-request-id': id }` inside a request, `{}` outside: spread into the headers of an outgoing call. */
export function requestIdHeaders(): Record<string, string> {
  const id = currentRequestId();
  return id ? { [REQUEST_ID_HEADER]: id } : {};
}
