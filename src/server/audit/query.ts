// The audit endpoints' query string: filters, paging and export format. Every mistake is a 400 with a code.
import * as z from 'zod/mini';
import { ApiProblem } from '../api-problem.js';
import type { AuditFilter, AuditPage } from '../store/audit-repo.js';
import type { ExportFormat } from './export.js';

const text = (max: number) => z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(max)));
const auditQuerySchema = z.object({
  caseId: text(100),
  businessKey: text(200),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  limit: z.optional(z.string()),
  offset: z.optional(z.string()),
  order: z.optional(z.string()),
  format: z.optional(z.string()),
});
type AuditQuery = z.infer<typeof auditQuerySchema>;

// Dates, or date-times with an explicit zone: a time without one would mean something else on every server.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function parseAuditQuery(query: unknown): AuditQuery {
  const parsed = z.safeParse(auditQuerySchema, query ?? {});
  if (!parsed.success) {
    throw new ApiProblem(400, 'INVALID_AUDIT_QUERY', 'Give each filter once: caseId (1-100 characters), businessKey (1-200), from, to, limit, offset.');
  }
  return parsed.data;
}

export function auditFilterOf(query: AuditQuery): AuditFilter {
  const from = query.from === undefined ? undefined : instant('from', query.from);
  const to = query.to === undefined ? undefined : instant('to', query.to);
  if (from && to && from.getTime() > to.getTime()) {
    throw new ApiProblem(400, 'INVALID_TIME_RANGE', '`from` must not be after `to`.');
  }
  return {
    ...(query.caseId !== undefined ? { caseId: query.caseId } : {}),
    ...(query.businessKey !== undefined ? { businessKey: query.businessKey } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function auditPageOf(query: AuditQuery): AuditPage {
  const limit = wholeNumber(query.limit, 200);
  if (limit === null || limit < 1 || limit > 1000) throw new ApiProblem(400, 'INVALID_LIMIT', 'limit must be a whole number from 1 to 1000.');
  const offset = wholeNumber(query.offset, 0);
  if (offset === null || offset < 0) throw new ApiProblem(400, 'INVALID_OFFSET', 'offset must be a whole number, 0 or more.');
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new ApiProblem(400, 'INVALID_ORDER', 'order must be asc (chain order) or desc (newest first).');
  return { limit, offset, order };
}

export function exportFormatOf(query: AuditQuery): ExportFormat {
  if (query.format === 'ndjson' || query.format === 'csv') return query.format;
  throw new ApiProblem(400, 'INVALID_FORMAT', 'format must be ndjson or csv.');
}

function instant(name: 'from' | 'to', value: string): Date {
  const time = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new ApiProblem(400, 'INVALID_TIME', `\`${name}\` must be an ISO date or date-time with a zone, e.g. 2026-03-01 or 2026-03-01T08:00:00Z.`);
  }
  return new Date(time);
}

function wholeNumber(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}
