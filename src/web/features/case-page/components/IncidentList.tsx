import type { CaseIncident } from '../../../../contracts/cases.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { incidentTypeLabel } from '../../../components/ui/labels.js';

export function IncidentList({ incidents }: { incidents: CaseIncident[] }) {
  const ordered = [...incidents].sort(
    (a, b) => Number(b.open) - Number(a.open) || Number(b.isRootCause) - Number(a.isRootCause) || a.createdAt.localeCompare(b.createdAt),
  );
  const openCount = incidents.filter((i) => i.open).length;
  return (
    <section className="panel" aria-labelledby="incidents-heading">
      <header className="panel__header">
        <h2 id="incidents-heading" className="panel__title">
          Incidents <span className="count-pill" title={`${openCount} open of ${incidents.length}`}>{openCount}</span>
        </h2>
      </header>
      {ordered.length === 0 ? (
        <p className="panel__body muted">No engine incidents: the case was raised without one (stuck instance, reconcile finding or manual).</p>
      ) : (
        <ul className="incident-list">
          {ordered.map((incident) => (
            <li
              key={incident.id}
              className={`incident${incident.isRootCause && incident.open ? ' incident--root' : ''}${incident.open ? '' : ' incident--closed'}`}
              data-testid="incident"
            >
              <div className="incident__head">
                {incident.isRootCause ? <span className="incident__root">Root cause</span> : <span className="incident__parent">Raised up the call chain</span>}
                <span title={`Incident type ${incident.type}`}>{incidentTypeLabel(incident.type)}</span>
                <span className="muted" data-technical>
                  at <span className="mono">{incident.activityId}</span>
                  {incident.processDefinitionKey ? (
                    <>
                      {' '}
                      in <span className="mono">{incident.processDefinitionKey}</span>
                    </>
                  ) : null}
                </span>
                {incident.open ? null : <span className="incident__gone">No longer open in the engine</span>}
                <span className="incident__time muted">
                  <AbsoluteTime iso={incident.createdAt} />
                </span>
              </div>
              {incident.message ? (
                <pre className="error-text error-text--compact" data-technical>
                  {incident.message}
                </pre>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
