// The compatibility report of a new process definition version (playbook §4.2) and the drain-or-migrate advice
// (§4.3), as a pure function of the two models, the catalog's contracts and what the sync knows of workers and
// running instances. Sentences name steps by their model names: topics and ids stay in the structured fields.
import type { ReleaseReport, ReleaseTopic } from '../../contracts/deployments.js';
import type { ModelActivity, ProcessModel } from './bpmn-model.js';

export interface ContractFacts {
  /** The worker contract of a topic, or null when the catalog has none. */
  topic(topic: string): { owner: string; inputVariables: string[]; outputVariables: string[] } | null;
  /** The steps the catalog describes for the process, with the variables each expects. */
  steps: { activityId: string; topic: string | null; inputVariables: string[] }[];
}

export interface CompareInput {
  previous: ProcessModel | null;
  current: ProcessModel;
  contracts: ContractFacts;
  /** When a worker was last seen per topic (absent: never). */
  workerSeenAt: ReadonlyMap<string, string | null>;
  /** Running instances of older versions at each step, from the read model. */
  runningAt: ReadonlyMap<string, number>;
  /** Running instances of older versions in all. */
  olderRunning: number;
  decisionChanges?: ReleaseReport['decisionChanges'];
}

function topicsOf(model: ProcessModel): Map<string, string[]> {
  const topics = new Map<string, string[]>();
  for (const a of model.activities.values()) if (a.topic) topics.set(a.topic, [...(topics.get(a.topic) ?? []), a.id]);
  return topics;
}

const stepName = (a: ModelActivity | undefined, fallback = 'a step without a name') => (a?.name ? `“${a.name}”` : fallback);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What a variable is provided by in a model: mentioned in it, or an output of one of its topics' contracts. */
function provided(model: ProcessModel, contracts: ContractFacts): Set<string> {
  const names = new Set(model.variables);
  for (const topic of topicsOf(model).keys()) for (const v of contracts.topic(topic)?.outputVariables ?? []) names.add(v);
  return names;
}

export function compareVersions(input: CompareInput): ReleaseReport {
  const { previous, current, contracts } = input;
  const describe = (topic: string, activityIds: string[]): ReleaseTopic => {
    const contract = contracts.topic(topic);
    return { topic, activityIds, contract: contract !== null, owner: contract?.owner ?? null, workerSeenAt: input.workerSeenAt.get(topic) ?? null };
  };
  const now = topicsOf(current);
  const before = previous ? topicsOf(previous) : new Map<string, string[]>();
  const topics = [...now].map(([t, ids]) => describe(t, ids)).sort((a, b) => a.topic.localeCompare(b.topic));
  const topicsAdded = previous ? topics.filter((t) => !before.has(t.topic)) : [];
  const topicsRemoved = [...before].filter(([t]) => !now.has(t)).map(([t, ids]) => describe(t, ids)).sort((a, b) => a.topic.localeCompare(b.topic));

  const activitiesRemoved = previous
    ? [...previous.activities.values()]
        .filter((a) => !current.activities.has(a.id))
        .map((a) => ({ activityId: a.id, name: a.name, runningInstances: input.runningAt.get(a.id) ?? 0 }))
        .sort((a, b) => b.runningInstances - a.runningInstances || a.activityId.localeCompare(b.activityId))
    : [];
  const activitiesAdded = previous
    ? [...current.activities.values()].filter((a) => !previous.activities.has(a.id)).map((a) => ({ activityId: a.id, name: a.name }))
    : [];

  const variablesNoLongerProvided: ReleaseReport['variablesNoLongerProvided'] = [];
  if (previous) {
    const had = provided(previous, contracts);
    const has = provided(current, contracts);
    const expectations = new Map<string, { topic: string | null; inputs: Set<string> }>();
    for (const step of contracts.steps) {
      if (!current.activities.has(step.activityId)) continue;
      const topic = current.activities.get(step.activityId)!.topic ?? step.topic;
      const inputs = new Set([...step.inputVariables, ...(topic ? (contracts.topic(topic)?.inputVariables ?? []) : [])]);
      expectations.set(step.activityId, { topic, inputs });
    }
    // Steps the catalog lists only through a topic contract (no step entry of their own).
    for (const a of current.activities.values()) {
      if (!a.topic || expectations.has(a.id)) continue;
      expectations.set(a.id, { topic: a.topic, inputs: new Set(contracts.topic(a.topic)?.inputVariables ?? []) });
    }
    for (const [activityId, { topic, inputs }] of [...expectations].sort(([a], [b]) => a.localeCompare(b))) {
      for (const variable of [...inputs].sort()) {
        if (had.has(variable) && !has.has(variable)) variablesNoLongerProvided.push({ activityId, topic, variable });
      }
    }
  }

  // Read now, never mentioned before, set by nothing in this model nor by its topics' workers.
  const variablesNewlyRead = previous
    ? [...current.reads].filter((v) => !previous.variables.has(v) && !provided({ ...current, variables: current.writes }, contracts).has(v)).sort()
    : [];

  const risks: string[] = [];
  for (const t of topics) {
    const names = t.activityIds.map((id) => stepName(current.activities.get(id))).join(', ');
    if (!t.contract && !t.workerSeenAt) risks.push(`The step ${names} has no published worker contract and no worker has been seen taking its work: orders that reach it will wait there.`);
    else if (!t.contract) risks.push(`The step ${names} has a worker but no published worker contract: publish one before it fails in production.`);
    else if (!t.workerSeenAt) risks.push(`No worker has been seen taking the work of the step ${names} yet: orders that reach it will wait until one starts.`);
  }
  for (const v of variablesNoLongerProvided) {
    risks.push(`The step ${stepName(current.activities.get(v.activityId))} expects a value the new model no longer sets or passes on (see technical details).`);
  }
  if (variablesNewlyRead.length > 0) {
    risks.push('This version reads values no earlier version used and nothing in it sets (see technical details): unless whoever starts the process sets them, orders fail where they are read.');
  }
  for (const d of input.decisionChanges ?? []) {
    if (d.outputsRemoved.length > 0) risks.push('A decision this process calls no longer returns some of its earlier results (see technical details).');
  }

  return {
    topicsAdded,
    topicsRemoved,
    topics,
    activitiesRemoved,
    activitiesAdded,
    steps: [...current.activities.values()].map((a) => ({ activityId: a.id, name: a.name })),
    variablesNoLongerProvided,
    variablesNewlyRead,
    decisionChanges: input.decisionChanges ?? [],
    advice: advise({ first: previous === null, topicsRemoved, activitiesRemoved, olderRunning: input.olderRunning }),
    risks: [...new Set(risks)],
  };
}

/**
 * Playbook §4.3: drain unless the old version calls something that is gone; migration is an intervention, never
 * the default. A function of the report's own fields and the running counts, so a reader can say it again with
 * the counts as they are now (the report keeps the ones from release time).
 */
export function advise(input: {
  first: boolean;
  topicsRemoved: ReleaseTopic[];
  activitiesRemoved: ReleaseReport['activitiesRemoved'];
  olderRunning: number;
}): ReleaseReport['advice'] {
  if (input.first) return { action: 'FIRST_VERSION', reasons: ['This is the first version of the process: there is nothing to drain or migrate.'] };
  const reasons: string[] = [];
  const waiting = input.activitiesRemoved.filter((a) => a.runningInstances > 0);
  const removedTopicSteps = new Set(input.topicsRemoved.flatMap((t) => t.activityIds));
  const waitingAtRemovedWork = waiting.filter((a) => removedTopicSteps.has(a.activityId));
  const older = input.olderRunning;

  if (older === 0) reasons.push('No orders run on older versions: nothing to drain or migrate.');
  else reasons.push(`${plural(older, 'order runs', 'orders run')} on older versions and will finish there; new orders take this version.`);
  for (const a of waiting) {
    reasons.push(`${plural(a.runningInstances, 'order waits', 'orders wait')} at ${a.name ? `“${a.name}”` : 'a step without a name'}, which this version no longer has; they continue on their own version.`);
  }

  if (waitingAtRemovedWork.length > 0) {
    reasons.push('Orders on the old version still wait for work this version dropped: keep its workers running until they are done, or plan a migration with a step mapping (platform owner; playbook §17).');
    return { action: 'CONSIDER_MIGRATION', reasons };
  }
  if (input.topicsRemoved.length > 0 && older > 0) {
    reasons.push('Older versions still call work this version dropped: keep those workers running until the older orders have drained, then retire them.');
    return { action: 'DRAIN_KEEP_OLD_WORKERS', reasons };
  }
  reasons.push('Let the older orders drain. Migrate only if the old version has a defect or calls something that is gone.');
  return { action: 'DRAIN', reasons };
}
