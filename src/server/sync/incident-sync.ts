import type { EngineAdapter } from '../engine/adapter.js';
import { EngineRequestError } from '../engine/errors.js';
import type { EngineIncident } from '../engine/schemas.js';
import { parseBusinessKey } from '../fallout/business-key.js';
import type { Catalog } from '../catalog/catalog.js';
import { classifyIncident } from '../fallout/classify.js';
import type { CasesRepo } from '../store/cases-repo.js';
import type { CaseRow } from '../store/rows.js';
import type { Db } from '../store/db.js';
import type { ProcessesRepo } from '../store/processes-repo.js';
import type { Clock } from '../clock.js';

export interface IncidentSyncDeps {
  db: Db;
  engine: EngineAdapter;
  engineId: string;
  cases: CasesRepo;
  processes: ProcessesRepo;
  clock: Clock;
  catalog: Catalog;
  /** Most incidents mirrored per pass; beyond it the sync reports truncation rather than loading a storm whole. */
  incidentCap: number;
  /** A failure at the same step within this long after a verified resolution reopens the case. */
  recurrenceWindowMs: number;
}

export interface IncidentSyncResult {
  openIncidents: number;
  casesCreated: number;
  casesUpdated: number;
  casesResolved: number;
  truncated: boolean;
}

/**
 * One reconcile pass: every open engine incident belongs to exactly one case (a called process's incident
 * and its parents are one case, keyed by the root cause); cases whose incidents are gone resolve only once
 * the engine shows the instance has moved past the failed step.
 */
export async function syncIncidents(deps: IncidentSyncDeps): Promise<IncidentSyncResult> {
  const { engine, engineId, cases, clock } = deps;
  const { incidents, truncated } = await engine.listAllOpenIncidents(deps.incidentCap);
  const result: IncidentSyncResult = { openIncidents: incidents.length, casesCreated: 0, casesUpdated: 0, casesResolved: 0, truncated };

  const byId = new Map(incidents.map((i) => [i.id, i]));
  const groups = new Map<string, EngineIncident[]>();
  for (const incident of incidents) {
    // A parent whose root is not in this page (truncation) is treated as its own root until the root shows up.
    const rootId = incident.rootCauseIncidentId && byId.has(incident.rootCauseIncidentId) ? incident.rootCauseIncidentId : incident.id;
    groups.set(rootId, [...(groups.get(rootId) ?? []), incident]);
  }

  for (const [rootId, group] of groups) {
    const root = byId.get(rootId)!;
    const outcome = await upsertCaseFor(deps, root, group);
    if (outcome === 'created') result.casesCreated++;
    if (outcome === 'updated') result.casesUpdated++;
  }

  const now = clock.now();
  const stillOpen = new Set(incidents.map((i) => i.id));
  if (!truncated) {
    const gone = (await cases.openIncidentIds(engineId)).filter((id) => !stillOpen.has(id));
    await cases.closeIncidents(engineId, gone, now);
  }

  for (const candidate of await cases.activeWithoutOpenIncidents(engineId)) {
    if (await hasMovedOn(engine, candidate)) {
      await deps.db.transaction((tx) => cases.applyChanges(tx, candidate, { status: 'RESOLVED', resolved_at: now }, now));
      result.casesResolved++;
    }
  }
  return result;
}

async function upsertCaseFor(deps: IncidentSyncDeps, root: EngineIncident, group: EngineIncident[]): Promise<'created' | 'updated' | 'unchanged'> {
  const { db, engineId, cases, clock } = deps;
  const existing = await cases.findByIncident(db, engineId, root.id);
  const now = clock.now();
  if (existing) {
    // Parents may appear a moment after the root; attach any new ones. Nothing else changes: no version bump.
    await db.transaction(async (tx) => {
      for (const incident of group) await cases.attachIncident(tx, incidentRow(existing.id, engineId, incident, root.id, root));
    });
    return 'unchanged';
  }

  const facts = await describeRoot(deps, root);
  return db.transaction(async (tx) => {
    const recurring = await cases.findRecurrenceTarget(tx, engineId, root.processInstanceId, root.activityId, new Date(now.getTime() - deps.recurrenceWindowMs));
    let target: CaseRow;
    let outcome: 'created' | 'updated';
    if (recurring) {
      // The same step failed again (for example after a retry): the case reopens with its history.
      const reopened = recurring.status === 'RESOLVED';
      target = await cases.applyChanges(
        tx,
        recurring,
        {
          status: 'OPEN',
          error_message: root.incidentMessage,
          last_seen_at: new Date(root.incidentTimestamp),
          ...(reopened ? { resolved_at: null, reopened_count: recurring.reopened_count + 1 } : {}),
        },
        now,
      );
      outcome = 'updated';
    } else {
      const classification = classifyIncident(deps.catalog, {
        processDefinitionKey: facts.definitionKey,
        processDefinitionVersion: facts.definitionVersion,
        activityId: root.activityId,
        incidentType: root.incidentType,
        topic: facts.topic,
        message: root.incidentMessage,
        details: facts.details,
      });
      const entity = parseBusinessKey(facts.businessKey);
      target = await cases.create(
        tx,
        {
          engineId,
          source: 'INCIDENT',
          category: classification.category,
          unclassified: classification.unclassified,
          severity: classification.severity,
          businessKey: facts.businessKey,
          entityType: entity?.type ?? null,
          entityId: entity?.id ?? null,
          processInstanceId: root.processInstanceId,
          rootProcessInstanceId: facts.rootProcessInstanceId,
          definitionId: root.processDefinitionId,
          definitionKey: facts.definitionKey,
          definitionVersion: facts.definitionVersion,
          activityId: root.activityId,
          activityName: facts.activityName,
          incidentType: root.incidentType,
          topic: facts.topic,
          errorMessage: root.incidentMessage,
          firstSeenAt: root.incidentTimestamp,
          classificationRule: classification.rule,
          runbookId: classification.runbookId,
          team: classification.team,
          slaDueAt: new Date(new Date(root.incidentTimestamp).getTime() + deps.catalog.slaFor(classification.severity)),
          findingKey: null,
        },
        now,
      );
      outcome = 'created';
    }
    for (const incident of group) await cases.attachIncident(tx, incidentRow(target.id, engineId, incident, root.id, root));
    return outcome;
  });
}

function incidentRow(caseId: string, engineId: string, incident: EngineIncident, rootId: string, root: EngineIncident) {
  return {
    case_id: caseId,
    engine_id: engineId,
    incident_id: incident.id,
    incident_type: incident.incidentType,
    is_root_cause: incident.id === rootId,
    process_instance_id: incident.processInstanceId,
    process_definition_key: null,
    activity_id: incident.activityId,
    configuration: incident.configuration,
    message: incident.id === rootId ? incident.incidentMessage : incident.incidentMessage ?? root.incidentMessage,
    created_at: incident.incidentTimestamp,
  };
}

interface RootFacts {
  businessKey: string | null;
  definitionKey: string;
  definitionVersion: number | null;
  rootProcessInstanceId: string | null;
  topic: string | null;
  activityName: string | null;
  /** The worker's error details or the job's stack trace, for rules that match on details. */
  details: string | null;
}

/** Reads what classification needs about a new root incident: a few engine calls, once per case. */
async function describeRoot(deps: IncidentSyncDeps, root: EngineIncident): Promise<RootFacts> {
  const { engine } = deps;
  const instance = await engine.getHistoricProcessInstance(root.processInstanceId);
  let topic: string | null = null;
  if (root.incidentType === 'failedExternalTask' && root.configuration) {
    try {
      topic = (await engine.getExternalTask(root.configuration)).topicName;
    } catch (error) {
      if (!(error instanceof EngineRequestError && error.isNotFound)) throw error;
    }
  }
  const history = await engine.listActivityHistory(root.processInstanceId, { maxResults: 500 });
  let activityName = [...history].reverse().find((a) => a.activityId === root.activityId)?.activityName ?? null;
  if (activityName === null && root.processDefinitionId) {
    // A failing async-before job has not started its activity yet, so history has no name: read the model.
    activityName = activityNameFromXml(await engine.getProcessDefinitionXml(root.processDefinitionId), root.activityId);
  }
  const details = root.configuration ? await engine.getFailureDetails(root.incidentType, root.configuration) : null;
  return {
    details,
    businessKey: instance.businessKey,
    definitionKey: instance.processDefinitionKey,
    definitionVersion: instance.processDefinitionVersion,
    rootProcessInstanceId: instance.rootProcessInstanceId,
    topic,
    activityName,
  };
}

/** Verified resolution: the instance ended, or no token is at the failed activity any more. */
async function hasMovedOn(engine: EngineAdapter, candidate: CaseRow): Promise<boolean> {
  if (!candidate.process_instance_id || !candidate.activity_id) return false;
  const instance = await engine.getHistoricProcessInstance(candidate.process_instance_id);
  if (instance.endTime !== null) return true;
  const tree = await engine.getActivityInstanceTree(candidate.process_instance_id);
  return !treeContains(tree, candidate.activity_id);
}

function treeContains(node: { activityId: string; childActivityInstances: unknown[]; childTransitionInstances: { activityId: string }[] }, activityId: string): boolean {
  if (node.activityId === activityId) return true;
  if (node.childTransitionInstances.some((t) => t.activityId === activityId)) return true;
  return (node.childActivityInstances as (typeof node)[]).some((child) => treeContains(child, activityId));
}

export function activityNameFromXml(xml: string, activityId: string): string | null {
  const escaped = activityId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const element = new RegExp(`<[\\w:]+\\s[^>]*\\bid="${escaped}"[^>]*>`).exec(xml)?.[0];
  const name = element ? /\bname="([^"]*)"/.exec(element)?.[1] : undefined;
  return name ? name.replace(/&#10;|&#xA;/gi, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') : null;
}
