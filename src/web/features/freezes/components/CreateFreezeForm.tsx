import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createFreezeRequestSchema, type Freeze } from '../../../../contracts/freezes.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { toFailure } from '../../../lib/api-client.js';
import { useCreateFreeze } from '../api/manage-freezes.js';
import { enginesQueryOptions } from '../../engines/api/get-engines.js';

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
  initial: { processDefinitionKey?: string; activityId?: string; engineId?: string };
  onCreated: (freeze: Freeze) => void;
}) {
  const create = useCreateFreeze();
  const titleId = useId();
  const engineFieldId = useId();
  // Several engines: the freeze names the engine whose activity it stops (the primary, first, unless chosen).
  const engines = useQuery(enginesQueryOptions()).data?.engines ?? [];
  const [chosenEngine, setEngineId] = useState(initial.engineId ?? '');
  const engineId = engines.length > 1 ? (engines.some((e) => e.id === chosenEngine) ? chosenEngine : engines[0]!.id) : null;
  const empty = { processDefinitionKey: '', activityId: '', reason: '', durationMinutes: '60' };
  const { engineId: _initialEngine, ...initialFields } = initial;
  const state = useSchemaForm({
    contract: createFreezeRequestSchema,
    fields,
    defaultValues: { ...empty, ...initialFields },
    fixed: engineId ? { engineId } : undefined,
  });

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
        {engineId ? (
          <div className="field schema-form__field schema-form__field--engineId">
            <div className="field__head">
              <label htmlFor={engineFieldId} className="field__label">
                Engine
              </label>
              <span className="field__hint">(its jobs and instances are suspended)</span>
            </div>
            <select id={engineFieldId} className="field__input" value={engineId} onChange={(event) => setEngineId(event.target.value)} data-testid="freeze-engine">
              {engines.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <p className="muted freeze-form__intro">
          Stops automatic and operator retries at one activity; a retry there then needs a supervisor's approval. Jobs are suspended by job
          definition; instances waiting at an external task are suspended one by one and re-activated when the freeze ends.
        </p>
      </SchemaForm>
    </section>
  );
}
