import type { TimelineEntry } from '../../../../contracts/cases.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { timelineActionLabel, timelineOutcomeLabel } from '../../../components/ui/labels.js';
import { fillPlaceholders } from '../../../lib/placeholders.js';

/** Entries that quote the catalog's templates (a runbook's diagnosis step): filled like the runbook on the page. */
const templatedActions = new Set(['DIAGNOSIS_STEP']);

/**
 * What happened to the case, newest first. Entries may quote engine or operator text: rendered as text only,
 * and never filled (an operator's note keeps its braces); quoted runbook steps are filled with the case's values.
 */
export function TimelinePanel({ entries, values = {} }: { entries: TimelineEntry[]; values?: Readonly<Record<string, string>> }) {
  // Ordered here rather than trusted: the newest entry is what an operator arriving at the case needs first.
  const newestFirst = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <header className="panel__header">
        <h2 id="timeline-heading" className="panel__title">
          Timeline <span className="count-pill">{entries.length}</span>
        </h2>
      </header>
      {newestFirst.length === 0 ? (
        <p className="panel__body muted">Nothing has been done on this case yet.</p>
      ) : (
        <ol className="timeline">
          {newestFirst.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className="timeline__entry" data-testid="timeline-entry">
              <span className="timeline__time muted">
                <AbsoluteTime iso={entry.at} />
              </span>
              <span className="timeline__what">
                {/* The action's code stays on hover (and in the audit log), not in the sentence. */}
                <strong title={`Code ${entry.action}`} data-action={entry.action}>
                  {timelineActionLabel(entry.action)}
                </strong>{' '}
                <span className={`timeline__outcome timeline__outcome--${entry.outcome.toLowerCase()}`} title={`Outcome ${entry.outcome}`}>
                  {timelineOutcomeLabel(entry.outcome)}
                </span>{' '}
                <span className="muted">by {entry.actor}</span>
              </span>
              <p className="timeline__text">{templatedActions.has(entry.action) ? fillPlaceholders(entry.text, values) : entry.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
