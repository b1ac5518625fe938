// Every variable the ops catalog's contracts declare for a process (each worker topic's inputs and outputs, and
// the inputs of its other steps), with the instance's values, grouped per step. Sensitive names are masked
// here, so their values never leave the BFF. Names the contracts do not declare are never shown.
import type { ContractVariableGroup } from '../../contracts/cases.js';
import { MASK } from '../audit/mask.js';
import type { Catalog } from '../catalog/catalog.js';
import type { EngineVariables } from '../engine/adapter.js';

export interface CaseStep {
  processKey: string;
  activityId: string | null;
  topic: string | null;
}

/**
 * Groups in catalog order with the case's own step first. `stepNames` maps activity ids to the model's names
 * (from the BPMN); a step the model does not name is called by its topic or id.
 */
export function contractVariableGroups(catalog: Catalog, step: CaseStep, values: EngineVariables, stepNames: ReadonlyMap<string, string>): ContractVariableGroup[] {
  const secret = new Set(catalog.sensitiveVariables.map((n) => n.toLowerCase()));
  const variable = (name: string, direction: 'input' | 'output') => {
    const own = Object.prototype.hasOwnProperty.call(values, name) ? values[name]! : null;
    const masked = secret.has(name.toLowerCase());
    return { name, direction, type: own?.type ?? null, value: own === null ? null : masked ? MASK : asText(own.value), masked };
  };
  const name = (activityIds: string[], fallback: string) => activityIds.map((id) => stepNames.get(id)).find((n) => n) ?? fallback;

  const topics = catalog.allTopics().filter((t) => t.processDefinitionKey === step.processKey);
  const groups: ContractVariableGroup[] = topics.map((t) => ({
    step: name(t.activityIds, t.topic),
    activityIds: t.activityIds,
    topic: t.topic,
    caseStep: step.topic === t.topic || (step.activityId !== null && t.activityIds.includes(step.activityId)),
    variables: [...t.inputVariables.map((n) => variable(n, 'input')), ...t.outputVariables.filter((n) => !t.inputVariables.includes(n)).map((n) => variable(n, 'output'))],
  }));
  for (const a of catalog.activitiesOf(step.processKey)) {
    if (a.kind === 'externalTask' || a.inputVariables.length === 0) continue;
    groups.push({
      step: name([a.activityId], a.activityId),
      activityIds: [a.activityId],
      topic: null,
      caseStep: a.activityId === step.activityId,
      variables: a.inputVariables.map((n) => variable(n, 'input')),
    });
  }
  return [...groups.filter((g) => g.caseStep), ...groups.filter((g) => !g.caseStep)];
}

/** Activity id → name, read from the BPMN XML (ids and names are attributes of one flow node's tag). */
export function stepNamesOf(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const match of xml.matchAll(/<(?:[\w-]+:)?(?:serviceTask|sendTask|receiveTask|userTask|task|callActivity|businessRuleTask|scriptTask|manualTask|subProcess|intermediateCatchEvent)\b[^>]*>/g)) {
    const tag = match[0];
    const id = /\bid="([^"]+)"/.exec(tag)?.[1];
    const label = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (id && label) names.set(id, decodeXml(label).replace(/\s+/g, ' ').trim());
  }
  return names;
}

const decodeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#10|#13);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', '#10': ' ', '#13': ' ' })[e] ?? '');

/** Serialized values stay serialized: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
