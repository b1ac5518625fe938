// Instances waiting past their activity's stage budget become STUCK cases; they resolve once the token moved.
import type { EngineAdapter } from '../engine/adapter.js';
import { recordFinding, resolveGoneFindings, type FindingDeps } from './case-findings.js';

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
    const instances = await deps.engine.listActivityInstancesWaitingSince(budget.activityId, since, { maxResults: deps.cap });
    for (const activity of instances) {
      // Activity ids are unique per model only: keep the ones of this budget's process.
      if (!activity.processDefinitionId?.startsWith(`${budget.processDefinitionKey}:`)) continue;
      const key = stuckKey(activity.processInstanceId, activity.activityId);
      waiting.add(key);
      if (await deps.cases.hasActiveIncidentCaseAt(activity.processInstanceId, activity.activityId)) continue;
      const instance = await deps.engine.getHistoricProcessInstance(activity.processInstanceId);
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
        message: `Waiting at ${activity.activityName ?? activity.activityId} since ${activity.startTime}, longer than its stage budget of ${budget.budget}.`,
        since: new Date(activity.startTime),
        rule: `stage-budget:${budget.processDefinitionKey}:${budget.activityId}`,
      });
      if (outcome === 'created') created++;
    }
  }
  const resolved = await resolveGoneFindings(deps, 'STUCK', async (row) => waiting.has(row.finding_key ?? ''));
  return { created, resolved };
}
