import { createHash } from 'node:crypto';
import type { ActionId } from '../../contracts/cases.js';
import { canonicalJson } from '../store/audit-repo.js';

/** The fingerprint of a command: replaying a key with another fingerprint is refused. */
export const hashRequest = (caseId: string, action: ActionId, body: unknown) =>
  createHash('sha256').update(canonicalJson({ caseId, action, body })).digest('hex');
