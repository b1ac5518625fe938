// Rules the dashboard counts by and the queue filters by, in one place: a dashboard figure links to the
// queue filtered to the same cases, so both must apply the very same rule.

/** Recovery command outcomes as the dashboard shows them, and the command states behind each. */
export const COMMAND_OUTCOME_STATES = { done: ['DONE'], pending: ['PENDING', 'RUNNING'], failed: ['FAILED'] } as const;
export type CommandOutcome = keyof typeof COMMAND_OUTCOME_STATES;

/**
 * An unsafe-retry request that breached its deadline: expired, decided late, or still waiting past it.
 * SQL over `approval_request` aliased `a`; `now` is the placeholder of the current instant.
 */
export function approvalBreachedSql(now: string): string {
  return `(a.status = 'EXPIRED' OR (a.decided_at IS NOT NULL AND a.decided_at > a.expires_at) OR (a.status = 'PENDING' AND a.expires_at < ${now}::timestamptz))`;
}
