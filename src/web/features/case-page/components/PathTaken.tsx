import type { ActivityStep } from '../../../../contracts/cases.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { formatDuration } from '../../../lib/format.js';

export function PathTaken({ steps, incidentActivityIds }: { steps: ActivityStep[]; incidentActivityIds: ReadonlySet<string> }) {
  return (
    <section className="panel" aria-labelledby="path-heading">
      <header className="panel__header">
        <h2 id="path-heading" className="panel__title">
          Path taken <span className="count-pill">{steps.length}</span>
        </h2>
      </header>
      {steps.length === 0 ? (
        <p className="panel__body muted">No history recorded for this instance.</p>
      ) : (
        <ol className="path">
          {steps.map((step, index) => {
            const state = step.canceled ? 'canceled' : step.endedAt === null ? 'active' : 'completed';
            const failed = incidentActivityIds.has(step.activityId) && step.endedAt === null;
            return (
              <li key={`${step.activityId}-${step.startedAt}-${index}`} className={`path__step path__step--${failed ? 'incident' : state}`}>
                <span className="path__marker" aria-hidden="true" />
                <span className="path__name">
                  {step.activityName ?? step.activityId}
                  <span className="path__type">{step.activityType}</span>
                </span>
                <span className="path__state">
                  {failed ? 'Incident' : state === 'active' ? 'Waiting' : state === 'canceled' ? 'Canceled' : step.endedAt ? formatDuration(step.startedAt, step.endedAt) : ''}
                </span>
                <span className="path__time muted">
                  <AbsoluteTime iso={step.startedAt} />
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
