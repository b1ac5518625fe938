import { describe, expect, it } from 'vitest';
import { actionRequestSchemas } from '../../../../contracts/actions.js';
import { checkForm } from '../../../components/form/contract-check.js';
import { fieldsFor, initialValues, type OfferedAction } from './action-form.js';

const confirm: OfferedAction = {
  action: 'CONFIRM_EXTERNAL_OUTCOME',
  label: 'Confirm external outcome',
  effect: 'Completes the step with the reservation the status check found.',
  inputs: [{ name: 'reference', label: 'Reservation reference', kind: 'text', required: true, suggested: 'RSV-000004' }],
  safe: false,
};

describe('action form', () => {
  it('adds the optional comment to actions whose request takes one, and pre-fills suggestions', () => {
    const fields = fieldsFor(confirm, null);
    expect(fields.map((f) => [f.name, f.kind, f.hint])).toEqual([
      ['reference', 'text', 'suggested by the workbench'],
      ['comment', 'longtext', 'optional, kept in the audit trail'],
    ]);
    expect(initialValues(confirm)).toEqual({ reference: 'RSV-000004' });
  });

  it('gives an action without a comment in its request no comment field', () => {
    const annotate: OfferedAction = {
      action: 'ANNOTATE',
      label: 'Add note',
      effect: 'Adds a note to the timeline.',
      inputs: [{ name: 'note', label: 'Note', kind: 'longtext', required: true }],
      safe: true,
    };
    expect(fieldsFor(annotate, 'dana.night').map((f) => f.name)).toEqual(['note']);
  });

  it('offers "Me" on a user input only when someone is signed in', () => {
    const assign: OfferedAction = {
      action: 'ASSIGN',
      label: 'Assign',
      effect: 'Makes the chosen user the case owner.',
      inputs: [{ name: 'assignee', label: 'Assignee', kind: 'user', required: true }],
      safe: true,
    };
    expect(fieldsFor(assign, 'dana.night')[0]!.fill).toEqual({ label: 'Me', description: 'Fill in my user id (dana.night)', value: 'dana.night' });
    expect(fieldsFor(assign, null)[0]!.fill).toBeUndefined();
  });

  it('is checked by the action request contract: trimmed, empty optional inputs left out, messages per field', () => {
    const fields = fieldsFor(confirm, null);
    const schema = actionRequestSchemas.CONFIRM_EXTERNAL_OUTCOME;
    expect(checkForm(schema, fields, { reference: ' RSV-000004 ', comment: '  ' })).toEqual({ ok: true, request: { reference: 'RSV-000004' } });
    expect(checkForm(schema, fields, { reference: '   ', comment: '' })).toEqual({ ok: false, errors: { reference: 'Reservation reference is required.' } });
    expect(checkForm(schema, fields, { reference: 'RSV-1', comment: 'x'.repeat(2001) })).toEqual({
      ok: false,
      errors: { comment: 'Comment may be at most 2000 characters.' },
    });
  });

  it('refuses an input the contract does not know, as a form-level error', () => {
    const odd: OfferedAction = { ...confirm, action: 'RETRY_STEP', inputs: [{ name: 'priority', label: 'Priority', kind: 'text', required: false }] };
    expect(checkForm(actionRequestSchemas.RETRY_STEP, fieldsFor(odd, null), { priority: 'high', comment: '' })).toEqual({
      ok: false,
      errors: { '': 'This form sends priority, which the workbench no longer accepts; reload the page.' },
    });
  });
});
