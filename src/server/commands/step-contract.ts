// Reads what the ops catalog says about a case's failing step and its actions, in the shapes the policy and
// the recovery commands use.
import { actionIds, type ActionId } from '../../contracts/cases.js';
import type { Catalog, Reconciliation } from '../catalog/catalog.js';
import type { ActionRule, StepFacts } from '../fallout/policy.js';
import type { CaseRow } from '../store/rows.js';

export interface StepContract {
  facts: StepFacts;
  reconciliation: Reconciliation | null;
}

export function stepContractOf(catalog: Catalog, row: Pick<CaseRow, 'definition_key' | 'activity_id' | 'topic'>): StepContract {
  const topic = row.topic ? catalog.topic(row.topic) : null;
  const activity = row.activity_id ? catalog.activity(row.definition_key, row.activity_id) : null;
  const reconciliation = topic?.reconciliation ?? activity?.reconciliation ?? null;
  const sideEffect = row.activity_id ? catalog.sideEffectOf(row.definition_key, row.activity_id, row.topic) : 'none';
  return {
    facts: {
      sideEffect,
      idempotencyKey: topic?.idempotencyKey ?? null,
      canCheckStatus: reconciliation !== null,
      canConfirm: reconciliation !== null,
      canMarkFailed: Boolean(reconciliation?.markFailed),
    },
    reconciliation,
  };
}

export function actionRulesOf(catalog: Catalog): Record<ActionId, ActionRule> {
  const rules = Object.fromEntries(
    actionIds.map((id) => {
      const definition = catalog.action(id);
      return [
        id,
        {
          label: definition.label,
          roles: definition.roles,
          categories: definition.categories,
          effect: effectText(definition.domainEffect, definition.engineEffect),
          inputs: definition.inputs,
        } satisfies ActionRule,
      ];
    }),
  );
  return rules as unknown as Record<ActionId, ActionRule>;
}

/** One sentence set for the confirmation: the sides that do something, or plainly that nothing outside changes. */
function effectText(domain: string, engine: string): string {
  // "None." opens the side that does nothing; what follows it (e.g. how the case moves) is still worth saying.
  const said = [domain, engine].map((t) => t.trim().replace(/^none( outside the workbench)?\.\s*/i, '')).filter(Boolean);
  return said.length ? said.join(' ') : 'Changes nothing outside the workbench: the case itself records it.';
}

/** Fills `{variable}` placeholders of a service path with URL-encoded process variable values. */
export function fillPath(template: string, variables: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined || value === null || value === '') throw new Error(`The process has no value for ${name}, which ${template} needs.`);
    return encodeURIComponent(String(value));
  });
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}
