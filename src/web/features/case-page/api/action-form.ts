// The form an offered action asks for, built from its contract: the BFF names the inputs (with suggested
// values), the shared request schema decides what a valid body is (checked by the one form component).
import { actionRequestSchemas } from '../../../../contracts/actions.js';
import type { ActionId, CaseDetail } from '../../../../contracts/cases.js';
import type { FormField, FormValues } from '../../../components/form/contract-check.js';

export type OfferedAction = CaseDetail['actions']['offered'][number];

const COMMENT_FIELD: FormField = { name: 'comment', label: 'Comment', kind: 'longtext', hint: 'optional, kept in the audit trail' };

function acceptedFields(action: ActionId): ReadonlySet<string> {
  return new Set(Object.keys(actionRequestSchemas[action].shape));
}

/**
 * The inputs the BFF asks for, plus the optional comment every action accepting one gets. A `user` input gets a
 * button that fills in the signed-in user's id (when there is one).
 */
export function fieldsFor(offered: OfferedAction, userId: string | null): FormField[] {
  const fields: FormField[] = offered.inputs.map((input) => ({
    name: input.name,
    label: input.label,
    kind: input.kind === 'longtext' ? 'longtext' : 'text',
    hint: input.suggested !== undefined ? 'suggested by the workbench' : undefined,
    fill: input.kind === 'user' && userId ? { label: 'Me', description: `Fill in my user id (${userId})`, value: userId } : undefined,
  }));
  if (acceptedFields(offered.action).has('comment') && !fields.some((f) => f.name === 'comment')) fields.push(COMMENT_FIELD);
  return fields;
}

export function initialValues(offered: OfferedAction): FormValues {
  return Object.fromEntries(offered.inputs.filter((input) => input.suggested !== undefined).map((input) => [input.name, input.suggested!]));
}
