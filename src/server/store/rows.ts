// Mapping between database rows and contract shapes; the only place that knows column names of both sides.
import type { CaseSummary } from '../../contracts/cases.js';
import type { ProcessSummary } from '../../contracts/search.js';

export const iso = (value: unknown): string => (value instanceof Date ? value : new Date(String(value))).toISOString();
export const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));

export interface CaseRow {
  id: string;
  engine_id: string;
  source: CaseSummary['source'];
  status: CaseSummary['status'];
  category: CaseSummary['category'];
  unclassified: boolean;
  severity: CaseSummary['severity'];
  business_key: string | null;
  entity_type: string | null;
  entity_id: string | null;
  process_instance_id: string;
  root_process_instance_id: string | null;
  definition_id: string | null;
  definition_key: string;
  definition_version: number | null;
  activity_id: string;
  activity_name: string | null;
  incident_type: string | null;
  topic: string | null;
  error_message: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  classification_rule: string | null;
  runbook_id: string | null;
  team: string | null;
  assignee: string | null;
  sla_due_at: Date;
  reopened_count: number;
  finding_key: string | null;
  cancelled_in_engine_at: Date | null;
  domain_mismatch: string | null;
}

/** `frozen`: whether a freeze or the case's own category stops retries without approval; the caller knows. */
export function caseFromRow(row: CaseRow, frozen = row.category === 'OPERATIONAL_UNSAFE'): CaseSummary {
  return {
    id: row.id,
    status: row.status,
    category: row.category,
    unclassified: row.unclassified,
    severity: row.severity,
    source: row.source,
    engineId: row.engine_id,
    businessKey: row.business_key,
    entity: row.entity_type && row.entity_id ? { type: row.entity_type as 'ORDER', id: row.entity_id } : null,
    processInstanceId: row.process_instance_id,
    processDefinitionKey: row.definition_key,
    processDefinitionVersion: row.definition_version,
    activityId: row.activity_id,
    activityName: row.activity_name,
    incidentType: row.incident_type,
    topic: row.topic,
    errorMessage: row.error_message,
    classificationRule: row.classification_rule,
    runbookId: row.runbook_id,
    team: row.team,
    assignee: row.assignee,
    slaDueAt: iso(row.sla_due_at ?? row.first_seen_at),
    frozen,
    reopenedCount: row.reopened_count ?? 0,
    firstSeenAt: iso(row.first_seen_at),
    lastSeenAt: iso(row.last_seen_at),
    resolvedAt: isoOrNull(row.resolved_at),
    cancelledInEngineAt: isoOrNull(row.cancelled_in_engine_at),
    domainMismatch: row.domain_mismatch ?? null,
    version: row.version,
  };
}

export interface ProcessRow {
  engine_id: string;
  id: string;
  business_key: string | null;
  entity_type: string | null;
  entity_id: string | null;
  definition_id: string;
  definition_key: string;
  definition_name: string | null;
  definition_version: number | null;
  state: string;
  super_instance_id: string | null;
  root_instance_id: string | null;
  current_activity_ids: string[];
  started_at: Date | null;
  ended_at: Date | null;
  open_case_count?: number | string;
}

const PROCESS_STATES = new Set(['ACTIVE', 'SUSPENDED', 'COMPLETED', 'EXTERNALLY_TERMINATED', 'INTERNALLY_TERMINATED']);

export function processFromRow(row: ProcessRow): ProcessSummary {
  return {
    processInstanceId: row.id,
    businessKey: row.business_key,
    entity: row.entity_type && row.entity_id ? { type: row.entity_type as 'ORDER', id: row.entity_id } : null,
    processDefinitionKey: row.definition_key,
    processDefinitionName: row.definition_name,
    processDefinitionVersion: row.definition_version,
    state: (PROCESS_STATES.has(row.state) ? row.state : 'UNKNOWN') as ProcessSummary['state'],
    currentActivityIds: row.current_activity_ids ?? [],
    startedAt: isoOrNull(row.started_at),
    endedAt: isoOrNull(row.ended_at),
    openCaseCount: Number(row.open_case_count ?? 0),
    ...(row.engine_id ? { engineId: row.engine_id } : {}),
  };
}
