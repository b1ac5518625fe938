import type { CaseCategory, CaseDetail, CaseDiagram, ActivityStep } from '../../contracts/cases.js';
import type { SessionUser } from '../../contracts/session.js';
import { ApiProblem } from '../api-problem.js';
import { EngineRequestError, EngineUnavailableError, EngineResponseShapeError } from '../engine/errors.js';
import type { EngineActivityInstance } from '../engine/schemas.js';
import { onCaseEngine, type CommandDeps } from '../commands/context.js';
import { timelineOf } from '../store/timeline-repo.js';
import { caseFromRow, iso, type CaseRow } from '../store/rows.js';
import { ProcessesRepo } from '../store/processes-repo.js';
import { ACTIVE_STATUSES } from '../store/cases-repo.js';
import { orderStandingOf } from '../orders/order-view.js';
import { decideFor, loadCaseState } from './case-policy.js';
import { inputVariablesOf, whitelistedVariables } from './case-variables.js';
import { contractVariableGroups, stepNamesOf } from './contract-variables.js';
import { incidentTimeline, mergeTimelines } from './incident-timeline.js';
import { outsideChanges, outsideChangeTimeline } from './outside-changes.js';
import { EngineOperationsRepo } from '../store/engine-operations-repo.js';
import { diagnosisChecksOf } from './diagnosis-checklist.js';
import { budgetFor, stageBudgetState } from './stage-budget.js';
import { summarize } from './summaries.js';
import { withinBudget, type LiveReads } from './live-reads.js';
import { commandProgressOf, WORKFLOW_ACTIONS } from './command-progress.js';
import { waitItemsOf } from './wait-state.js';
import type { RequestEngineTarget } from '../engines/engine-routes.js';

/** The case page needs the command dependencies plus the shared, budgeted live engine reads. */
export interface CaseDetailDeps extends CommandDeps {
  liveReads: LiveReads;
  /** The case's own engine, with its live reads (several engines); see CommandDeps.engineRoute. */
  engineRoute?: (engineId: string) => RequestEngineTarget;
}

/** The case page: the case from the read model plus live engine data (diagram, tokens, path taken). */
export async function loadCaseDetail(given: CaseDetailDeps, caseId: string, user: SessionUser): Promise<CaseDetail> {
  const row = await given.cases.get(caseId);
  if (!row) throw new ApiProblem(404, 'CASE_NOT_FOUND', `There is no fallout case ${caseId}.`);
  // Diagram, history, variables and the order service: all from the case's own engine.
  const deps = onCaseEngine(given, row.engine_id);
  // The engine and the order service need only the row: asked first, they answer while the read model is
  // read, and each within the page's budget, so neither adds its wait to the SQL's.
  const live = row.process_instance_id ? withinBudget(readLiveParts(deps, row, row.process_instance_id), deps.liveReads.budgetMs) : null;
  const order = row.entity_type === 'ORDER' && row.entity_id ? orderStanding(deps, row.entity_id, row.engine_id) : null;
  live?.catch(() => undefined);
  order?.catch(() => undefined);
  const state = await loadCaseState(deps, row, deps.db);
  const summary = caseFromRow(row, state.frozen);
  const incidents = await deps.cases.incidentsOf(caseId);
  const actions = decideFor(deps, state, user);
  const [evidence, timeline, linkedRows, approval, command, operations, workflowCommand] = await Promise.all([
    deps.evidence.ofCase(caseId),
    timelineOf(deps.db, caseId, summary.entity),
    deps.cases.linkedTo(row),
    deps.approvals.pendingFor(caseId),
    deps.commands.unfinishedOf(caseId),
    // Changes made outside the workbench, on the case's instance or (a cancellation of the order) its root.
    new EngineOperationsRepo(deps.db).ofInstances(row.engine_id, [row.process_instance_id, row.root_process_instance_id ?? ''], TIMELINE_LIMIT),
    deps.commands.latestOf(caseId, WORKFLOW_ACTIONS),
  ]);
  const changes = outsideChanges(operations);
  const linkedSummaries = await summarize(linkedRows.map((l) => l.row), deps.frozenActivities);
  const budget = budgetFor(deps.catalog.stageBudgets(), row.definition_key, row.activity_id);
  const runbook = row.runbook_id ? deps.catalog.runbook(row.runbook_id) : null;

  const base: CaseDetail = {
    case: summary,
    incidents: incidents.map((i) => ({
        id: i.incident_id,
        type: i.incident_type,
        activityId: i.activity_id,
        processInstanceId: i.process_instance_id,
        processDefinitionKey: i.process_definition_key,
        message: i.message,
        createdAt: iso(i.created_at),
        isRootCause: i.is_root_cause,
        open: i.open,
      })),
    process: {
      id: row.process_instance_id ?? '',
      businessKey: row.business_key,
      definitionId: row.definition_id ?? '',
      definitionKey: row.definition_key,
      definitionName: null,
      definitionVersion: row.definition_version,
      state: 'UNKNOWN',
      startedAt: null,
    },
    diagram: null,
    path: [],
    liveError: null,
    liveStatus: 'NONE',
    actions,
    runbook,
    diagnosisChecks: await diagnosisChecksOf(deps.db, caseId, runbook?.id ?? null, runbook?.diagnosis ?? []),
    evidence,
    timeline: mergeTimelines(timeline, incidentTimeline(incidents, (id) => (id === row.activity_id ? (row.activity_name ?? id) : id)), outsideChangeTimeline(changes)).slice(0, TIMELINE_LIMIT),
    linked: linkedRows.map((l, i) => ({ reason: l.reason, case: linkedSummaries[i]! })),
    pendingApproval: approval ? { id: approval.id, requestedBy: approval.requested_by, expiresAt: iso(approval.expires_at) } : null,
    pendingCommand:
      command && (command.state === 'RUNNING' || command.state === 'PENDING')
        ? { id: command.id, action: command.action, state: command.state, requestedBy: command.actor, requestedAt: iso(command.created_at), attempts: command.attempts }
        : null,
    commandProgress: commandProgressOf(workflowCommand),
    order: order ? await order : null,
    variables: [],
    // Without live data the wait is unknown, so no overrun is claimed.
    stageBudget: stageBudgetState(budget, null, deps.clock.now()),
    waitingFor: [],
    calledProcesses: [],
    parentProcessInstanceId: null,
    lastOutsideChange: changes[0] ?? null,
  };

  // A workflow that never started has nothing live to show.
  if (!live) return base;
  try {
    const outcome = await live;
    // A slow engine must not hold the page: what has not arrived within the budget is reported as such, and
    // the reads go on in the background so the next view finds them cached.
    if (outcome === 'SLOW') {
      return {
        ...base,
        liveStatus: 'SLOW',
        liveError: `The engine did not answer within ${formatSeconds(deps.liveReads.budgetMs)}. The case itself is shown from the last sync; actions that need the engine are recorded and complete once it answers.`,
      };
    }
    const { waitingSince, ...parts } = outcome.value;
    return {
      ...base,
      ...parts,
      liveStatus: 'LIVE',
      // A step with an open incident is failing, not waiting: its budget shows, but no overrun is claimed.
      stageBudget: withoutOverrunWhileFailing(stageBudgetState(budget, waitingSince, deps.clock.now()), incidents.some((i) => i.is_root_cause && i.open)),
    };
  } catch (error) {
    if (error instanceof EngineUnavailableError || error instanceof EngineRequestError || error instanceof EngineResponseShapeError) {
      return { ...base, liveStatus: 'UNAVAILABLE', liveError: `Live engine data is unavailable (${error.message}). The case itself is shown from the last sync.` };
    }
    throw error;
  }
}

type LiveParts = Pick<CaseDetail, 'process' | 'diagram' | 'path' | 'variables' | 'contractVariables' | 'waitingFor' | 'calledProcesses' | 'parentProcessInstanceId'> & { waitingSince: string | null };

/** Everything the page shows from the engine, with the read model's cases linked into it. */
async function readLiveParts(deps: CaseDetailDeps, row: CaseRow, processInstanceId: string): Promise<LiveParts> {
  const live = await readLive(deps.liveReads, processInstanceId);
  const whitelist = inputVariablesOf(deps.catalog, row.definition_key, row.activity_id, row.topic);
  const [variables, called, ownCases, contractValues, waitingFor] = await Promise.all([
    liveVariables(deps, processInstanceId, live.process.state, whitelist),
    // Bounded: a call activity in a loop must not turn one page view into many queries.
    casesOfCalled(deps, live.called.slice(0, MAX_CALLED)),
    deps.cases.searchBy('processInstance', [processInstanceId], 50),
    contractVariableValues(deps, processInstanceId, live.process.state),
    liveWaits(deps, row, live),
  ]);
  return {
    process: live.process,
    diagram: withIncidentCategories(live.diagram, row, ownCases, called),
    path: live.path,
    variables,
    waitingFor,
    contractVariables: contractVariableGroups(
      deps.catalog,
      { processKey: row.definition_key, activityId: row.activity_id, topic: row.topic },
      contractValues,
      stepNamesOf(live.diagram?.bpmnXml ?? ''),
    ),
    calledProcesses: called.map(({ activityId, processInstanceId, caseId }) => ({ activityId, processInstanceId, caseId })),
    parentProcessInstanceId: live.parentProcessInstanceId,
    // The token's wait at the case's step: the unfinished activity instance there, earliest first.
    waitingSince: live.path.find((s) => s.activityId === row.activity_id && s.endedAt === null)?.startedAt ?? null,
  };
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

const TIMELINE_LIMIT = 100;
const MAX_CALLED = 20;

/** The order view's logic, shared: never fails the case page when the order service cannot answer. */
async function orderStanding(deps: CaseDetailDeps, orderId: string, engineId: string): Promise<NonNullable<CaseDetail['order']>> {
  const asked = await withinBudget(orderStandingOf({ ...deps, processes: new ProcessesRepo(deps.db) }, orderId, engineId), deps.liveReads.budgetMs);
  if (asked === 'SLOW') {
    return { domainStatus: null, domainError: `The order service did not answer within ${formatSeconds(deps.liveReads.budgetMs)}.`, stage: null, disagreement: null };
  }
  const standing = asked.value;
  return {
    domainStatus: standing.order?.status ?? null,
    domainError: standing.domainError,
    stage: standing.stage?.label ?? null,
    disagreement: standing.disagreement,
  };
}

/** What a running instance waits on (an ended one waits on nothing). */
async function liveWaits(deps: CaseDetailDeps, row: CaseRow, live: LiveData): Promise<CaseDetail['waitingFor']> {
  if (live.process.state !== 'ACTIVE' && live.process.state !== 'SUSPENDED') return [];
  try {
    const [waits, jobDefinitions] = await Promise.all([deps.liveReads.waits(live.process.id), deps.liveReads.jobDefinitions(live.process.definitionId)]);
    return waitItemsOf({
      ...waits,
      jobDefinitions: new Map(jobDefinitions.map((d) => [d.id, d])),
      businessKey: live.process.businessKey,
      activityNames: new Map(live.path.filter((s) => s.activityName).map((s) => [s.activityId, s.activityName!])),
      caseActivityId: row.activity_id,
    });
  } catch (error) {
    // Ended between the two reads.
    if (error instanceof EngineRequestError && error.status === 404) return [];
    throw error;
  }
}

/** Runtime variables exist only while the instance runs; an ended instance simply has none to show. */
async function liveVariables(deps: CaseDetailDeps, processInstanceId: string, state: CaseDetail['process']['state'], whitelist: string[]): Promise<CaseDetail['variables']> {
  if (whitelist.length === 0 || (state !== 'ACTIVE' && state !== 'SUSPENDED')) return [];
  try {
    return whitelistedVariables(await deps.liveReads.variables(processInstanceId), whitelist, deps.catalog.sensitiveVariables);
  } catch (error) {
    // Ended between the two reads.
    if (error instanceof EngineRequestError && error.status === 404) return [];
    throw error;
  }
}

/** The instance's variables for the contract panel: runtime while it runs, history once it has ended. */
async function contractVariableValues(deps: CaseDetailDeps, processInstanceId: string, state: CaseDetail['process']['state']) {
  try {
    return state === 'ACTIVE' || state === 'SUSPENDED' ? await deps.liveReads.variables(processInstanceId) : await deps.liveReads.historicVariables(processInstanceId);
  } catch (error) {
    // Ended between the two reads: history has what it last held.
    if (error instanceof EngineRequestError && error.status === 404) return deps.liveReads.historicVariables(processInstanceId);
    throw error;
  }
}

interface CalledCase {
  activityId: string;
  processInstanceId: string;
  caseId: string | null;
  category: CaseCategory | null;
}

const isActive = (r: CaseRow) => (ACTIVE_STATUSES as string[]).includes(r.status);

/** Links each called instance to an active case in it, if the read model has one. */
async function casesOfCalled(deps: CommandDeps, called: { activityId: string; processInstanceId: string }[]): Promise<CalledCase[]> {
  return Promise.all(
    called.map(async (c) => {
      const rows = await deps.cases.searchBy('processInstance', [c.processInstanceId], 20);
      const active = rows.find((r) => r.process_instance_id === c.processInstanceId && isActive(r));
      return { ...c, caseId: active?.id ?? null, category: active?.category ?? null };
    }),
  );
}

/**
 * Colours each incident badge by the category of the case behind it: the case at that activity of this
 * instance (this case first), or for a call activity the case inside the called instance.
 */
function withIncidentCategories(diagram: CaseDiagram | null, row: CaseRow, ownCases: CaseRow[], called: CalledCase[]): CaseDiagram | null {
  if (!diagram) return null;
  const byActivity = new Map<string, CaseCategory>();
  const here = ownCases.filter((r) => r.process_instance_id === row.process_instance_id && r.activity_id && isActive(r) && r.id !== row.id);
  for (const r of [row, ...here]) if (r.activity_id && !byActivity.has(r.activity_id)) byActivity.set(r.activity_id, r.category);
  for (const c of called) if (c.category && !byActivity.has(c.activityId)) byActivity.set(c.activityId, c.category);
  return {
    ...diagram,
    incidentActivities: diagram.incidentActivities.map((a) => ({ ...a, category: byActivity.get(a.activityId) ?? null })),
  };
}

interface LiveData extends Pick<CaseDetail, 'process' | 'diagram' | 'path' | 'parentProcessInstanceId'> {
  called: { activityId: string; processInstanceId: string }[];
}

async function readLive(engine: LiveReads, processInstanceId: string): Promise<LiveData> {
  const instance = await engine.historicInstance(processInstanceId);
  const [xml, history, tree] = await Promise.all([
    engine.definitionXml(instance.processDefinitionId),
    engine.activityHistory(processInstanceId),
    instance.endTime ? Promise.resolve(null) : engine.activityTree(processInstanceId),
  ]);
  const path: ActivityStep[] = history
    .filter((a) => a.activityType !== 'processDefinition')
    .map((a) => ({ activityId: a.activityId, activityName: a.activityName, activityType: a.activityType, startedAt: a.startTime, endedAt: a.endTime, canceled: a.canceled }));
  const incidentCounts = new Map<string, number>();
  const active = new Set<string>();
  if (tree) collectTree(tree, incidentCounts, active);
  const completedActivityIds = unique(path.filter((s) => s.endedAt && !s.canceled).map((s) => s.activityId));
  const diagram: CaseDiagram = {
    processDefinitionId: instance.processDefinitionId,
    processDefinitionKey: instance.processDefinitionKey,
    bpmnXml: xml,
    incidentActivities: [...incidentCounts].map(([activityId, count]) => ({ activityId, count, category: null })),
    activeActivityIds: [...active],
    completedActivityIds,
    takenFlowIds: takenFlows(xml, new Set(completedActivityIds), new Set([...completedActivityIds, ...active])),
  };
  return {
    process: {
      id: instance.id,
      businessKey: instance.businessKey,
      definitionId: instance.processDefinitionId,
      definitionKey: instance.processDefinitionKey,
      definitionName: instance.processDefinitionName,
      definitionVersion: instance.processDefinitionVersion,
      state: (instance.state ?? 'UNKNOWN') as CaseDetail['process']['state'],
      startedAt: instance.startTime,
    },
    diagram,
    path,
    parentProcessInstanceId: instance.superProcessInstanceId,
    called: history.flatMap((a) => (a.calledProcessInstanceId ? [{ activityId: a.activityId, processInstanceId: a.calledProcessInstanceId }] : [])),
  };
}

function collectTree(node: EngineActivityInstance, incidents: Map<string, number>, active: Set<string>, isRoot = true): void {
  if (!isRoot && node.childActivityInstances.length === 0) active.add(node.activityId);
  if (node.incidentIds.length) incidents.set(node.activityId, (incidents.get(node.activityId) ?? 0) + node.incidentIds.length);
  for (const transition of node.childTransitionInstances) {
    active.add(transition.activityId);
    if (transition.incidentIds.length) incidents.set(transition.activityId, (incidents.get(transition.activityId) ?? 0) + transition.incidentIds.length);
  }
  for (const child of node.childActivityInstances) collectTree(child, incidents, active, false);
}

/** Engine history records activities, not flows: a flow counts as taken when its source finished and its target was reached. */
export function takenFlows(xml: string, completed: Set<string>, reached: Set<string>): string[] {
  const flows: string[] = [];
  for (const match of xml.matchAll(/<(?:[\w-]+:)?sequenceFlow\b[^>]*>/g)) {
    const tag = match[0];
    const id = /\bid="([^"]+)"/.exec(tag)?.[1];
    const source = /\bsourceRef="([^"]+)"/.exec(tag)?.[1];
    const target = /\btargetRef="([^"]+)"/.exec(tag)?.[1];
    if (id && source && target && completed.has(source) && reached.has(target)) flows.push(id);
  }
  return flows;
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];

function withoutOverrunWhileFailing<T extends { overrun: boolean } | null>(state: T, failing: boolean): T {
  return state && failing ? { ...state, overrun: false } : state;
}
