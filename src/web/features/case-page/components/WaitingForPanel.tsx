import type { ReactNode } from 'react';
import type { CaseDetail, WaitItem } from '../../../../contracts/cases.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { plural } from '../../../lib/format.js';
import { useNow } from '../../../lib/use-now.js';

/**
 * What the instance waits on right now, in words: a worker, a timer, the engine's job executor, a message. It
 * answers "is anything still going to happen by itself, and when?" before anyone acts. Engine text (the last
 * error) stays in the technical details.
 */
export function WaitingForPanel({ items, caseActivityId }: { items: CaseDetail['waitingFor']; caseActivityId: string | null }) {
  const now = useNow();
  return (
    <section className="panel" aria-labelledby="waiting-heading" data-testid="waiting-for">
      <header className="panel__header">
        <h2 id="waiting-heading" className="panel__title">
          Waiting for
        </h2>
      </header>
      {items.length === 0 ? (
        <p className="panel__body muted">Nothing: no worker, timer, job or message is pending for this order's workflow.</p>
      ) : (
        <ul className="wait-list">
          {items.map((item, index) => (
            <li key={index} className="wait-item" data-testid="wait-item" data-kind={item.kind}>
              <p className="wait-item__what">
                {headline(item)}
                {item.activityId && item.activityId !== caseActivityId ? <span className="muted"> · {item.activityName ?? 'another step'}</span> : null}
                {item.suspended ? <span className="ui-chip wait-item__chip">Suspended</span> : null}
              </p>
              <p className="wait-item__when muted">{when(item, now)}</p>
              {item.lastError ? (
                <details className="technical wait-item__technical" data-technical>
                  <summary>Last error (technical details)</summary>
                  <pre className="error-text error-text--compact">{item.lastError}</pre>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function headline(item: WaitItem): ReactNode {
  const name = item.name ? <span className="mono">{item.name}</span> : null;
  switch (item.kind) {
    case 'EXTERNAL_TASK':
      return <>A worker for {name ?? 'its task'}</>;
    case 'TIMER':
      return <>A timer</>;
    case 'JOB':
      return <>The engine's job executor</>;
    case 'FAILED_JOB':
      return <>A failed background job, retried by the engine</>;
    case 'MESSAGE':
      return <>The message {name ?? '(unnamed)'}</>;
    case 'SIGNAL':
      return <>The signal {name ?? '(unnamed)'}</>;
    case 'CONDITION':
      return <>A condition to become true</>;
  }
}

function when(item: WaitItem, now: number): ReactNode {
  const future = (iso: string | null) => iso !== null && Date.parse(iso) > now;
  switch (item.kind) {
    case 'EXTERNAL_TASK': {
      const retries = item.retriesLeft;
      if (retries === 0) return 'No retries left: the workers stopped trying, which is this incident.';
      const held = future(item.lockExpiresAt) ? (
        <>
          {retries !== null ? 'Waiting before the next try: ' : 'Being worked on: '}
          {item.workerId ? (
            <>
              held by <span className="mono">{item.workerId}</span>{' '}
            </>
          ) : null}
          until <AbsoluteTime iso={item.lockExpiresAt!} /> (<RelativeTime iso={item.lockExpiresAt!} />).
        </>
      ) : (
        <>Not held by any worker: the next worker that asks for this topic picks it up.</>
      );
      return (
        <>
          {held}
          {retries !== null ? ` ${plural(retries, 'retry', 'retries')} left after earlier failures.` : ''}
        </>
      );
    }
    case 'TIMER':
      return item.dueAt ? (
        <>
          Fires <AbsoluteTime iso={item.dueAt} /> (<RelativeTime iso={item.dueAt} />).
        </>
      ) : (
        'No due time set.'
      );
    case 'JOB':
      return item.dueAt ? (
        <>
          Runs <AbsoluteTime iso={item.dueAt} /> (<RelativeTime iso={item.dueAt} />).
        </>
      ) : (
        'Runs as soon as the job executor takes it.'
      );
    case 'FAILED_JOB':
      if (item.retriesLeft === 0 || !item.dueAt) return 'No retries left: the engine stopped trying, which is this incident.';
      return (
        <>
          {plural(item.retriesLeft ?? 0, 'retry', 'retries')} left; next try <AbsoluteTime iso={item.dueAt} /> (<RelativeTime iso={item.dueAt} />).
        </>
      );
    case 'MESSAGE':
      return (
        <>
          {item.correlationKey ? (
            <>
              It must name <span className="mono">{item.correlationKey}</span> to reach this order.
            </>
          ) : null}
          {item.since ? (
            <>
              {' '}
              Waiting since <RelativeTime iso={item.since} />.
            </>
          ) : null}
        </>
      );
    case 'SIGNAL':
    case 'CONDITION':
      return item.since ? (
        <>
          Waiting since <RelativeTime iso={item.since} />.
        </>
      ) : null;
  }
}
