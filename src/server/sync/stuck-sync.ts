// Instances waiting past their activity's stage budget become STUCK cases; they resolve once the token moved.
import type { EngineAdapter } from '../engine/adapter.js';
import { recordFinding, resolveGoneFindings, type FindingDeps } from './case-findings.js';
import { durationInWords } from '../cases/duration-words.js';

export interface StuckSyncDeps extends FindingDeps {
  engine: EngineAdapter;
  /** Most waiting instances read per budget and pass. */
  cap: number;
}

export const stuckKey = (processInstanceId: string, activityId: string) => `stuck:${processInstanceId}:${activityId}`;

export async function syncStuckInstances(deps: StuckSyncDeps): Promise<{ created: number; resolved: number }> {
  const now = deps.clock.now();
  const waiting = new Set<string>();
  let created = 0;
  for (const budget of deps.catalog.stageBudgets()) {
    const since = new Date(now.getTime() - budget.budgetMs).toISOString();
    const instances = (await deps.engine.listActivityInstancesWaitingSince(budget.activityId, since, { maxResults: deps.cap }))
      // Activity ids are unique per model only: keep the ones of this budget's process.
      .filter((activity) => activity.processDefinitionId?.startsWith(`${budget.processDefinitionKey}:`));
    for (const activity of instances) waiting.add(stuckKey(activity.processInstanceId, activity.activityId));
    // A failing step is its incident case, not also a stuck one; a finding already open stays as it is.
    // Both are asked in one query each for the whole page, and the engine only about the new ones.
    const withIncident = await deps.cases.activeIncidentCasesAt(deps.engineId, instances.map((a) => ({ processInstanceId: a.processInstanceId, activityId: a.activityId })));
    const openFindings = await deps.cases.activeFindingKeys(instances.map((a) => stuckKey(a.processInstanceId, a.activityId)));
    const fresh = instances.filter((a) => !withIncident.has(`${a.processInstanceId}\u0000${a.activityId}`) && !openFindings.has(stuckKey(a.processInstanceId, a.activityId)));
    const history = new Map((await deps.engine.historicProcessInstancesByIds(fresh.map((a) => a.processInstanceId))).map((h) => [h.id, h]));
    for (const activity of fresh) {
      const key = stuckKey(activity.processInstanceId, activity.activityId);
      const instance = history.get(activity.processInstanceId) ?? (await deps.engine.getHistoricProcessInstance(activity.processInstanceId));
      const outcome = await recordFinding(deps, {
        key,
        source: 'STUCK',
        category: budget.category,
        severity: budget.severity,
        runbookId: budget.runbookId,
        team: deps.catalog.ownerOf(budget.processDefinitionKey, budget.activityId, null),
        businessKey: instance.businessKey,
        processInstanceId: activity.processInstanceId,
        rootProcessInstanceId: instance.rootProcessInstanceId,
        definitionId: instance.processDefinitionId,
        definitionKey: budget.processDefinitionKey,
        definitionVersion: instance.processDefinitionVersion,
        activityId: activity.activityId,
        activityName: activity.activityName,
        // In words: since when is the case's first-seen time (`since`), the budget reads "2 minutes".
        message: `Waiting at ${activity.activityName ?? activity.activityId} longer than its stage budget of ${durationInWords(budget.budgetMs)}.`,
        since: new Date(activity.startTime),
        rule: `stage-budget:${budget.processDefinitionKey}:${budget.activityId}`,
      });
      if (outcome === 'created') created++;
    }
  }
  const resolved = await resolveGoneFindings(deps, 'STUCK', async (row) => waiting.has(row.finding_key ?? ''));
  return { created, resolved };
}
