import { describe, expect, it } from 'vitest';
import { buildActionBody, fieldsFor, initialValues, type OfferedAction } from './action-form.js';

const confirm: OfferedAction = {
  action: 'CONFIRM_EXTERNAL_OUTCOME',
  label: 'Confirm external outcome',
  effect: 'Completes the step with the reservation the status check found.',
  inputs: [{ name: 'reference', label: 'Reservation reference', kind: 'text', required: true, suggested: 'RSV-000004' }],
  safe: false,
};

describe('action form', () => {
  it('adds the optional comment to actions whose request takes one, and pre-fills suggestions', () => {
    const fields = fieldsFor(confirm);
    expect(fields.map((f) => [f.name, f.required])).toEqual([
      ['reference', true],
      ['comment', false],
    ]);
    expect(initialValues(fields)).toEqual({ reference: 'RSV-000004', comment: '' });
  });

  it('gives an action without a comment in its request no comment field', () => {
    const annotate: OfferedAction = {
      action: 'ANNOTATE',
      label: 'Add note',
      effect: 'Adds a note to the timeline.',
      inputs: [{ name: 'note', label: 'Note', kind: 'longtext', required: true }],
      safe: true,
    };
    expect(fieldsFor(annotate).map((f) => f.name)).toEqual(['note']);
  });

  it('trims values and leaves out empty optional ones', () => {
    const fields = fieldsFor(confirm);
    expect(buildActionBody('CONFIRM_EXTERNAL_OUTCOME', fields, { reference: ' RSV-000004 ', comment: '  ' })).toEqual({
      ok: true,
      body: { reference: 'RSV-000004' },
    });
  });

  it('reports a missing required input and an over-long comment by field', () => {
    const fields = fieldsFor(confirm);
    expect(buildActionBody('CONFIRM_EXTERNAL_OUTCOME', fields, { reference: '   ', comment: '' })).toEqual({
      ok: false,
      errors: { reference: 'Reservation reference is required.' },
    });
    expect(buildActionBody('CONFIRM_EXTERNAL_OUTCOME', fields, { reference: 'RSV-1', comment: 'x'.repeat(2001) })).toEqual({
      ok: false,
      errors: { comment: 'Comment may be at most 2000 characters.' },
    });
  });

  it('refuses an input the contract does not know, as a form-level error', () => {
    const odd: OfferedAction = { ...confirm, action: 'RETRY_STEP', inputs: [{ name: 'priority', label: 'Priority', kind: 'text', required: false }] };
    const result = buildActionBody('RETRY_STEP', fieldsFor(odd), { priority: 'high', comment: '' });
    expect(result).toEqual({ ok: false, errors: { '': 'This action does not take priority; reload the case.' } });
  });
});
