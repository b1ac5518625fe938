import type { Role } from '../../../../contracts/session.js';

/** Who sees what of the audit view; the BFF checks every request regardless. */
export const auditAccess = {
  view: ['auditor', 'supervisor'],
  verify: ['auditor'],
  export: ['auditor'],
} as const satisfies Record<string, readonly Role[]>;
