import { useId, useState, type FormEvent } from 'react';
import type { Freeze } from '../../../../contracts/freezes.js';
import { toFailure } from '../../../lib/api-client.js';
import { MAX_FREEZE_MINUTES, MIN_FREEZE_MINUTES, parseFreezeForm, type FreezeFormErrors, type FreezeFormValues } from '../api/freeze-form.js';
import { useCreateFreeze } from '../api/manage-freezes.js';

const fieldOrder: Array<keyof FreezeFormValues> = ['processDefinitionKey', 'activityId', 'reason', 'durationMinutes'];

/** Tech ops stop retries at one activity during a failure storm. Pre-filled from the address (shareable). */
export function CreateFreezeForm({ initial, onCreated }: { initial: Partial<FreezeFormValues>; onCreated: (freeze: Freeze) => void }) {
  const create = useCreateFreeze();
  const formId = useId();
  const empty: FreezeFormValues = { processDefinitionKey: '', activityId: '', reason: '', durationMinutes: '60' };
  const [values, setValues] = useState<FreezeFormValues>({ ...empty, ...initial });
  const [errors, setErrors] = useState<FreezeFormErrors>({});
  const id = (name: keyof FreezeFormValues) => `${formId}-${name}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const parsed = parseFreezeForm(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = fieldOrder.find((name) => parsed.errors[name]);
      if (first) document.getElementById(id(first))?.focus();
      return;
    }
    setErrors({});
    create.mutate(parsed.request, {
      onSuccess: (freeze) => {
        setValues(empty);
        onCreated(freeze);
      },
    });
  }

  function field(name: keyof FreezeFormValues, label: string, input: 'text' | 'textarea' | 'number', hint?: string) {
    const error = errors[name];
    const common = {
      id: id(name),
      name,
      className: 'field__input',
      value: values[name],
      disabled: create.isPending,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${id(name)}-error` : undefined,
      onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
    };
    return (
      <div className={`field freeze-form__${name}`}>
        <label htmlFor={id(name)} className="field__label">
          {label}
          {hint ? <span className="field__hint"> ({hint})</span> : null}
        </label>
        {input === 'textarea' ? (
          <textarea {...common} rows={2} />
        ) : input === 'number' ? (
          <input {...common} type="number" inputMode="numeric" min={MIN_FREEZE_MINUTES} max={MAX_FREEZE_MINUTES} step={1} />
        ) : (
          <input {...common} autoComplete="off" spellCheck={false} />
        )}
        {error ? (
          <p id={`${id(name)}-error`} className="field__error">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <section className="panel" aria-labelledby={`${formId}-title`}>
      <header className="panel__header">
        <h2 id={`${formId}-title`} className="panel__title">
          Freeze an activity
        </h2>
      </header>
      <form className="panel__body freeze-form" onSubmit={onSubmit} noValidate>
        <p className="muted freeze-form__intro">
          Stops automatic and operator retries at one activity; a retry there then needs a supervisor's approval. Jobs are suspended by job
          definition; instances waiting at an external task are suspended one by one and re-activated when the freeze ends.
        </p>
        {field('processDefinitionKey', 'Process definition key', 'text')}
        {field('activityId', 'Activity id', 'text')}
        {field('reason', 'Reason', 'textarea', 'kept in the audit trail')}
        {field('durationMinutes', 'Duration (minutes)', 'number', `${MIN_FREEZE_MINUTES} to ${MAX_FREEZE_MINUTES}`)}
        {create.isError ? (
          <p className="notice notice--error" role="alert" data-testid="freeze-error">
            {toFailure(create.error).message}
          </p>
        ) : null}
        <div className="freeze-form__actions">
          <button type="submit" className="ui-button ui-button--primary" disabled={create.isPending}>
            {create.isPending ? 'Freezing…' : 'Freeze'}
          </button>
        </div>
      </form>
    </section>
  );
}
