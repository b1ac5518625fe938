// The export's download name says what it holds and when it was taken: audit-case-FO-2026-000123-20260301T080000Z.csv
import type { AuditFilter } from '../store/audit-repo.js';
import type { ExportFormat } from './export.js';

export function exportFileName(filter: AuditFilter, format: ExportFormat, takenAt: Date): string {
  const parts = [
    filter.caseId !== undefined ? `case-${filter.caseId}` : null,
    filter.businessKey !== undefined ? `key-${filter.businessKey}` : null,
    filter.from ? `from-${compact(filter.from)}` : null,
    filter.to ? `to-${compact(filter.to)}` : null,
  ].filter((p): p is string => p !== null);
  // Only characters that are safe in a header and in every file system; the filter text is user input.
  const label = (parts.length ? parts.join('-') : 'all').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  return `audit-${label}-${compact(takenAt)}.${format}`;
}

function compact(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
