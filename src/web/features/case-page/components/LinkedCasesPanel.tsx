import { Link } from 'react-router';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { StatusChip } from '../../../components/ui/Chips.js';

const reasonLabels: Record<CaseDetail['linked'][number]['reason'], string> = {
  SAME_ENTITY: 'Same order',
  SAME_ACTIVITY_STORM: 'Same failing step (storm)',
};

export function LinkedCasesPanel({ linked }: { linked: CaseDetail['linked'] }) {
  return (
    <section className="panel" aria-labelledby="linked-heading">
      <header className="panel__header">
        <h2 id="linked-heading" className="panel__title">
          Linked cases <span className="count-pill">{linked.length}</span>
        </h2>
      </header>
      {linked.length === 0 ? (
        <p className="panel__body muted">No other case of this order or of this step's failure storm.</p>
      ) : (
        <ul className="linked-list">
          {linked.map(({ reason, case: other }) => (
            <li key={other.id} className="linked" data-testid="linked-case">
              <Link to={`/cases/${encodeURIComponent(other.id)}`} className="mono">
                {other.id}
              </Link>
              <StatusChip status={other.status} />
              <span className="linked__reason">{reasonLabels[reason]}</span>
              <span className="linked__sub muted">
                {other.businessKey ?? 'no business key'} · {other.activityName ?? other.activityId ?? 'workflow not started'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
