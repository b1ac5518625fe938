import type { CaseStatus, CaseSummary } from '../../../../contracts/cases.js';
import type { ProcessSummary, SearchResponse } from '../../../../contracts/search.js';

const openStatuses: ReadonlySet<CaseStatus> = new Set(['OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED']);

export function isOpenStatus(status: CaseStatus): boolean {
  return openStatuses.has(status);
}

export function caseHref(caseId: string): string {
  return `/cases/${encodeURIComponent(caseId)}`;
}

/**
 * A listed process is part of the case's own hit when it is the case's instance or, for a case inside a called
 * child process (e.g. billing), the running root of the same order: the summary carries no root id, so the
 * shared business key stands for it. An ended process is a different run and stays a separate hit.
 */
function belongsToCase(process: ProcessSummary, item: CaseSummary, running: ProcessSummary[]): boolean {
  if (process.processInstanceId === item.processInstanceId) return true;
  return running.includes(process) && item.businessKey !== null && process.businessKey === item.businessKey;
}

/**
 * Where a search with exactly one hit should go directly, or null to show the results.
 * One hit means one case (the processes listed, if any, are that case's own instance or its running root), or one process that
 * carries exactly one open case among the cases returned. A process without a case has no page yet, so it
 * stays in the results.
 */
export function singleDestination(result: SearchResponse): string | null {
  const processes = [...result.running, ...result.ended];
  const [onlyCase] = result.cases;
  if (result.cases.length === 1 && onlyCase && processes.every((p) => belongsToCase(p, onlyCase, result.running))) {
    return caseHref(onlyCase.id);
  }
  const [onlyProcess] = processes;
  if (processes.length === 1 && onlyProcess && onlyProcess.openCaseCount > 0) {
    const ownCases = result.cases.filter((c) => c.processInstanceId === onlyProcess.processInstanceId);
    const openOwn = ownCases.filter((c) => openStatuses.has(c.status));
    const [onlyOpen] = openOwn;
    if (ownCases.length === result.cases.length && openOwn.length === 1 && onlyOpen) return caseHref(onlyOpen.id);
  }
  return null;
}
