// Reads what the release report compares from a BPMN file: the steps of one process (with their external-task
// topics and called decisions) and the variable names the model mentions. Parsed with bpmn-moddle (the
// parser bpmn-js uses); Camunda's attributes stay in `$attrs` and its extension elements come back as generic
// elements, which is all this needs, so the Camunda extension package is not loaded.
import { BpmnModdle } from 'bpmn-moddle';

export interface ModelActivity {
  id: string;
  name: string | null;
  /** The BPMN element type without its prefix, e.g. `ServiceTask`. */
  type: string;
  topic: string | null;
  decisionRef: string | null;
}

export interface ProcessModel {
  activities: Map<string, ModelActivity>;
  /** Variable names the model mentions (heuristic; see variablesMentioned). */
  variables: Set<string>;
  /** Of those, the ones it reads: identifiers in expressions and call-activity `camunda:in` sources. */
  reads: Set<string>;
  /** Of those, the ones it sets: result, error and element variables, parameter names, call-activity targets. */
  writes: Set<string>;
}

type Node = Record<string, unknown> & { $type?: string; $attrs?: Record<string, string> };

const NOT_STEPS = new Set(['bpmn:SequenceFlow', 'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Words of the expression language and engine beans that are not process variables. */
const RESERVED = new Set([
  'true', 'false', 'null', 'empty', 'not', 'and', 'or', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'div', 'mod', 'instanceof',
  'execution', 'task', 'externalTask', 'authenticatedUserId', 'dateTime', 'connector', 'variables', 'environment',
]);

export async function readProcessModel(xml: string, processKey: string): Promise<ProcessModel> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const roots = (rootElement as unknown as { rootElements?: Node[] }).rootElements ?? [];
  const process = roots.find((e) => e.$type === 'bpmn:Process' && e.id === processKey) ?? roots.find((e) => e.$type === 'bpmn:Process');
  const activities = new Map<string, ModelActivity>();
  const variables = new Set<string>();
  const reads = new Set<string>();
  const writes = new Set<string>();
  if (!process) return { activities, variables, reads, writes };
  collectActivities(process, activities);
  variablesMentioned(process, { all: variables, reads, writes }, new Set());
  return { activities, variables, reads, writes };
}

function collectActivities(container: Node, into: Map<string, ModelActivity>): void {
  for (const element of (container.flowElements as Node[] | undefined) ?? []) {
    const type = element.$type ?? '';
    if (NOT_STEPS.has(type)) continue;
    const attrs = element.$attrs ?? {};
    const external = attrs['camunda:type'] === 'external' || typeof attrs['camunda:topic'] === 'string';
    into.set(String(element.id), {
      id: String(element.id),
      name: typeof element.name === 'string' ? element.name : null,
      type: type.replace(/^bpmn:/, ''),
      topic: external ? (attrs['camunda:topic'] ?? null) : null,
      decisionRef: attrs['camunda:decisionRef'] ?? null,
    });
    if (Array.isArray(element.flowElements)) collectActivities(element, into);
  }
}

const NAMING_ATTRS = ['camunda:resultVariable', 'camunda:errorCodeVariable', 'camunda:errorMessageVariable', 'camunda:elementVariable', 'camunda:collection'];

/**
 * Variable names in expressions (`${…}`, `#{…}`: identifiers not after a dot), in result, error, element and
 * collection variables, in input/output parameter names, and in call-activity mappings (`camunda:in`/`out`
 * source and target). Walks the element tree generically; diagram interchange is skipped.
 */
function variablesMentioned(node: unknown, into: { all: Set<string>; reads: Set<string>; writes: Set<string> }, seen: Set<unknown>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) variablesMentioned(item, into, seen);
    return;
  }
  const element = node as Node;
  const type = element.$type ?? '';
  for (const [name, value] of Object.entries(element.$attrs ?? {})) {
    if (NAMING_ATTRS.includes(name) && !/[$#]\{/.test(value)) {
      addName(value, into.all);
      if (name !== 'camunda:collection') addName(value, into.writes);
    }
    else scanExpressions(value, into);
  }
  if (type === 'camunda:in' || type === 'camunda:out') {
    for (const key of ['source', 'target']) if (typeof element[key] === 'string') addName(element[key], into.all);
    if (type === 'camunda:in' && typeof element.source === 'string') addName(element.source, into.reads);
    if (typeof element.target === 'string') addName(element.target, into.writes);
  }
  if (type === 'camunda:inputParameter' || type === 'camunda:outputParameter') {
    if (typeof element.name === 'string') {
      addName(element.name, into.all);
      addName(element.name, into.writes);
    }
  }
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith('$') && key !== '$children' && key !== '$body') continue;
    if (key === 'di' || key === 'sourceRef' || key === 'targetRef' || key === 'attachedToRef' || key === 'default' || key === 'incoming' || key === 'outgoing') continue;
    if (typeof value === 'string') scanExpressions(value, into);
    else variablesMentioned(value, into, seen);
  }
}

function addName(name: string, into: Set<string>): void {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name)) into.add(name);
}

function scanExpressions(text: string, into: { all: Set<string>; reads: Set<string> }): void {
  for (const match of text.matchAll(/[$#]\{([^}]*)\}/g)) {
    const body = (match[1] ?? '').replace(/'[^']*'|"[^"]*"/g, ' ');
    for (const id of body.matchAll(/(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)(?!\s*\()/g)) {
      addName(id[1]!, into.all);
      addName(id[1]!, into.reads);
    }
  }
}
