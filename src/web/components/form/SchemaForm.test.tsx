import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { createFreezeRequestSchema } from '../../../contracts/freezes.js';
import type { FormField } from './contract-check.js';
import { SchemaForm, type FormProblem } from './SchemaForm.js';
import { useSchemaForm } from './use-schema-form.js';

// The freeze contract: three required texts and a bounded whole number; plus a form with an optional field.
const freezeFields: FormField[] = [
  { name: 'processDefinitionKey', label: 'Process definition key' },
  { name: 'activityId', label: 'Activity id' },
  { name: 'reason', label: 'Reason', kind: 'longtext', hint: 'kept in the audit trail' },
  { name: 'durationMinutes', label: 'Duration (minutes)', kind: 'number', invalid: 'Duration must be 5 to 10080 minutes.' },
];

function FreezeForm({ onSubmit, pending = false, problem = null }: { onSubmit: (request: unknown) => void; pending?: boolean; problem?: FormProblem | null }) {
  const state = useSchemaForm({ contract: createFreezeRequestSchema, fields: freezeFields, defaultValues: { durationMinutes: '60' } });
  return <SchemaForm state={state} onSubmit={onSubmit} pending={pending} problem={problem} submitLabel="Freeze" pendingLabel="Freezing…" initialFocus="none" />;
}

const noteContract = z.strictObject({ note: z.string().check(z.trim(), z.minLength(1), z.maxLength(10)), comment: z.optional(z.string()) });

describe('SchemaForm', () => {
  it('labels every field, marks the required ones from the contract and explains the marker when some are optional', () => {
    function NoteForm() {
      const state = useSchemaForm({ contract: noteContract, fields: [{ name: 'note', label: 'Note' }, { name: 'comment', label: 'Comment', hint: 'optional' }] });
      return <SchemaForm state={state} onSubmit={() => undefined} pending={false} submitLabel="Save" />;
    }
    render(<NoteForm />);
    expect(screen.getByLabelText('Note')).toHaveAttribute('aria-required', 'true');
    expect(screen.getByLabelText('Comment')).not.toHaveAttribute('aria-required');
    expect(screen.getByLabelText('Comment')).toHaveAccessibleDescription('(optional)');
    expect(screen.getByText(/are required\./)).toHaveTextContent('Fields marked * with an asterisk are required.');
    // A form on a page focuses its first field once mounted.
    expect(screen.getByLabelText('Note')).toHaveFocus();
  });

  it('says what is wrong under each field in words, focuses the first invalid one, and sends nothing', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<FreezeForm onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText('Activity id'), 'charge-payment');
    await user.clear(screen.getByLabelText('Duration (minutes)'));
    await user.type(screen.getByLabelText('Duration (minutes)'), 'two');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));

    const key = screen.getByLabelText('Process definition key');
    await waitFor(() => expect(key).toHaveAttribute('aria-invalid', 'true'));
    expect(key).toHaveAccessibleDescription('Process definition key is required.');
    expect(screen.getByLabelText('Reason')).toHaveAccessibleDescription('(kept in the audit trail) Reason is required.');
    expect(screen.getByLabelText('Duration (minutes)')).toHaveAccessibleDescription('Duration must be 5 to 10080 minutes.');
    expect(screen.getByLabelText('Activity id')).not.toHaveAttribute('aria-invalid');
    expect(key).toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();

    // A fixed value clears its message as it is typed.
    await user.type(key, 'order-orchestration');
    expect(key).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Process definition key is required.')).toBeNull();
  });

  it('hands over the request body as the contract reads it: trimmed, numbers parsed', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<FreezeForm onSubmit={onSubmit} />);
    await user.type(screen.getByLabelText('Process definition key'), ' order-orchestration ');
    await user.type(screen.getByLabelText('Activity id'), 'charge-payment');
    await user.type(screen.getByLabelText('Reason'), 'Storm');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toEqual({ processDefinitionKey: 'order-orchestration', activityId: 'charge-payment', reason: 'Storm', durationMinutes: 60 });
  });

  it('disables every control while pending, then shows the server refusal and gives it the focus', async () => {
    function Harness() {
      const [phase, setPhase] = useState<'idle' | 'pending' | 'refused'>('idle');
      return (
        <>
          <FreezeForm
            onSubmit={() => setPhase('pending')}
            pending={phase === 'pending'}
            problem={phase === 'refused' ? { message: 'A freeze on charge-payment is already active.', note: 'End it first.' } : null}
          />
          {/* Stands in for the server's answer arriving. */}
          <button type="button" onClick={() => setPhase('refused')}>
            answer
          </button>
        </>
      );
    }
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Process definition key'), 'order-orchestration');
    await user.type(screen.getByLabelText('Activity id'), 'charge-payment');
    await user.type(screen.getByLabelText('Reason'), 'Storm');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));

    const button = await screen.findByRole('button', { name: 'Freezing…' });
    expect(button).toBeDisabled();
    expect(screen.getByLabelText('Reason')).toBeDisabled();
    expect(screen.getByLabelText('Duration (minutes)')).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'answer' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('A freeze on charge-payment is already active.End it first.');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByRole('button', { name: 'Freeze' })).toBeEnabled();
  });

  it('shows a problem with the form as a whole in the form-level area, focused', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    function Extra() {
      // `team` is not in the decision contract: a stale form, which only a reload fixes.
      const state = useSchemaForm({
        contract: z.strictObject({ reason: z.string().check(z.minLength(1)) }),
        fields: [{ name: 'reason', label: 'Reason' }],
        fixed: { team: 'billing-ops' },
      });
      return <SchemaForm state={state} onSubmit={onSubmit} pending={false} submitLabel="Send" initialFocus="none" />;
    }
    render(<Extra />);
    await user.type(screen.getByLabelText('Reason'), 'Because');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This form sends team, which the workbench no longer accepts; reload the page.');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
