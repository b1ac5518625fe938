import type { CaseCategory, Severity } from '../../contracts/cases.js';
import { UNCLASSIFIED_RUNBOOK_ID, type Catalog, type ClassificationRule, type SideEffectClass } from '../catalog/catalog.js';

// Old imports of the type keep working.
export type { SideEffectClass } from '../catalog/catalog.js';

/** What the engine says about a root-cause incident. No business key: classification must not depend on it. */
export interface IncidentFacts {
  processDefinitionKey: string;
  processDefinitionVersion: number | null;
  activityId: string;
  incidentType: string;
  /** The external task's topic; null for a job. */
  topic: string | null;
  message: string | null;
  /** The worker's errorDetails or the job's stack trace (may be cut short). */
  details: string | null;
}

export interface Classification {
  category: CaseCategory;
  severity: Severity;
  runbookId: string | null;
  /** Id of the catalog rule that matched, or `unclassified-*` for the safe default. */
  rule: string;
  /** True when no rule matched and the safe default was used: someone should review it. */
  unclassified: boolean;
  /** The failing step's side-effect class from the catalog (`contract` when the catalog does not know it). */
  sideEffect: SideEffectClass;
  /** Team owning the step, from the catalog; null when the catalog does not know the step. */
  team: string | null;
}

/**
 * Classifies one root-cause incident with the catalog's rules: process rules first, then the shared ones,
 * first match wins. Pure: the same catalog and facts always give the same answer.
 */
export function classifyIncident(catalog: Catalog, facts: IncidentFacts): Classification {
  const sideEffect = catalog.sideEffectOf(facts.processDefinitionKey, facts.activityId, facts.topic);
  const team = catalog.ownerOf(facts.processDefinitionKey, facts.activityId, facts.topic);
  for (const rule of catalog.rules) {
    if (matches(rule, facts, sideEffect)) {
      return { category: rule.category, severity: rule.severity, runbookId: rule.runbookId, rule: rule.id, unclassified: false, sideEffect, team };
    }
  }
  // No rule: never call a failure transient when the step changes something outside, since a blind retry
  // could repeat the effect. Reconcile first.
  return sideEffect === 'none' || sideEffect === 'read'
    ? { category: 'TECHNICAL_PERSISTENT', severity: 'MEDIUM', runbookId: UNCLASSIFIED_RUNBOOK_ID, rule: 'unclassified', unclassified: true, sideEffect, team }
    : { category: 'UNKNOWN_OUTCOME', severity: 'HIGH', runbookId: UNCLASSIFIED_RUNBOOK_ID, rule: 'unclassified-side-effecting', unclassified: true, sideEffect, team };
}

/**
 * Patterns run on at most this much of an engine text (a message or a stack trace). The catalog refuses
 * catastrophic patterns at load; the cap bounds the rest, whatever a worker chose to report.
 */
export const MAX_MATCHED_TEXT = 8_000;
const capped = (text: string | null | undefined) => (text ?? '').slice(0, MAX_MATCHED_TEXT);

/**
 * Whether the worker's error details could change this incident's classification: some rule that tests the
 * details would match everything else, before the first rule that decides without them. Only then does the
 * sync read the details (one engine call per incident) before classifying; otherwise it does not read them
 * at all (nothing else uses them), so a storm costs no per-incident detail reads.
 */
export function classificationNeedsDetails(catalog: Catalog, facts: Omit<IncidentFacts, 'details'>): boolean {
  const sideEffect = catalog.sideEffectOf(facts.processDefinitionKey, facts.activityId, facts.topic);
  for (const rule of catalog.rules) {
    if (!matches(rule, { ...facts, details: null }, sideEffect, true)) continue;
    return rule.detailsPattern !== null;
  }
  return false;
}

function matches(rule: ClassificationRule, facts: IncidentFacts, sideEffect: SideEffectClass, ignoreDetails = false): boolean {
  if (rule.processDefinitionKey !== null && rule.processDefinitionKey !== facts.processDefinitionKey) return false;
  if (rule.activityId !== null && rule.activityId !== facts.activityId) return false;
  if (rule.topic !== null && rule.topic !== facts.topic) return false;
  if (rule.incidentType !== null && rule.incidentType !== facts.incidentType) return false;
  if (rule.sideEffect !== null && !rule.sideEffect.includes(sideEffect)) return false;
  if (rule.versions !== null) {
    const version = facts.processDefinitionVersion;
    if (version === null) return false;
    if (rule.versions.min !== null && version < rule.versions.min) return false;
    if (rule.versions.max !== null && version > rule.versions.max) return false;
  }
  if (rule.messagePattern !== null && !rule.messagePattern.test(capped(facts.message))) return false;
  if (!ignoreDetails && rule.detailsPattern !== null && !rule.detailsPattern.test(capped(facts.details))) return false;
  return true;
}
