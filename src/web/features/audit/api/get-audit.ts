import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { AUDIT_PAGE_SIZE, auditQuery, type AuditFilters } from './audit-filters.js';

export const auditListQueryOptions = (filters: AuditFilters, page: number) => {
  const query = { ...auditQuery(filters), limit: String(AUDIT_PAGE_SIZE), offset: String((page - 1) * AUDIT_PAGE_SIZE), order: 'desc' };
  return queryOptions({
    queryKey: queryKeys.audit.list(query),
    queryFn: ({ signal }) => apiFetch(endpoints.listAudit, { query, signal }),
    placeholderData: keepPreviousData,
  });
};

export function useAuditList(filters: AuditFilters, page: number) {
  return useQuery(auditListQueryOptions(filters, page));
}

/** Walks the whole hash chain on the BFF: asked for on demand (auditors only), never polled. */
export function useAuditVerification(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.audit.verification(),
    queryFn: ({ signal }) => apiFetch(endpoints.verifyAudit, { signal }),
    enabled,
    staleTime: 0,
  });
}
