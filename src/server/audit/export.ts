// Audit export files: NDJSON (one event per line) and CSV (one row per event), sensitive fields masked.
import type { AuditEvent } from '../../contracts/audit.js';
import { canonicalJson, type StoredAuditEvent } from '../store/audit-repo.js';
import { presentAuditEvent } from './present.js';

export type ExportFormat = 'ndjson' | 'csv';

export const CSV_COLUMNS = [
  'seq', 'at', 'actor', 'roles', 'team', 'case_id', 'business_key', 'action', 'command_id', 'idempotency_key', 'outcome', 'detail', 'prev_hash', 'hash',
] as const;

export function ndjsonLine(event: AuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(event: AuditEvent): string {
  const cells = [
    String(event.seq), event.at, event.actor, event.roles.join(';'), event.team, event.caseId, event.businessKey, event.action, event.commandId,
    event.idempotencyKey, event.outcome, canonicalJson(event.detail), event.prevHash, event.hash,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * One CSV cell (RFC 4180). A spreadsheet runs a cell that starts with = + - @ (or tab / carriage return) as a
 * formula, and audit text comes from users and engines: such cells get a leading single quote.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** The file's text in chunks of about `linesPerChunk` events, so a large export streams without piling up. */
export async function* exportChunks(
  events: AsyncIterable<StoredAuditEvent>,
  format: ExportFormat,
  sensitiveFields: readonly string[],
  linesPerChunk = 200,
): AsyncGenerator<string> {
  const line = format === 'csv' ? csvRow : ndjsonLine;
  let chunk = format === 'csv' ? csvHeader() : '';
  let lines = 0;
  for await (const event of events) {
    chunk += line(presentAuditEvent(event, sensitiveFields));
    lines += 1;
    if (lines >= linesPerChunk) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk) yield chunk;
}
