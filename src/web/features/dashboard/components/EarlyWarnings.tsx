import { Link } from 'react-router';
import type { Dashboard } from '../../../../contracts/dashboard.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { queueHref } from '../api/queue-links.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';

type Step = Dashboard['technical']['retryingSteps'][number];

const orders = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'order' : 'orders'}`;

function sentence(step: Step): string {
  const who = step.kind === 'externalTask' ? 'its worker reported a failure' : 'the engine’s own attempt failed';
  const left = step.minRetriesLeft === 1 ? 'one more try' : `${step.minRetriesLeft.toLocaleString()} more tries`;
  return `${orders(step.count)}: ${who}; at least ${left} before a case opens`;
}

/**
 * Steps failing but still retrying, before they become incidents and cases (playbook §5.3): what the sync's
 * latest sample saw. Each opens the queue at that step (the cases it already made, if any).
 */
export function EarlyWarnings({ steps }: { steps: Dashboard['technical']['retryingSteps'] }) {
  return (
    <section className="panel dashboard-chart" aria-labelledby="early-warnings-heading" data-testid="early-warnings">
      <header className="panel__header">
        <h3 id="early-warnings-heading" className="panel__title">
          Failing, still retrying
        </h3>
      </header>
      {steps.length === 0 ? (
        <p className="panel__body muted">No step is failing and retrying right now.</p>
      ) : (
        <ul className="panel__body early-warnings">
          {steps.map((step) => (
            <li key={`${step.engineId}:${step.kind}:${step.processKey}:${step.processVersion}:${step.activityId}`} className="early-warnings__item" data-testid="retrying-step">
              <Link to={queueHref(step.filter)}>
                <strong>{step.activityName ?? 'A step without a name'}</strong>
              </Link>{' '}
              {step.processVersion !== null ? <span className="muted">in version {step.processVersion}</span> : null}
              <EngineLabel engineId={step.engineId} below />
              <div>{sentence(step)}.</div>
              {step.nextTryAt ? (
                <div className="muted">
                  Next try <RelativeTime iso={step.nextTryAt} />
                </div>
              ) : null}
              <details>
                <summary>Technical details</summary>
                <div data-technical className="mono early-warnings__technical">
                  {step.processKey} · {step.activityId}
                  {step.topic ? ` · topic ${step.topic}` : ` · job`}
                  {step.lastError ? <div>{step.lastError}</div> : null}
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
