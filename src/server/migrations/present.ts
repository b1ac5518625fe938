// Plan rows → the contract shapes of src/contracts/migrations.ts, with what the caller may do now.
import type { MigrationPlan, MigrationPlanSummary, MigrationExclusion } from '../../contracts/migrations.js';
import { iso, isoOrNull } from '../store/rows.js';
import { allowedActions, type Caller } from './permissions.js';
import type { PlanCounts, PlanEventRow, PlanInstanceRow, PlanRow } from './plans-repo.js';

const NO_COUNTS: PlanCounts = { planned: 0, migrated: 0, failed: 0, skipped: 0, pending: 0, excluded: 0 };

export function toSummary(row: PlanRow, counts: PlanCounts | undefined): MigrationPlanSummary {
  return {
    id: row.id, engineId: row.engine_id, processDefinitionKey: row.definition_key, sourceVersion: row.source_version, targetVersion: row.target_version,
    state: row.state, createdBy: row.created_by, createdAt: iso(row.created_at), totals: counts ?? NO_COUNTS,
  };
}

export function toPlan(
  row: PlanRow,
  parts: { instances: PlanInstanceRow[]; exclusions: MigrationExclusion[]; events: PlanEventRow[]; counts: PlanCounts | undefined },
  caller: Caller,
): MigrationPlan {
  return {
    ...toSummary(row, parts.counts),
    processName: row.process_name,
    sourceDefinitionId: row.source_definition_id,
    targetDefinitionId: row.target_definition_id,
    reason: row.reason,
    scopeActivities: row.scope_activities,
    activityMapping: row.activity_mapping,
    requiredVariables: row.required_variables,
    allowedOrderStates: row.allowed_order_states,
    batchSize: row.batch_size,
    batchIntervalSeconds: row.batch_interval_seconds,
    decidedBy: row.decided_by,
    decidedAt: isoOrNull(row.decided_at),
    decisionReason: row.decision_reason,
    validation: row.validation,
    instances: parts.instances.map((i) => ({
      processInstanceId: i.process_instance_id, businessKey: i.business_key, activityId: i.activity_id, state: i.state, batch: i.batch,
      migratedAt: isoOrNull(i.migrated_at), problems: i.problems,
    })),
    exclusions: parts.exclusions,
    events: parts.events.map((e) => ({ at: iso(e.at), actor: e.actor, type: e.type, detail: e.detail })),
    allowedActions: allowedActions({ state: row.state, createdBy: row.created_by }, caller),
  };
}
