// Every step of a plan lands twice, in one transaction: in the plan's own `events` (what its page shows) and
// in the audit chain (the evidence). The audit append goes last, as appendAudit asks.
import { appendAudit } from '../store/audit-repo.js';
import type { Queryable } from '../store/db.js';
import type { MigrationActor, MigrationDeps } from './migration-deps.js';
import type { PlanRow } from './plans-repo.js';

export type PlanEventType = 'CREATED' | 'APPROVED' | 'REJECTED' | 'STARTED' | 'CANARY_PASSED' | 'BATCH_DONE' | 'HALTED' | 'COMPLETED' | 'ABORTED';

/** The audit action of every migration step; the outcome names the step. */
export const MIGRATION_AUDIT_ACTION = 'MIGRATION_PLAN';

export async function recordStep(
  tx: Queryable,
  deps: Pick<MigrationDeps, 'repo' | 'clock'>,
  plan: Pick<PlanRow, 'id' | 'engine_id' | 'definition_key' | 'source_version' | 'target_version'>,
  actor: MigrationActor,
  type: PlanEventType,
  words: string,
  detail: Record<string, unknown>,
): Promise<void> {
  const at = deps.clock.now();
  await deps.repo.addEvent(tx, plan.id, { at, actor: actor.id, type, detail: words });
  await appendAudit(tx, {
    at, actor: actor.id, roles: actor.roles, team: actor.team, caseId: null, businessKey: null,
    action: MIGRATION_AUDIT_ACTION, commandId: null, idempotencyKey: null, outcome: type,
    detail: {
      planId: plan.id, engineId: plan.engine_id, processDefinitionKey: plan.definition_key,
      sourceVersion: plan.source_version, targetVersion: plan.target_version, summary: words, ...detail,
    },
  });
}

/** A refused decision (four eyes), with the plan it was aimed at; the generic refusal entry is then not written. */
export async function recordRefusal(tx: Queryable, deps: Pick<MigrationDeps, 'clock'>, planId: string, actor: MigrationActor, action: string, code: string, reason: string): Promise<void> {
  await appendAudit(tx, {
    at: deps.clock.now(), actor: actor.id, roles: actor.roles, team: actor.team, caseId: null, businessKey: null,
    action: MIGRATION_AUDIT_ACTION, commandId: null, idempotencyKey: null, outcome: 'REFUSED',
    detail: { planId, attempted: action, code, reason },
  });
}
