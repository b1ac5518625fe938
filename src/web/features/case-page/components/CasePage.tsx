import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { PartBoundary } from '../../../components/ui/PartBoundary.js';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { useCase } from '../api/get-case.js';
import { ActionsPanel } from './ActionsPanel.js';
import { CaseBanners } from './CaseBanners.js';
import { CalledProcesses } from './CalledProcesses.js';
import { CaseDiagram } from './CaseDiagram.js';
import { CaseHeader } from './CaseHeader.js';
import { EvidencePanel } from './EvidencePanel.js';
import { FailurePanel } from './FailurePanel.js';
import { IncidentList } from './IncidentList.js';
import { LinkedCasesPanel } from './LinkedCasesPanel.js';
import { PathTaken } from './PathTaken.js';
import { RunbookPanel } from './RunbookPanel.js';
import { caseTemplateValues } from '../../../lib/placeholders.js';
import { TimelinePanel } from './TimelinePanel.js';
import { VariablesPanel } from './VariablesPanel.js';
import { WaitingForPanel } from './WaitingForPanel.js';
import { ContractVariablesPanel } from './ContractVariablesPanel.js';
import './case-page.css';

export function CasePage() {
  const { caseId = '' } = useParams();
  const query = useCase(caseId);
  useDocumentTitle(query.data ? `${caseId} · ${query.data.case.businessKey ?? query.data.case.activityName ?? 'Case'}` : caseId);

  return (
    <div className="page case-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/cases">Cases</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page" className="mono">
          {caseId}
        </span>
      </nav>
      {query.isPending ? (
        <div className="panel">
          <SkeletonBlock label="Loading case" />
        </div>
      ) : query.isError ? (
        <div className="panel">
          {query.error.status === 404 ? (
            <ErrorState title={`Case ${caseId} not found`} failure={toFailure(query.error)} />
          ) : query.error.status === 403 ? (
            <ErrorState title="You may not open this case" failure={toFailure(query.error)} />
          ) : (
            <ErrorState title="The case could not be loaded" failure={toFailure(query.error)} onRetry={() => void query.refetch()} retrying={query.isFetching} />
          )}
        </div>
      ) : (
        <CaseView detail={query.data} />
      )}
    </div>
  );
}

function CaseView({ detail }: { detail: CaseDetail }) {
  const incidentActivityIds = useMemo(
    () => new Set(detail.diagram?.incidentActivities.map((i) => i.activityId) ?? detail.incidents.map((i) => i.activityId)),
    [detail.diagram, detail.incidents],
  );
  const overrunActivityIds = useMemo(
    () => (detail.stageBudget?.overrun && detail.case.activityId ? [detail.case.activityId] : []),
    [detail.stageBudget?.overrun, detail.case.activityId],
  );
  // The open incidents' messages, shown on the badges' hover: the failure where it happened.
  const failureMessages = useMemo(
    () => new Map(detail.incidents.filter((i) => i.open && i.message).map((i) => [i.activityId, i.message!] as const)),
    [detail.incidents],
  );
  const neverStarted = detail.case.processInstanceId === null;
  const canCheckDiagnosis = hasAnyRole(useSessionUser(), uiAccess.checkDiagnosis);
  const closed = detail.case.status === 'RESOLVED' || detail.case.status === 'CLOSED';
  // The runbook and the steps the timeline quotes from it read with this case's own values.
  const templateValues = caseTemplateValues({ businessKey: detail.case.businessKey, entity: detail.case.entity, variables: detail.variables });
  // Each part renders on its own: one that throws shows a small notice with *Try again*, the rest stays.
  const resetKeys = [detail];
  return (
    <>
      {/* The actions sit beside the diagram and panels: keyboard users jump straight to them. */}
      <a className="app__skip" href="#case-actions">
        Skip to actions
      </a>
      <PartBoundary name="Case summary" resetKeys={resetKeys}>
        <CaseHeader detail={detail} />
      </PartBoundary>
      <PartBoundary name="Case notices" resetKeys={resetKeys}>
        <CaseBanners detail={detail} />
      </PartBoundary>
      {/* The first screen answers what failed, why and what to do: a compact header, then the failure and the
          diagram beside the actions, so a 1280x720 laptop shows all of them without scrolling. */}
      <div className="case-grid">
        <div className="case-grid__main">
          <PartBoundary name="Failure" resetKeys={resetKeys}>
            <FailurePanel item={detail.case} />
          </PartBoundary>
          <PartBoundary name="Diagram" resetKeys={resetKeys}>
            <DiagramSection detail={detail} failureMessages={failureMessages} overrunActivityIds={overrunActivityIds} />
          </PartBoundary>
          <PartBoundary name="Runbook and checklist" resetKeys={resetKeys}>
            <RunbookPanel
              runbook={detail.runbook}
              values={templateValues}
              runbookId={detail.case.runbookId}
              checklist={{ caseId: detail.case.id, checks: detail.diagnosisChecks, editable: canCheckDiagnosis && !closed }}
            />
          </PartBoundary>
          {neverStarted ? null : (
            <PartBoundary name="Variables" resetKeys={resetKeys}>
              <VariablesPanel variables={detail.variables} />
            </PartBoundary>
          )}
          {neverStarted ? null : (
            <PartBoundary name="Contract variables" resetKeys={resetKeys}>
              <ContractVariablesPanel groups={detail.contractVariables} />
            </PartBoundary>
          )}
          <PartBoundary name="Evidence" resetKeys={resetKeys}>
            <EvidencePanel evidence={detail.evidence} />
          </PartBoundary>
          <PartBoundary name="Timeline" resetKeys={resetKeys}>
            <TimelinePanel entries={detail.timeline} values={templateValues} />
          </PartBoundary>
          {neverStarted ? null : (
            <PartBoundary name="Incidents" resetKeys={resetKeys}>
              <IncidentList incidents={detail.incidents} />
            </PartBoundary>
          )}
          {detail.liveError || neverStarted ? null : (
            <PartBoundary name="Path taken" resetKeys={resetKeys}>
              <PathTaken steps={detail.path} incidentActivityIds={incidentActivityIds} />
            </PartBoundary>
          )}
        </div>
        <aside className="case-grid__side">
          <PartBoundary name="Actions" resetKeys={resetKeys}>
            <ActionsPanel detail={detail} />
          </PartBoundary>
          {neverStarted || detail.liveStatus !== 'LIVE' ? null : (
            <PartBoundary name="Waiting for" resetKeys={resetKeys}>
              <WaitingForPanel items={detail.waitingFor} caseActivityId={detail.case.activityId} />
            </PartBoundary>
          )}
          <PartBoundary name="Linked cases" resetKeys={resetKeys}>
            <LinkedCasesPanel linked={detail.linked} />
          </PartBoundary>
          <PartBoundary name="Identifiers" resetKeys={resetKeys}>
            <IdentifiersPanel detail={detail} />
          </PartBoundary>
        </aside>
      </div>
    </>
  );
}

/** The process diagram with the failure marked, or why there is none (never started, engine unreachable). */
function DiagramSection({
  detail,
  failureMessages,
  overrunActivityIds,
}: {
  detail: CaseDetail;
  failureMessages: ReadonlyMap<string, string>;
  overrunActivityIds: string[];
}) {
  const neverStarted = detail.case.processInstanceId === null;
  const closed = detail.case.status === 'RESOLVED' || detail.case.status === 'CLOSED';
  return (
    <section className="panel" aria-labelledby="diagram-heading">
      <header className="panel__header">
        <h2 id="diagram-heading" className="panel__title">
          Diagram
        </h2>
        {detail.diagram ? (
          <span className="case-meta mono" data-technical>
            {detail.diagram.processDefinitionId}
          </span>
        ) : null}
      </header>
      {neverStarted && closed ? (
        <div className="panel__body" data-testid="no-process">
          <p>
            <strong>The missing workflow has been started.</strong> This case was about its absence, so it has no diagram of its own; the new
            workflow shows on the order{detail.case.entity ? ' ' : ''}
            {detail.case.entity?.type === 'ORDER' ? <Link to={`/orders/${encodeURIComponent(detail.case.entity.id)}`}>{detail.case.entity.id}</Link> : null}.
          </p>
        </div>
      ) : neverStarted ? (
        <div className="panel__body" data-testid="no-process">
          <p>
            <strong>No process instance.</strong> The {detail.case.entity ? entityName(detail.case.entity.type) : 'business record'} exists, but its
            workflow (
            <span className="mono" data-technical>
              {detail.case.processDefinitionKey}
            </span>
            ) never started, so there is no diagram and no path to show.
          </p>
          <p className="muted">Once the missing workflow is started (where offered under Actions), this case is resolved and the order shows the new workflow.</p>
        </div>
      ) : detail.liveError ? (
        <div className="notice notice--warning live-error" role="status" data-testid="live-error">
          <p>
            <strong>{detail.liveStatus === 'SLOW' ? 'The engine is slow to answer.' : 'Live engine data is unavailable.'}</strong> The diagram and
            the path cannot be shown right now; the case data below is the last synced state.
          </p>
          <pre className="error-text error-text--compact" data-technical>
            {detail.liveError}
          </pre>
        </div>
      ) : detail.diagram ? (
        <CaseDiagram diagram={detail.diagram} overrunActivityIds={overrunActivityIds} failureMessages={failureMessages} />
      ) : (
        <p className="panel__body muted">No diagram available for this process.</p>
      )}
      {neverStarted ? null : <CalledProcesses detail={detail} />}
    </section>
  );
}

function IdentifiersPanel({ detail }: { detail: CaseDetail }) {
  const neverStarted = detail.case.processInstanceId === null;
  const closed = detail.case.status === 'RESOLVED' || detail.case.status === 'CLOSED';
  return (
    <section className="panel" aria-labelledby="ids-heading" data-technical>
      <header className="panel__header">
        <h2 id="ids-heading" className="panel__title">
          Identifiers
        </h2>
      </header>
      <dl className="id-list panel__body">
        <dt>Process instance</dt>
        <dd className="mono">{detail.case.processInstanceId ?? (closed ? '— (started later, see the order)' : '— (never started)')}</dd>
        <dt>Definition</dt>
        <dd className="mono">{neverStarted ? detail.case.processDefinitionKey : detail.process.definitionId}</dd>
        <dt>Engine</dt>
        <dd className="mono">{detail.case.engineId}</dd>
        <dt>Case version</dt>
        <dd className="mono">{detail.case.version}</dd>
      </dl>
      <FreezeStepLink item={detail.case} />
    </section>
  );
}

/** For tech ops in a failure storm: the freeze form, pre-filled with this case's step. */
function FreezeStepLink({ item }: { item: CaseDetail['case'] }) {
  const user = useSessionUser();
  if (!item.activityId || item.frozen || !hasAnyRole(user, uiAccess.manageFreezes)) return null;
  // The case's engine too: with several engines the form freezes the step there (one engine: it is ignored).
  const query = new URLSearchParams({ processDefinitionKey: item.processDefinitionKey, activityId: item.activityId, engineId: item.engineId });
  return (
    <p className="panel__body case-freeze-link">
      <Link to={`/freezes?${query.toString()}`}>Freeze retries at {item.activityName ?? item.activityId}…</Link>
    </p>
  );
}

function entityName(type: NonNullable<CaseDetail['case']['entity']>['type']): string {
  return { ORDER: 'order', QUOTE: 'quote', CHANGE_ORDER: 'change order', FALLOUT: 'record' }[type];
}
