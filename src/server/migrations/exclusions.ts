// Which instances at the scope activities a plan leaves out, and why (playbook §17.2 "exclude" and
// "validation"). Pure: the facts about each instance are read elsewhere; this only decides.
import type { MigrationExclusion } from '../../contracts/migrations.js';

export interface Candidate {
  processInstanceId: string;
  businessKey: string | null;
  /** The scope activity its token waits at. */
  activityId: string;
}

/** What the owning order service said about the instance's order (only asked when the plan names order states). */
export type OrderFact =
  | { kind: 'NOT_CHECKED' }
  | { kind: 'STATE'; orderId: string; state: string }
  /** No order id on the instance, or the order service does not know the order. */
  | { kind: 'UNKNOWN'; detail: string }
  | { kind: 'UNAVAILABLE'; detail: string };

export interface CandidateFacts {
  /** The open fallout case of this instance in the read model, if any. */
  openCaseId: string | null;
  /** Required variables the instance does not have. */
  missingVariables: readonly string[];
  order: OrderFact;
}

/**
 * Null: the instance goes on the frozen list. Checked in this order, so the reason shown is the one a person
 * must act on first: an open case (someone is working the instance), then missing data, then the order.
 */
export function exclusionOf(candidate: Candidate, facts: CandidateFacts, allowedOrderStates: readonly string[]): MigrationExclusion | null {
  const base = { processInstanceId: candidate.processInstanceId, businessKey: candidate.businessKey, activityId: candidate.activityId, caseId: null };
  if (facts.openCaseId) {
    return { ...base, reason: 'OPEN_CASE', caseId: facts.openCaseId, detail: `open fallout case ${facts.openCaseId}: the instance stays where it is while the case is worked` };
  }
  if (facts.missingVariables.length > 0) {
    const names = facts.missingVariables.join(', ');
    return { ...base, reason: 'MISSING_VARIABLE', detail: `required variable${facts.missingVariables.length > 1 ? 's' : ''} ${names} not set` };
  }
  if (allowedOrderStates.length === 0) return null;
  const order = facts.order;
  switch (order.kind) {
    case 'NOT_CHECKED':
      // Order states were asked for but not read: never move an instance on an unchecked order.
      return { ...base, reason: 'DOMAIN_UNAVAILABLE', detail: 'the order state was not checked' };
    case 'UNAVAILABLE':
      return { ...base, reason: 'DOMAIN_UNAVAILABLE', detail: order.detail };
    case 'UNKNOWN':
      return { ...base, reason: 'DOMAIN_STATE', detail: order.detail };
    case 'STATE':
      if (allowedOrderStates.includes(order.state)) return null;
      return { ...base, reason: 'DOMAIN_STATE', detail: `order ${order.orderId} is ${order.state}, not one of ${allowedOrderStates.join(', ')}` };
  }
}
