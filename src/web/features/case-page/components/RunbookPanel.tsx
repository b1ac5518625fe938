import { Link } from 'react-router';
import type { DiagnosisCheck, Runbook } from '../../../../contracts/cases.js';
import { TextWithCodes } from '../../../components/ui/TextWithCodes.js';
import { fillPlaceholders } from '../../../lib/placeholders.js';
import { catalogHref } from '../../catalog/api/catalog-anchors.js';
import { DiagnosisChecklist } from './DiagnosisChecklist.js';

const sections: Array<{ key: keyof Omit<Runbook, 'id' | 'title'>; title: string; open: boolean }> = [
  { key: 'symptoms', title: 'Symptoms', open: false },
  { key: 'impact', title: 'Impact', open: false },
  // What not to do and the safe way out are what someone acting at 02:00 needs: open by default.
  { key: 'doNot', title: 'Do not', open: true },
  // The checklist the operator works through: open too.
  { key: 'diagnosis', title: 'Diagnosis', open: true },
  { key: 'safeRecovery', title: 'Safe recovery', open: true },
  { key: 'verification', title: 'Verification', open: false },
];

/**
 * The catalog's runbook for this kind of failure, in collapsible sections (native <details>: keyboard-ready);
 * its diagnosis steps are a checklist kept per case.
 */
export function RunbookPanel({
  runbook,
  runbookId,
  checklist,
  values = {},
}: {
  runbook: Runbook | null;
  runbookId: string | null;
  /** What the runbook's placeholders (`{orderId}`) are filled with: the case's order and variables. */
  values?: Readonly<Record<string, string>>;
  checklist?: { caseId: string; checks: readonly DiagnosisCheck[]; editable: boolean };
}) {
  return (
    <section className="panel" aria-labelledby="runbook-heading" data-testid="runbook">
      <header className="panel__header">
        <h2 id="runbook-heading" className="panel__title">
          Runbook{runbook ? <span className="runbook__title">: {runbook.title}</span> : null}
        </h2>
        {runbook ? (
          <Link to={catalogHref('runbook', runbook.id)} className="case-meta mono" title="Open this runbook in the catalog">
            {runbook.id}
          </Link>
        ) : null}
      </header>
      {runbook ? (
        <div className="runbook">
          {sections.map((section) => {
            const items = runbook[section.key].map((item) => fillPlaceholders(item, values));
            return (
              <details key={section.key} className={`runbook__section runbook__section--${section.key}`} open={section.open}>
                <summary>
                  {section.title}{' '}
                  <span className="count-pill">
                    {section.key === 'diagnosis' && checklist && items.length > 0 ? `${checklist.checks.length}/${items.length} checked` : items.length}
                  </span>
                </summary>
                {items.length === 0 ? (
                  <p className="muted runbook__empty">Nothing listed.</p>
                ) : section.key === 'diagnosis' && checklist ? (
                  <DiagnosisChecklist caseId={checklist.caseId} steps={items} checks={checklist.checks} editable={checklist.editable} />
                ) : (
                  <ul>
                    {items.map((item, index) => (
                      <li key={index}>
                        <TextWithCodes text={item} />
                      </li>
                    ))}
                  </ul>
                )}
              </details>
            );
          })}
        </div>
      ) : (
        <p className="panel__body muted">
          {runbookId ? `The runbook ${runbookId} is not in the catalog.` : 'No runbook covers this failure yet.'} Follow the category's general guidance
          and escalate when unsure.
        </p>
      )}
    </section>
  );
}
