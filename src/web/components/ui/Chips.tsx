import type { CaseCategory, CaseStatus, CaseSummary, Severity } from '../../../contracts/cases.js';
import {
  categoryHints,
  categoryLabels,
  kebab,
  processStateLabels,
  severityLabels,
  statusHints,
  statusLabels,
  type ProcessState,
} from './labels.js';
import './ui.css';

export function CategoryChip({ category, unclassified = false }: { category: CaseCategory; unclassified?: boolean }) {
  const hint = unclassified ? `${categoryHints[category]} No rule matched: this is the default category.` : categoryHints[category];
  return (
    <span className={`ui-chip ui-cat ui-cat--${kebab(category)}${unclassified ? ' ui-cat--unclassified' : ''}`} title={hint}>
      <span className="ui-chip__dot" aria-hidden="true" />
      {categoryLabels[category]}
      {unclassified ? <span className="ui-chip__note">unclassified</span> : null}
    </span>
  );
}

export function SeverityChip({ severity }: { severity: Severity }) {
  return (
    <span className={`ui-chip ui-sev ui-sev--${kebab(severity)}`}>
      <span className="ui-sev__bars" aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </span>
      <span className="ui-visually-hidden">Severity: </span>
      {severityLabels[severity]}
    </span>
  );
}

export function StatusChip({ status }: { status: CaseStatus }) {
  return (
    <span className={`ui-chip ui-status ui-status--${kebab(status)}`} title={statusHints[status]} data-testid="case-status">
      {statusLabels[status]}
    </span>
  );
}

/** The domain service contradicts the workflow (e.g. the order is still active, its workflow cancelled). */
export function MismatchChip({ text }: { text: string }) {
  return (
    <span className="ui-chip ui-mismatch" title={text} data-testid="domain-mismatch-chip">
      Domain/workflow mismatch
    </span>
  );
}

export function ProcessStateChip({ state }: { state: ProcessState }) {
  return <span className={`ui-chip ui-pstate ui-pstate--${kebab(state)}`}>{processStateLabels[state]}</span>;
}

/** The three table cells every case list shows: category, severity and status (with an optional line under it). */
export function CaseStateCells({ item, owner }: { item: Pick<CaseSummary, 'category' | 'unclassified' | 'severity' | 'status'> & Partial<Pick<CaseSummary, 'domainMismatch'>>; owner?: string }) {
  return (
    <>
      <td>
        <CategoryChip category={item.category} unclassified={item.unclassified} />
      </td>
      <td>
        <SeverityChip severity={item.severity} />
      </td>
      <td>
        <StatusChip status={item.status} />
        {item.domainMismatch && item.status === 'CANCELLED_IN_ENGINE' ? (
          // Under the chip (the column is narrow): the mismatch first, the owner after it.
          <span className="ui-cell-sub" title={item.domainMismatch}>
            <strong className="ui-mismatch-note" data-testid="domain-mismatch-note">
              Mismatch: order active
            </strong>
            {owner ? ` · ${owner}` : null}
          </span>
        ) : owner ? (
          <span className="ui-cell-sub">{owner}</span>
        ) : null}
      </td>
    </>
  );
}
