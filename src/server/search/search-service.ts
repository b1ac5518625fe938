import type { SearchResponse } from '../../contracts/search.js';
import { summarize, type FrozenActivities } from '../cases/summaries.js';
import { describeIntent, interpretQuery } from '../fallout/business-key.js';
import type { CasesRepo } from '../store/cases-repo.js';
import type { ProcessesRepo } from '../store/processes-repo.js';
import { processFromRow, type CaseRow, type ProcessRow } from '../store/rows.js';

const LIMIT = 50;

/** Answers the global search from the read model only: no engine call on this path. */
export async function search(query: string, cases: CasesRepo, processes: ProcessesRepo, frozenActivities: FrozenActivities): Promise<SearchResponse> {
  const intent = interpretQuery(query);
  let foundCases: CaseRow[] = [];
  let foundProcesses: ProcessRow[] = [];
  let prefixMatch = false;
  switch (intent.kind) {
    case 'case':
      foundCases = await cases.searchBy('id', [intent.value], LIMIT);
      foundProcesses = await processes.findByBusinessKey(`fallout:${intent.value}`, LIMIT);
      break;
    case 'entity': {
      foundProcesses = await processes.findByEntity(intent.entityType, intent.value, LIMIT);
      if (intent.revision !== undefined) {
        foundProcesses = foundProcesses.filter((p) => p.business_key?.toLowerCase().endsWith(`:rev:${intent.revision}`));
      }
      const keys = new Set(foundProcesses.map((p) => p.business_key?.toLowerCase()));
      foundCases = (await cases.searchBy('entity', [intent.entityType, intent.value], LIMIT)).filter(
        (c) => intent.revision === undefined || keys.has(c.business_key?.toLowerCase()),
      );
      // No such id: perhaps it was typed incomplete (`ORD-1009`). Offer the ids that start with it, said as such.
      if (foundProcesses.length === 0 && foundCases.length === 0 && intent.revision === undefined) {
        foundProcesses = await processes.findByEntityPrefix(intent.entityType, intent.value, LIMIT);
        foundCases = await cases.searchBy('entityPrefix', [intent.entityType, intent.value], LIMIT);
        if (foundProcesses.length > 0 || foundCases.length > 0) prefixMatch = true;
      }
      break;
    }
    case 'number':
      foundCases = await cases.searchBy('entityNumber', [intent.value], LIMIT);
      foundProcesses = await processes.findByEntityNumber(intent.value, LIMIT);
      break;
    case 'processInstance':
      foundCases = await cases.searchBy('processInstance', [intent.value], LIMIT);
      foundProcesses = await processes.findByIdOrText(intent.value, LIMIT);
      break;
    case 'text':
      foundCases = await cases.searchBy('businessKey', [intent.value], LIMIT);
      foundProcesses = await processes.findByIdOrText(intent.value, LIMIT);
      break;
  }
  // Called processes (the billing child of an order) are part of their root's story, not separate hits.
  const summaries = foundProcesses.filter((p) => !p.super_instance_id).map(processFromRow);
  return {
    query,
    interpretedAs: describeIntent(intent, { prefixMatch }),
    cases: await summarize(foundCases, frozenActivities),
    running: summaries.filter((p) => p.state === 'ACTIVE' || p.state === 'SUSPENDED'),
    ended: summaries.filter((p) => p.state !== 'ACTIVE' && p.state !== 'SUSPENDED'),
  };
}
