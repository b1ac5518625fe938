import type { TimelineEntry } from '../../../../contracts/cases.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { timelineActionLabel, timelineOutcomeLabel } from '../../../components/ui/labels.js';

/** What happened to the order, newest first. Entries quote engine and operator text: rendered as text only. */
export function OrderTimeline({ entries }: { entries: TimelineEntry[] }) {
  const newestFirst = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="order-timeline-heading">
      <header className="panel__header">
        <h2 id="order-timeline-heading" className="panel__title">
          Timeline <span className="count-pill">{entries.length}</span>
        </h2>
      </header>
      {newestFirst.length === 0 ? (
        <p className="panel__body muted">Nothing recorded for this order yet.</p>
      ) : (
        <ol className="order-timeline">
          {newestFirst.map((entry, index) => (
            <li key={`${entry.at}-${index}`} data-testid="order-timeline-entry">
              <span className="muted">
                <AbsoluteTime iso={entry.at} />
              </span>{' '}
              <strong title={`Code ${entry.action}`} data-action={entry.action}>
                {timelineActionLabel(entry.action)}
              </strong>{' '}
              <span title={`Outcome ${entry.outcome}`}>{timelineOutcomeLabel(entry.outcome)}</span> <span className="muted">by {entry.actor}</span>
              <p className="order-timeline__text">{entry.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
