// The audit view's filters live in the URL (shareable evidence queries). Dates are picked as local calendar
// days; the BFF gets exact instants with a zone, so "to 5 Jan" means up to the end of 5 Jan where the user is.

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  caseId: string;
  businessKey: string;
  /** `YYYY-MM-DD`, local day, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, local day, inclusive. */
  to: string;
}

export const emptyAuditFilters: AuditFilters = { caseId: '', businessKey: '', from: '', to: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditFilters(params: URLSearchParams): AuditFilters & { page: number } {
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  const page = Number(params.get('page'));
  return {
    caseId: params.get('caseId')?.trim() ?? '',
    businessKey: params.get('businessKey')?.trim() ?? '',
    from: day('from'),
    to: day('to'),
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function auditFiltersToParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  return params;
}

/** Local midnight at the start of `day`, plus `addDays`, as an ISO instant. */
function localMidnight(day: string, addDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + addDays).toISOString();
}

/** The filters as the BFF's query (shared by the list and the export): `to` becomes the next local midnight (exclusive). */
export function auditQuery(filters: AuditFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.caseId) query.caseId = filters.caseId;
  if (filters.businessKey) query.businessKey = filters.businessKey;
  if (filters.from) query.from = localMidnight(filters.from);
  if (filters.to) query.to = localMidnight(filters.to, 1);
  return query;
}

/** A download link for `GET /api/audit/export`: the session cookie goes along, so a plain link works. */
export function auditExportHref(filters: AuditFilters, format: 'ndjson' | 'csv'): string {
  return `/api/audit/export?${new URLSearchParams({ format, ...auditQuery(filters) }).toString()}`;
}
