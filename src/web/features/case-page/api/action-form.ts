// The form an offered action asks for, built from its contract: the BFF names the inputs (with suggested
// values), the shared request schema decides what a valid body is. Pure functions, so the rules are testable
// without rendering.
import * as z from 'zod/mini';
import { actionRequestSchemas } from '../../../../contracts/actions.js';
import type { ActionId, CaseDetail } from '../../../../contracts/cases.js';

export type OfferedAction = CaseDetail['actions']['offered'][number];
export type ActionInput = OfferedAction['inputs'][number];

export interface ActionField extends ActionInput {
  /** Shown under the label, e.g. that a comment goes into the audit trail. */
  hint?: string;
}

export type FieldValues = Record<string, string>;
/** Messages per field name; `''` holds a message about the form as a whole. */
export type FieldErrors = Record<string, string>;

const COMMENT_FIELD: ActionField = {
  name: 'comment',
  label: 'Comment',
  kind: 'longtext',
  required: false,
  hint: 'Optional, kept in the audit trail',
};

function acceptedFields(action: ActionId): ReadonlySet<string> {
  return new Set(Object.keys(actionRequestSchemas[action].shape));
}

/** The inputs the BFF asks for, plus the optional comment every action accepting one gets. */
export function fieldsFor(offered: OfferedAction): ActionField[] {
  const fields: ActionField[] = [...offered.inputs];
  if (acceptedFields(offered.action).has('comment') && !fields.some((f) => f.name === 'comment')) fields.push(COMMENT_FIELD);
  return fields;
}

export function initialValues(fields: readonly ActionField[]): FieldValues {
  return Object.fromEntries(fields.map((f) => [f.name, f.suggested ?? '']));
}

export type BuiltBody = { ok: true; body: Record<string, string> } | { ok: false; errors: FieldErrors };

/**
 * The request body for the values typed, or the errors to show. Values are trimmed; empty optional fields
 * are left out (the schemas reject empty strings where they expect text).
 */
export function buildActionBody(action: ActionId, fields: readonly ActionField[], values: FieldValues): BuiltBody {
  const errors: FieldErrors = {};
  const body: Record<string, string> = {};
  for (const field of fields) {
    const value = (values[field.name] ?? '').trim();
    if (value) body[field.name] = value;
    else if (field.required) errors[field.name] = `${field.label} is required.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const checked = z.safeParse(actionRequestSchemas[action], body);
  if (checked.success) return { ok: true, body };
  for (const issue of checked.error.issues) {
    const name = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    const label = fields.find((f) => f.name === name)?.label ?? name;
    if (errors[name]) continue;
    if (issue.code === 'too_big' && 'maximum' in issue) errors[name] = `${label} may be at most ${String(issue.maximum)} characters.`;
    else if (issue.code === 'too_small' || issue.code === 'invalid_type') errors[name] = `${label} is required.`;
    else if (issue.code === 'unrecognized_keys') errors[''] = `This action does not take ${issue.keys.join(', ')}; reload the case.`;
    else errors[name] = `${label} is not valid.`;
  }
  return { ok: false, errors };
}
