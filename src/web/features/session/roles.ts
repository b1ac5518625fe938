import type { Role, SessionUser } from '../../../contracts/session.js';

export const roleLabels: Record<Role, string> = {
  support: 'Support',
  fulfillment_ops: 'Fulfillment ops',
  tech_ops: 'Tech ops',
  supervisor: 'Supervisor',
  platform_owner: 'Platform owner',
  auditor: 'Auditor',
};

/**
 * Who sees which part of the UI. Hiding is a courtesy, not authorization: the BFF checks every request, and
 * every page handles its 403.
 */
export const uiAccess = {
  approvals: ['fulfillment_ops', 'tech_ops', 'supervisor'],
  decideApprovals: ['supervisor'],
  freezes: ['tech_ops', 'supervisor', 'fulfillment_ops', 'platform_owner'],
  manageFreezes: ['tech_ops'],
  checkDiagnosis: ['fulfillment_ops', 'tech_ops', 'supervisor'],
  /** Migration plans (playbook §17): who reads them, and who plans one (approving is the plan's `allowedActions`). */
  migrations: ['platform_owner', 'supervisor', 'auditor'],
  planMigrations: ['platform_owner'],
} as const satisfies Record<string, readonly Role[]>;

export function hasAnyRole(user: Pick<SessionUser, 'roles'> | null | undefined, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}
