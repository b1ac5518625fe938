// The process variables a case page may show: only the failing step's contract inputs, sensitive ones masked.
import type { CaseVariable } from '../../contracts/cases.js';
import { MASK } from '../audit/mask.js';
import type { Catalog } from '../catalog/catalog.js';
import type { EngineVariables } from '../engine/adapter.js';

/** The step's declared inputs: its topic's contract for an external task, else the activity's own entry. */
export function inputVariablesOf(catalog: Catalog, processKey: string, activityId: string | null, topic: string | null): string[] {
  const byTopic = topic === null ? null : catalog.topic(topic)?.inputVariables;
  if (byTopic) return byTopic;
  return activityId === null ? [] : (catalog.activity(processKey, activityId)?.inputVariables ?? []);
}

/**
 * Picks the whitelisted names from the engine's answer, in whitelist order. Names in `sensitive` match without
 * regard to case (masking one too many is the safe mistake); their value never leaves the BFF.
 */
export function whitelistedVariables(all: EngineVariables, whitelist: readonly string[], sensitive: readonly string[]): CaseVariable[] {
  const secret = new Set(sensitive.map((n) => n.toLowerCase()));
  const present = whitelist.filter((name) => Object.prototype.hasOwnProperty.call(all, name));
  return present.map((name) => {
    const variable = all[name]!;
    const masked = secret.has(name.toLowerCase());
    return { name, type: variable.type ?? 'Unknown', value: masked ? MASK : asText(variable.value), masked };
  });
}

/** Serialized values stay serialized: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
