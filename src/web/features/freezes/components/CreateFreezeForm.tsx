import { useId } from 'react';
import { createFreezeRequestSchema, type Freeze } from '../../../../contracts/freezes.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { toFailure } from '../../../lib/api-client.js';
import { useCreateFreeze } from '../api/manage-freezes.js';

// The contract's limits (5 minutes to 7 days), said once in words.
const MIN_MINUTES = 5;
const MAX_MINUTES = 7 * 24 * 60;

const fields: FormField[] = [
  { name: 'processDefinitionKey', label: 'Process definition key' },
  { name: 'activityId', label: 'Activity id' },
  { name: 'reason', label: 'Reason', kind: 'longtext', hint: 'kept in the audit trail' },
  {
    name: 'durationMinutes',
    label: 'Duration (minutes)',
    kind: 'number',
    hint: `${MIN_MINUTES} to ${MAX_MINUTES}`,
    missing: 'Give the duration in minutes.',
    invalid: `Duration must be a whole number of minutes from ${MIN_MINUTES} to ${MAX_MINUTES} (7 days).`,
  },
];

/** Tech ops stop retries at one activity during a failure storm. Pre-filled from the address (shareable). */
export function CreateFreezeForm({
  initial,
  onCreated,
}: {
  initial: { processDefinitionKey?: string; activityId?: string };
  onCreated: (freeze: Freeze) => void;
}) {
  const create = useCreateFreeze();
  const titleId = useId();
  const empty = { processDefinitionKey: '', activityId: '', reason: '', durationMinutes: '60' };
  const state = useSchemaForm({ contract: createFreezeRequestSchema, fields, defaultValues: { ...empty, ...initial } });

  return (
    <section className="panel" aria-labelledby={titleId}>
      <header className="panel__header">
        <h2 id={titleId} className="panel__title">
          Freeze an activity
        </h2>
      </header>
      <SchemaForm
        state={state}
        className="panel__body freeze-form"
        footerClassName="freeze-form__actions"
        initialFocus="none"
        pending={create.isPending}
        onSubmit={(request) =>
          create.mutate(request, {
            onSuccess: (freeze) => {
              state.form.reset(empty);
              onCreated(freeze);
            },
          })
        }
        submitLabel="Freeze"
        pendingLabel="Freezing…"
        problem={create.isError ? { message: toFailure(create.error).message } : null}
        problemTestId="freeze-error"
      >
        <p className="muted freeze-form__intro">
          Stops automatic and operator retries at one activity; a retry there then needs a supervisor's approval. Jobs are suspended by job
          definition; instances waiting at an external task are suspended one by one and re-activated when the freeze ends.
        </p>
      </SchemaForm>
    </section>
  );
}
