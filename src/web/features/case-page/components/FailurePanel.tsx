import type { CaseSummary } from '../../../../contracts/cases.js';
import { incidentTypeLabel } from '../../../components/ui/labels.js';

/** The engine's failure text. Untrusted: React renders it as a text node in a <pre>, never as HTML. */
export function FailurePanel({ item }: { item: CaseSummary }) {
  return (
    <section className="panel" aria-labelledby="failure-heading">
      <header className="panel__header">
        <h2 id="failure-heading" className="panel__title">
          Failure
        </h2>
        <span className="case-meta">
          {item.incidentType ? <span title={`Incident type ${item.incidentType}`}>{incidentTypeLabel(item.incidentType)}</span> : null}
          {item.topic ? (
            <span data-technical>
              topic <span className="mono">{item.topic}</span>
            </span>
          ) : null}
          <span>source {item.source.toLowerCase()}</span>
        </span>
      </header>
      <div className="panel__body">
        {item.errorMessage ? (
          // The engine's own words, quoted: a technical detail, whatever it contains.
          <pre className="error-text failure-text" data-testid="case-error-message" data-technical>
            {item.errorMessage}
          </pre>
        ) : (
          <p className="muted">The engine recorded no message.</p>
        )}
      </div>
    </section>
  );
}
