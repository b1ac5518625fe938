/**
 * Checks that span catalog files: every runbook a rule or budget names exists, owners are declared teams,
 * reconciliation paths only use the step's input variables, every action id has exactly one definition whose
 * form matches the action's request schema, ids are unique. Each problem names the file and the path.
 */
import type * as z from 'zod/mini';
import { actionRequestSchemas } from '../../contracts/actions.js';
import { actionIds } from '../../contracts/cases.js';
import type { Draft, Located } from './assemble.js';
import type { CatalogProblem } from './catalog-error.js';
import { REPEAT_MAY_DUPLICATE } from '../fallout/side-effects.js';
import { UNCLASSIFIED_RUNBOOK_ID, UNKNOWN_STEP_SIDE_EFFECT, type SideEffectClass } from './catalog.js';
import type { ActionFile, ReconciliationFile } from './schema.js';
import { checkRunbookActions } from './runbook-actions-check.js';

const PLACEHOLDER = /\{([^{}]*)\}/g;

export function crossCheck(draft: Draft): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const report = (at: { file: string; path: string }, message: string, subPath = '') =>
    problems.push({ file: at.file, path: at.path + subPath, message });

  const firstById = <T>(entries: Located<T>[], id: (value: T) => string, what: string) => {
    const seen = new Map<string, Located<T>>();
    for (const entry of entries) {
      const key = id(entry.value);
      const first = seen.get(key);
      if (first) report(entry, `${what} ${key} is already defined at ${first.file}: ${first.path}`);
      else seen.set(key, entry);
    }
    return seen;
  };

  const runbooks = firstById(draft.runbooks, (r) => r.id, 'runbook');
  firstById(draft.rules, (r) => r.id, 'rule');
  const topics = firstById(draft.topics, (t) => t.topic, 'topic');
  const teamIds = new Set<string>();
  for (const [index, team] of (draft.teams?.value ?? []).entries()) {
    if (teamIds.has(team.id)) report(draft.teams!, `team ${team.id} is listed twice`, `[${index}].id`);
    teamIds.add(team.id);
  }

  const triage = (draft.teams?.value ?? []).filter((t) => t.triage);
  if (draft.teams && triage.length !== 1) {
    report(draft.teams, `mark exactly one team with triage: true (it owns cases at steps the catalog does not describe); ${triage.length} are marked`);
  }

  if (!runbooks.has(UNCLASSIFIED_RUNBOOK_ID)) {
    problems.push({ file: draft.sharedDir, path: 'runbooks', message: `the default runbook ${UNCLASSIFIED_RUNBOOK_ID} (used when no rule matches) is missing` });
  }

  // Steps per process: external tasks through their topics, the rest through `activities`.
  const steps = new Map<string, Map<string, Located<unknown>>>();
  const declareStep = (processKey: string, activityId: string, at: Located<unknown>, subPath: string) => {
    const inProcess = steps.get(processKey) ?? new Map<string, Located<unknown>>();
    steps.set(processKey, inProcess);
    const first = inProcess.get(activityId);
    if (first) report(at, `activity ${activityId} of ${processKey} is already described at ${first.file}: ${first.path}`, subPath);
    else inProcess.set(activityId, { ...at, path: at.path + subPath });
  };

  for (const entry of draft.topics) {
    const t = entry.value;
    if (!teamIds.has(t.owner)) report(entry, `owner ${t.owner} is not one of the teams in the shared catalog`, '.owner');
    t.activityIds.forEach((activityId, i) => declareStep(t.processKey, activityId, entry, `.activityIds[${i}]`));
    if (t.reconciliation) checkPlaceholders(entry, t.reconciliation, t.inputVariables, report);
  }
  for (const entry of draft.activities) {
    const a = entry.value;
    if (!teamIds.has(a.owner)) report(entry, `owner ${a.owner} is not one of the teams in the shared catalog`, '.owner');
    declareStep(a.processKey, a.activityId, entry, '');
    if (a.reconciliation) checkPlaceholders(entry, a.reconciliation, a.inputVariables ?? [], report);
  }

  for (const entry of draft.budgets) {
    const b = entry.value;
    if (!runbooks.has(b.runbook)) report(entry, `runbook ${b.runbook} is not defined in the catalog`, '.runbook');
    if (!steps.get(b.processKey)?.has(b.activityId)) {
      report(entry, `activity ${b.activityId} is not described in ${b.processKey}'s topics or activities`);
    }
  }

  for (const entry of draft.rules) {
    const r = entry.value;
    if (!runbooks.has(r.runbook)) report(entry, `runbook ${r.runbook} is not defined in the catalog`, '.runbook');
    if (r.topic !== undefined && !topics.has(r.topic)) report(entry, `topic ${r.topic} has no worker contract in the catalog`, '.topic');
    if (r.scopedTo && r.processDefinitionKey !== undefined && r.processDefinitionKey !== r.scopedTo) {
      report(entry, `a rule in ${r.scopedTo}'s folder only applies to ${r.scopedTo}; move it to the shared rules`, '.processDefinitionKey');
    }
    const processKey = r.scopedTo ?? r.processDefinitionKey;
    if (r.activityId !== undefined && processKey && steps.has(processKey) && !steps.get(processKey)!.has(r.activityId)) {
      report(entry, `activity ${r.activityId} is not described in ${processKey}'s topics or activities`, '.activityId');
    }
  }

  // Alert baselines and approval steps must name steps the catalog describes: a typo would silently never fire.
  if (draft.alerts) {
    const a = draft.alerts;
    const checkStep = (step: { process: string; activity: string }, subPath: string) => {
      if (!steps.get(step.process)?.has(step.activity)) report(a, `activity ${step.activity} is not described in ${step.process}'s topics or activities`, subPath);
    };
    (a.value.incidentSpike.steps ?? []).forEach((step, i) => checkStep(step, `.incidentSpike.steps[${i}]`));
    a.value.approvalSla.steps.forEach((step, i) => checkStep(step, `.approvalSla.steps[${i}]`));
    // Topic baselines may name topics without a contract (those are the ones most likely to time out), so
    // only the runbooks are checked here.
    const runbookIds = new Set(draft.runbooks.map((r) => r.value.id));
    for (const rule of ['lockExpirationSpike', 'deploymentMismatch'] as const) {
      const id = a.value[rule].runbook;
      if (!runbookIds.has(id)) report(a, `runbook ${id} is not defined in the catalog`, `.${rule}.runbook`);
    }
  }

  checkTransientRules(draft, report);
  if (draft.actions) checkActions(draft.actions, report);
  checkRunbookActions(draft, report);
  return problems;
}

interface DescribedStep {
  processKey: string;
  activityId: string;
  topic: string | null;
  sideEffect: SideEffectClass;
  idempotencyKey: string | null;
}

/**
 * A TECHNICAL_TRANSIENT rule makes the policy offer a plain retry. On a step that could do its effect twice
 * (moves money, changes a contract, reserves stock) that is safe only when the step's worker contract names an
 * idempotency key, so such a rule is refused unless every step it can match has one. A rule that names no
 * topic, activity or side effect could also match a step the catalog does not describe, which counts as
 * changing a contract.
 */
function checkTransientRules(draft: Draft, report: Report) {
  const steps: DescribedStep[] = [
    ...draft.topics.flatMap((e) =>
      e.value.activityIds.map((activityId) => ({
        processKey: e.value.processKey, activityId, topic: e.value.topic, sideEffect: e.value.sideEffect, idempotencyKey: e.value.idempotencyKey,
      })),
    ),
    ...draft.activities.map((e) => ({ processKey: e.value.processKey, activityId: e.value.activityId, topic: null, sideEffect: e.value.sideEffect, idempotencyKey: null })),
  ];
  for (const entry of draft.rules) {
    const r = entry.value;
    if (r.category !== 'TECHNICAL_TRANSIENT') continue;
    const processKey = r.scopedTo ?? r.processDefinitionKey ?? null;
    const candidates = steps.filter(
      (step) =>
        (processKey === null || step.processKey === processKey) &&
        (r.topic === undefined || step.topic === r.topic) &&
        (r.activityId === undefined || step.activityId === r.activityId) &&
        (r.sideEffect === undefined || r.sideEffect.includes(step.sideEffect)) &&
        (r.incidentType === undefined || (r.incidentType === 'failedExternalTask') === (step.topic !== null)),
    );
    const risky = candidates.filter((step) => REPEAT_MAY_DUPLICATE.has(step.sideEffect) && !step.idempotencyKey);
    for (const step of risky) {
      report(
        entry,
        `a TECHNICAL_TRANSIENT rule offers a plain retry, but it matches ${step.activityId} of ${step.processKey}, which ${SIDE_EFFECT_PHRASES[step.sideEffect]} ` +
          `and whose ${step.topic ? `worker contract (topic ${step.topic})` : 'activity description'} names no idempotency key; ` +
          'give the step an idempotency key or classify the failure as UNKNOWN_OUTCOME or OPERATIONAL_UNSAFE',
        '.category',
      );
    }
    const unscoped = r.topic === undefined && r.activityId === undefined && (r.sideEffect === undefined || r.sideEffect.includes(UNKNOWN_STEP_SIDE_EFFECT));
    if (unscoped) {
      report(
        entry,
        'a TECHNICAL_TRANSIENT rule without topic, activityId or sideEffect could match a step the catalog does not describe, which counts as ' +
          `changing a contract; narrow it (e.g. sideEffect: [none, read])`,
        '.category',
      );
    }
  }
}

const SIDE_EFFECT_PHRASES: Record<SideEffectClass, string> = {
  none: 'has no outside effect', read: 'only reads', notification: 'sends a notification', document: 'generates a document',
  inventory: 'reserves inventory', money: 'moves money', contract: 'changes a contract',
};

type Report = (at: { file: string; path: string }, message: string, subPath?: string) => void;

/** `{name}` in a reconciliation path is filled from the process variable `name`, which the step must declare. */
function checkPlaceholders(at: Located<unknown>, r: ReconciliationFile, inputVariables: string[], report: Report) {
  const paths: [string, string][] = [
    ['.reconciliation.statusCheck.path', r.statusCheck.path],
    ['.reconciliation.confirm.path', r.confirm.path],
    ...(r.markFailed ? ([['.reconciliation.markFailed.path', r.markFailed.path]] as [string, string][]) : []),
  ];
  for (const [subPath, path] of paths) {
    for (const [, name] of path.matchAll(PLACEHOLDER)) {
      if (!inputVariables.includes(name!)) report(at, `placeholder {${name}} is not among the input variables (${inputVariables.join(', ') || 'none'})`, subPath);
    }
  }
}

/** Every action id defined once, no others, and each form asks exactly for what the request schema accepts. */
function checkActions(actions: Located<Record<string, ActionFile>>, report: Report) {
  const known = new Set<string>(actionIds);
  for (const id of Object.keys(actions.value)) {
    if (!known.has(id)) report(actions, `unknown action ${id}; the workbench's actions are ${actionIds.join(', ')}`, `.${id}`);
  }
  for (const id of actionIds) {
    const action = actions.value[id];
    if (!action) {
      report(actions, `no definition for action ${id}`);
      continue;
    }
    const shape = (actionRequestSchemas[id] as unknown as { def: { shape: Record<string, z.ZodMiniType> } }).def.shape;
    const expected = new Map(Object.entries(shape).map(([name, field]) => [name, field.def.type !== 'optional']));
    const names = action.inputs.map((input) => input.name);
    action.inputs.forEach((input, i) => {
      const required = expected.get(input.name);
      if (required === undefined) report(actions, `${id} accepts no input ${input.name} (it accepts: ${[...expected.keys()].join(', ') || 'nothing'})`, `.${id}.inputs[${i}].name`);
      else if (required !== input.required) report(actions, `${id} ${required ? 'requires' : 'does not require'} ${input.name}`, `.${id}.inputs[${i}].required`);
      if (names.indexOf(input.name) !== i) report(actions, `input ${input.name} is listed twice`, `.${id}.inputs[${i}].name`);
    });
    for (const name of expected.keys()) {
      if (!names.includes(name)) report(actions, `${id}'s form lacks the input ${name} that its request accepts`, `.${id}.inputs`);
    }
  }
}
