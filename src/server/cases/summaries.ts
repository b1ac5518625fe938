import type { CaseSummary } from '../../contracts/cases.js';
import type { Queryable } from '../store/db.js';
import { caseFromRow, type CaseRow } from '../store/rows.js';

/**
 * Which activities a freeze covers right now, as `engine|processKey|activity` keys. Pass the open transaction
 * when there is one: asking the pool (or PGlite's single connection) for another one from inside it can wait
 * forever.
 */
export type FrozenActivities = (tx?: Queryable) => Promise<ReadonlySet<string>>;

export const frozenKey = (engineId: string, processKey: string, activityId: string) => `${engineId}|${processKey}|${activityId}`;

/**
 * A case is frozen when its own category forbids a retry without approval (operational unsafe) or a freeze
 * covers its activity.
 */
export function isFrozen(row: CaseRow, frozen: ReadonlySet<string>): boolean {
  if (row.category === 'OPERATIONAL_UNSAFE') return true;
  return row.activity_id !== null && frozen.has(frozenKey(row.engine_id, row.definition_key, row.activity_id));
}

export async function summarize(rows: CaseRow[], frozenActivities: FrozenActivities): Promise<CaseSummary[]> {
  if (rows.length === 0) return [];
  const frozen = await frozenActivities();
  return rows.map((row) => caseFromRow(row, isFrozen(row, frozen)));
}
