import type { Role } from '../../../../contracts/session.js';

/** Roles that see the dashboard link (support alone lands on orders, not on statistics). The BFF still decides. */
export const dashboardRoles: readonly Role[] = ['fulfillment_ops', 'tech_ops', 'supervisor', 'platform_owner', 'auditor'];
