/** A request the BFF refuses, with the HTTP status, a machine-readable code and a message for a person. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }

  /** Set where the refusal was already written to the audit log with richer detail, so it is not written twice. */
  audited = false;

  alreadyAudited(): this {
    this.audited = true;
    return this;
  }
}
