import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, ErrorState, SkeletonBlock, Spinner } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole } from '../../session/roles.js';
import { auditAccess } from '../api/audit-access.js';
import { AUDIT_PAGE_SIZE, auditExportHref, auditFiltersToParams, parseAuditFilters, type AuditFilters } from '../api/audit-filters.js';
import { useAuditList } from '../api/get-audit.js';
import { AuditFilterForm } from './AuditFilterForm.js';
import { AuditTable } from './AuditTable.js';
import { VerificationStatus } from './VerificationStatus.js';
import './audit.css';

/** The append-only audit log: filter, page through, verify the chain, export as evidence. */
export function AuditPage() {
  useDocumentTitle('Audit log');
  const [params, setParams] = useSearchParams();
  const { page, ...filters } = useMemo(() => parseAuditFilters(params), [params]);
  const list = useAuditList(filters, page);
  const user = useSessionUser();
  const canVerify = hasAnyRole(user, auditAccess.verify);
  const canExport = hasAnyRole(user, auditAccess.export);

  const apply = (next: AuditFilters) => setParams(auditFiltersToParams(next));
  const goTo = (nextPage: number) => {
    const next = auditFiltersToParams(filters);
    if (nextPage > 1) next.set('page', String(nextPage));
    setParams(next);
  };

  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const first = (page - 1) * AUDIT_PAGE_SIZE + 1;

  return (
    <div className="page audit-page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Audit log</h1>
          <p className="page__subtitle">Every command, decision and denied request, hash-chained and append-only.</p>
        </div>
        {canExport ? (
          <div className="audit-export" role="group" aria-label="Export">
            <a className="ui-button" href={auditExportHref(filters, 'ndjson')} download>
              Export NDJSON
            </a>
            <a className="ui-button" href={auditExportHref(filters, 'csv')} download>
              Export CSV
            </a>
          </div>
        ) : null}
      </div>

      <AuditFilterForm value={filters} onApply={apply} />
      {canVerify ? <VerificationStatus /> : null}

      <section className="panel audit-panel" aria-label="Audit events">
        {list.isError && !list.data ? (
          <ErrorState title="The audit log could not be loaded" failure={toFailure(list.error)} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : !list.data ? (
          <SkeletonBlock label="Loading audit events" />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No audit events match these filters">
            <p>Widen the date range or clear the case id and business key.</p>
          </EmptyState>
        ) : (
          <>
            <AuditTable
              events={list.data.items}
              caption={`Events ${first}–${first + list.data.items.length - 1} of ${total}, newest first`}
            />
            <nav className="audit-pager" aria-label="Audit pages">
              <button type="button" className="ui-button ui-button--small" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                Previous page
              </button>
              <span>
                Page {page} of {pages}
              </span>
              {list.isFetching ? <Spinner label="Loading" /> : null}
              <button type="button" className="ui-button ui-button--small" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                Next page
              </button>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
