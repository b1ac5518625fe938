import { Link } from 'react-router';
import type { AuditEvent } from '../../../../contracts/audit.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { codeInWords, timelineActionLabel } from '../../../components/ui/labels.js';
import type { Role } from '../../../../contracts/session.js';
import { roleLabels } from '../../session/roles.js';

const columns = ['Time', 'Actor', 'Roles', 'Team', 'Action', 'Outcome', 'Case', 'Idempotency key', 'Detail'];

/** One row per audit event; the detail JSON is shown as text (never markup) inside a native disclosure. */
export function AuditTable({ events, caption }: { events: AuditEvent[]; caption: string }) {
  return (
    <div className="audit-table-wrap">
      <table className="ui-table audit-table">
        <caption className="audit-table__caption">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq} data-testid="audit-row">
              <td className="audit-table__time">
                <AbsoluteTime iso={event.at} />
              </td>
              <td className="mono">{event.actor}</td>
              <td>{event.roles.map((role) => roleLabels[role as Role] ?? role).join(', ')}</td>
              <td>{event.team ?? <span className="muted">—</span>}</td>
              <td>
                {timelineActionLabel(event.action)}
                {/* The exact code, for exports and filters, where the words do not already spell it. */}
                {timelineActionLabel(event.action).toUpperCase() !== event.action ? (
                  <span className="audit-table__sub mono" data-technical>
                    {event.action}
                  </span>
                ) : null}
              </td>
              <td>
                <span className={`audit-outcome audit-outcome--${event.outcome.toLowerCase()}`} title={event.outcome}>
                  {codeInWords(event.outcome)}
                </span>
              </td>
              <td>
                {event.caseId ? (
                  <Link to={`/cases/${encodeURIComponent(event.caseId)}`} className="mono">
                    {event.caseId}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
                {event.businessKey ? <span className="audit-table__sub">{event.businessKey}</span> : null}
              </td>
              <td className="mono audit-table__key">{event.idempotencyKey ?? <span className="muted">—</span>}</td>
              <td>
                <details className="audit-detail" data-technical>
                  <summary>Event #{event.seq}</summary>
                  <pre className="audit-detail__json" data-testid="audit-detail">
                    {JSON.stringify(event.detail, null, 2)}
                  </pre>
                  <p className="audit-table__sub mono">
                    hash {event.hash.slice(0, 16)}… · previous {event.prevHash.slice(0, 16)}…
                  </p>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
