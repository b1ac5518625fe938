// The scope of one read request: its deadline and an abort signal that fires when the deadline passes or the
// client goes away. The database seam consults it, so repositories need no extra parameter: a read whose
// client gave up stops its SQL instead of running on for minutes. Mutating requests get no scope on purpose:
// once a recovery command's intent is committed it must run to its recorded outcome whatever the client does.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';

export type AbortCause = 'DEADLINE' | 'CLIENT_GONE';

export interface RequestScope {
  readonly signal: AbortSignal;
  /** Epoch milliseconds after which the request's work is cancelled. */
  readonly deadlineAt: number;
  /** The statement timeout the database applies to each statement of the request (the deadline's length). */
  readonly statementTimeoutMs: number;
  /** Why the signal fired, once it has. */
  cause(): AbortCause | null;
}

/** The request ran past its deadline: answered 503 `DEADLINE_EXCEEDED`, never 500. */
export class DeadlineExceededError extends Error {
  readonly code = 'DEADLINE_EXCEEDED' as const;
  constructor(message = 'The request took longer than its deadline and was cancelled.') {
    super(message);
    this.name = 'DeadlineExceededError';
  }
}

/** The client closed the connection before the answer: nobody is left to answer, the work was stopped. */
export class ClientGoneError extends Error {
  readonly code = 'CLIENT_GONE' as const;
  constructor() {
    super('The client went away; the request was cancelled.');
    this.name = 'ClientGoneError';
  }
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** The error that matches why the scope was aborted. */
export function abortErrorOf(scope: RequestScope): Error {
  return scope.cause() === 'CLIENT_GONE' ? new ClientGoneError() : new DeadlineExceededError();
}

export interface OpenScope {
  scope: RequestScope;
  /** The client went away before the answer was sent. */
  clientGone(): void;
  /** The request finished: stop the deadline timer. */
  end(): void;
}

export function openScope(deadlineMs: number, now = Date.now()): OpenScope {
  const controller = new AbortController();
  // Every statement in flight listens for the abort, and a view may run a dozen or more at once: that is
  // not a leak (each listener goes when its statement ends), so Node's warning at 11 listeners is lifted.
  setMaxListeners(100, controller.signal);
  let cause: AbortCause | null = null;
  const abort = (why: AbortCause) => {
    if (cause) return;
    cause = why;
    controller.abort(why === 'DEADLINE' ? new DeadlineExceededError() : new ClientGoneError());
  };
  const timer = setTimeout(() => abort('DEADLINE'), deadlineMs);
  timer.unref();
  return {
    scope: { signal: controller.signal, deadlineAt: now + deadlineMs, statementTimeoutMs: deadlineMs, cause: () => cause },
    clientGone: () => abort('CLIENT_GONE'),
    end: () => clearTimeout(timer),
  };
}

/** Runs `work` (and everything it awaits) inside `scope`. */
export function runInScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** Runs `work` outside any request scope: work that must finish whatever the client does. */
export function outsideScope<T>(work: () => T): T {
  return storage.exit(work);
}

/** Resolves with `work`, or rejects as soon as the scope aborts (the work itself is left to its own cancellation). */
export function raceScope<T>(scope: RequestScope, work: Promise<T>): Promise<T> {
  if (scope.signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortErrorOf(scope));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortErrorOf(scope));
    scope.signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        scope.signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        scope.signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
