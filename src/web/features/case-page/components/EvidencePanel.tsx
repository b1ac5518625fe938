import type { Evidence } from '../../../../contracts/cases.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { findingLabels } from '../../../lib/command-outcome.js';

/** What the domain services said when asked about the step's external effect. Service text is shown as text only. */
export function EvidencePanel({ evidence }: { evidence: Evidence[] }) {
  return (
    <section className="panel" aria-labelledby="evidence-heading">
      <header className="panel__header">
        <h2 id="evidence-heading" className="panel__title">
          Evidence <span className="count-pill">{evidence.length}</span>
        </h2>
      </header>
      {evidence.length === 0 ? (
        <p className="panel__body muted">No status checks yet. A status check asks the domain service whether the step's effect happened.</p>
      ) : (
        <ul className="evidence-list">
          {evidence.map((item) => (
            <li key={item.id} className="evidence" data-testid="evidence-item">
              <div className="evidence__head">
                <span className="evidence__service">{item.service}</span>
                <span className={`ui-chip finding finding--${item.finding.toLowerCase().replace('_', '-')}`}>{findingLabels[item.finding]}</span>
                {item.reference ? <span className="mono evidence__ref">{item.reference}</span> : null}
                <span className="evidence__when muted">
                  <AbsoluteTime iso={item.recordedAt} /> (<RelativeTime iso={item.recordedAt} />) by {item.recordedBy}
                </span>
              </div>
              <p className="evidence__summary">{item.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
