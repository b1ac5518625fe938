import { Link } from 'react-router';
import { useEngineOf } from '../../engines/api/get-engines.js';
import { CockpitLink, EngineLabel } from '../../engines/components/EngineLabel.js';
import type { CaseDetail, CaseSummary } from '../../../../contracts/cases.js';
import { CategoryChip, MismatchChip, ProcessStateChip, SeverityChip, StatusChip } from '../../../components/ui/Chips.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { categoryHints, entityTypeLabels } from '../../../components/ui/labels.js';
import { useNow } from '../../../lib/use-now.js';
import { catalogHref } from '../../catalog/api/catalog-anchors.js';
import { OrderStanding } from './OrderStanding.js';
import { StageBudgetFact } from './StageBudgetFact.js';

const settled: ReadonlySet<CaseSummary['status']> = new Set(['RESOLVED', 'CLOSED']);

export function CaseHeader({ detail }: { detail: CaseDetail }) {
  const { case: item, process } = detail;
  const neverStarted = item.processInstanceId === null;
  // A lost start resolved by starting the workflow keeps no instance on the case; the order shows the new one.
  const startedSince = neverStarted && item.status === 'RESOLVED';
  return (
    <header className="case-header panel">
      <div className="case-header__top">
        <h1 className="case-header__title mono">{item.id}</h1>
        <div className="case-header__chips">
          <CategoryChip category={item.category} unclassified={item.unclassified} />
          <SeverityChip severity={item.severity} />
          <StatusChip status={item.status} />
          {item.domainMismatch && item.status === 'CANCELLED_IN_ENGINE' ? <MismatchChip text={item.domainMismatch} /> : null}
          {item.frozen ? <span className="ui-chip case-chip--frozen">Frozen</span> : null}
          {item.reopenedCount > 0 ? (
            <span className="ui-chip case-chip--reopened" title="A recurrence reopened it after a verified resolution">
              Reopened {item.reopenedCount}×
            </span>
          ) : null}
        </div>
      </div>
      <p className="case-header__subject">
        {item.entity ? (
          <span>
            {entityTypeLabels[item.entity.type] ?? item.entity.type} <strong className="mono">{item.entity.id}</strong>
            {item.entity.revision !== undefined ? ` rev ${item.entity.revision}` : null}
          </span>
        ) : (
          <span className="muted">No business entity</span>
        )}
        <span className="case-header__sep" aria-hidden="true">
          ·
        </span>
        <span>
          Business key <span className="mono">{item.businessKey ?? '—'}</span>
        </span>
      </p>
      <p className="case-header__hint">
        {categoryHints[item.category]}
        {item.unclassified ? (
          <strong className="case-header__unclassified" data-testid="unclassified">
            {' '}
            Unclassified: no catalog rule matched, so this is the default category. Check it before acting.
          </strong>
        ) : null}
      </p>
      {detail.order ? (
        <OrderStanding
          order={detail.order}
          workflow={startedSince ? 'started' : !neverStarted && (process.state === 'ACTIVE' || process.state === 'SUSPENDED') ? 'running' : 'none'}
        />
      ) : null}
      <dl className="case-facts">
        <div>
          <dt>Process</dt>
          <dd>
            {process.definitionName ?? process.definitionKey}
            {process.definitionVersion !== null ? <span className="muted"> v{process.definitionVersion}</span> : null}{' '}
            {neverStarted ? <span className="ui-chip ui-pstate">{startedSince ? 'Started since' : 'Never started'}</span> : <ProcessStateChip state={process.state} />}
            <span className="case-facts__sub mono" data-technical>
              {process.definitionKey}
            </span>
          </dd>
        </div>
        <div>
          <dt>{item.source === 'STUCK' ? 'Waiting at' : 'Failed at'}</dt>
          <dd>
            {item.activityId === null ? (
              <span className="muted">{startedSince ? 'No step: the workflow had not started' : 'No step: the workflow never started'}</span>
            ) : (
              <>
                {item.activityName ?? item.activityId}
                <span className="case-facts__sub mono" data-technical>
                  {item.activityId}
                </span>
              </>
            )}
          </dd>
        </div>
        {detail.stageBudget ? (
          <div>
            <dt>Stage budget</dt>
            <dd>
              <StageBudgetFact stageBudget={detail.stageBudget} />
            </dd>
          </div>
        ) : null}
        <EngineFact engineId={item.engineId} />
        <div>
          <dt>Team</dt>
          <dd>{item.team ?? <span className="muted">No owning team</span>}</dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd>{item.assignee ?? <span className="muted">Unassigned</span>}</dd>
        </div>
        <div>
          <dt>SLA due</dt>
          <dd>
            <SlaDue item={item} />
          </dd>
        </div>
        <div>
          <dt>Rule</dt>
          <dd>
            {item.classificationRule ? (
              <Link to={catalogHref('rule', item.classificationRule)} className="mono" title="Open this rule in the catalog">
                {item.classificationRule}
              </Link>
            ) : (
              <span className="muted">No rule matched</span>
            )}
          </dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>
            <AbsoluteTime iso={item.firstSeenAt} />
            <span className="case-facts__sub">
              <RelativeTime iso={item.firstSeenAt} />
            </span>
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <AbsoluteTime iso={item.lastSeenAt} />
            <span className="case-facts__sub">
              <RelativeTime iso={item.lastSeenAt} />
            </span>
          </dd>
        </div>
        {item.cancelledInEngineAt ? (
          <div>
            <dt>Cancelled in engine</dt>
            <dd data-testid="cancelled-in-engine-at">
              <AbsoluteTime iso={item.cancelledInEngineAt} />
            </dd>
          </div>
        ) : null}
        {item.resolvedAt ? (
          <div>
            <dt>{item.status === 'CLOSED' ? 'Closed' : 'Resolved'}</dt>
            <dd>
              <AbsoluteTime iso={item.resolvedAt} />
            </dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}

/** Which engine the case lives in, and its Cockpit: shown only when the workbench serves several engines. */
function EngineFact({ engineId }: { engineId: string }) {
  const engine = useEngineOf()(engineId);
  if (!engine) return null;
  return (
    <div data-testid="case-engine">
      <dt>Engine</dt>
      <dd>
        <EngineLabel engineId={engineId} />
        <span className="case-facts__sub">
          <CockpitLink engineId={engineId} />
        </span>
      </dd>
    </div>
  );
}

/** The SLA deadline; once it has passed on a case still open it is flagged in words, not colour alone. */
function SlaDue({ item }: { item: CaseSummary }) {
  const now = useNow();
  const overdue = !settled.has(item.status) && new Date(item.slaDueAt).getTime() < now;
  return (
    <span className={overdue ? 'case-facts__overdue' : undefined} data-testid="sla-due">
      {overdue ? <strong>Overdue </strong> : null}
      <AbsoluteTime iso={item.slaDueAt} />
      <span className="case-facts__sub">
        <RelativeTime iso={item.slaDueAt} />
      </span>
    </span>
  );
}
