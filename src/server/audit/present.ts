// Stored audit events as the API shows them: ISO times, parsed detail, sensitive fields masked.
import type { AuditEvent } from '../../contracts/audit.js';
import type { StoredAuditEvent } from '../store/audit-repo.js';
import { maskSensitive } from './mask.js';

export function presentAuditEvent(event: StoredAuditEvent, sensitiveFields: readonly string[]): AuditEvent {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    roles: [...event.roles],
    team: event.team,
    caseId: event.caseId,
    businessKey: event.businessKey,
    action: event.action,
    commandId: event.commandId,
    idempotencyKey: event.idempotencyKey,
    outcome: event.outcome,
    detail: maskSensitive(parseDetail(event.detail), sensitiveFields) as Record<string, unknown>,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/** A detail that is not a JSON object was tampered with; its raw text is not shown (it may hold secrets). */
function parseDetail(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return { unreadable: 'The stored detail is not a JSON object; run the chain verification.' };
}
