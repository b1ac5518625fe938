/** Errors of the engine adapter, as values callers can branch on (never stringly-typed). */
export class EngineUnavailableError extends Error {
  readonly kind = 'ENGINE_UNAVAILABLE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineUnavailableError';
  }
}

/** The engine answered, but with an error status. `type` and `engineMessage` come from its `{type, message, code}` body. */
export class EngineRequestError extends Error {
  readonly kind = 'ENGINE_REQUEST_FAILED' as const;
  constructor(
    readonly status: number,
    readonly type: string | null,
    readonly engineMessage: string | null,
    readonly path: string,
  ) {
    super(`Engine answered ${status} for ${path}${engineMessage ? `: ${engineMessage}` : ''}`);
    this.name = 'EngineRequestError';
  }
  get isNotFound(): boolean {
    return this.status === 404;
  }
}

/** The engine answered 2xx but the body did not match what this adapter expects: a version mismatch or a bug. */
export class EngineResponseShapeError extends Error {
  readonly kind = 'ENGINE_RESPONSE_SHAPE' as const;
  constructor(readonly path: string, readonly issues: string) {
    super(`Unexpected engine response for ${path}: ${issues}`);
    this.name = 'EngineResponseShapeError';
  }
}

export type EngineError = EngineUnavailableError | EngineRequestError | EngineResponseShapeError;
