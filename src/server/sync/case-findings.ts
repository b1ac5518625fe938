// Cases without an engine incident (a stuck token, a domain/workflow contradiction) are keyed by what was
// found, so each pass can open, keep or resolve them without duplicates and without bumping versions.
import type { Catalog } from '../catalog/catalog.js';
import type { Clock } from '../clock.js';
import { parseBusinessKey } from '../fallout/business-key.js';
import { ACTIVE_STATUSES, type CasesRepo, type NewCase } from '../store/cases-repo.js';
import type { Db } from '../store/db.js';
import type { CaseRow } from '../store/rows.js';
import type { CaseCategory, Severity } from '../../contracts/cases.js';

export interface Finding {
  key: string;
  source: 'STUCK' | 'RECONCILE';
  category: CaseCategory;
  severity: Severity;
  runbookId: string | null;
  team: string | null;
  businessKey: string | null;
  processInstanceId: string | null;
  rootProcessInstanceId: string | null;
  definitionId: string | null;
  definitionKey: string;
  definitionVersion: number | null;
  activityId: string | null;
  activityName: string | null;
  /** What was found, in words; shown as the case's error message. */
  message: string;
  since: Date;
  rule: string;
}

export interface FindingDeps {
  db: Db;
  engineId: string;
  cases: CasesRepo;
  catalog: Catalog;
  clock: Clock;
}

/** Opens a case for a new finding; an active case with the same key is left alone (no version bump). */
export async function recordFinding(deps: FindingDeps, finding: Finding): Promise<'created' | 'unchanged'> {
  return deps.db.transaction(async (tx) => {
    const existing = await deps.cases.findByFinding(tx, deps.engineId, finding.key);
    if (existing && (ACTIVE_STATUSES as string[]).includes(existing.status)) return 'unchanged' as const;
    const entity = parseBusinessKey(finding.businessKey);
    const now = deps.clock.now();
    const input: NewCase = {
      engineId: deps.engineId,
      source: finding.source,
      category: finding.category,
      unclassified: false,
      severity: finding.severity,
      businessKey: finding.businessKey,
      entityType: entity?.type ?? null,
      entityId: entity?.id ?? null,
      processInstanceId: finding.processInstanceId,
      rootProcessInstanceId: finding.rootProcessInstanceId,
      definitionId: finding.definitionId,
      definitionKey: finding.definitionKey,
      definitionVersion: finding.definitionVersion,
      activityId: finding.activityId,
      activityName: finding.activityName,
      incidentType: null,
      topic: null,
      errorMessage: finding.message,
      firstSeenAt: finding.since.toISOString(),
      classificationRule: finding.rule,
      runbookId: finding.runbookId && deps.catalog.runbook(finding.runbookId) ? finding.runbookId : null,
      team: finding.team,
      slaDueAt: new Date(finding.since.getTime() + deps.catalog.slaFor(finding.severity)),
      findingKey: finding.key,
    };
    if (existing) {
      // The same finding after a resolution: a recurrence, so the old case reopens with its history.
      await deps.cases.applyChanges(tx, existing, { status: 'OPEN', resolved_at: null, reopened_count: existing.reopened_count + 1, error_message: finding.message }, now);
      return 'created' as const;
    }
    await deps.cases.create(tx, input, now);
    return 'created' as const;
  });
}

/** Resolves active cases of a source whose finding no longer holds; `stillHolds` decides per case. */
export async function resolveGoneFindings(deps: FindingDeps, source: 'STUCK' | 'RECONCILE', stillHolds: (row: CaseRow) => Promise<boolean>): Promise<number> {
  let resolved = 0;
  for (const row of await deps.cases.activeOfSource(deps.engineId, source)) {
    if (await stillHolds(row)) continue;
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      const current = await deps.cases.getForUpdate(tx, row.id);
      if (current) await deps.cases.applyChanges(tx, current, { status: 'RESOLVED', resolved_at: now }, now);
    });
    resolved++;
  }
  return resolved;
}
