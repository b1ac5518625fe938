import type { Role } from '../../../contracts/session.js';

/**
 * Where each role starts its shift: the page with its work on it. A user with several roles lands on the
 * work of the most demanding one (an approval waiting is more urgent than a queue, a queue than the dashboard).
 */
const LANDINGS: [Role, string][] = [
  ['supervisor', '/approvals'],
  ['fulfillment_ops', '/cases?view=team'],
  ['tech_ops', '/dashboard'],
  ['platform_owner', '/catalog'],
  ['auditor', '/audit'],
  ['support', '/search'],
];

export function landingPath(roles: readonly Role[]): string {
  return LANDINGS.find(([role]) => roles.includes(role))?.[1] ?? '/search';
}
