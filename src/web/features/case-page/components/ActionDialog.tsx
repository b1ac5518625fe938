import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { buildActionBody, fieldsFor, initialValues, type ActionField, type FieldErrors, type FieldValues, type OfferedAction } from '../api/action-form.js';

/**
 * The confirmation for one offered action, built from its contract: what it will do (`effect`), the inputs
 * it asks for (pre-filled with the BFF's suggestions; required ones checked before anything is sent), and
 * the BFF's answer when it refused.
 */
export function ActionDialog({
  caseId,
  activity,
  action,
  submitting,
  error,
  onCancel,
  onConfirm,
}: {
  caseId: string;
  activity: string | null;
  action: OfferedAction;
  submitting: boolean;
  error: RequestFailure | null;
  onCancel: () => void;
  onConfirm: (body: Record<string, string>) => void;
}) {
  const [fields] = useState(() => fieldsFor(action));
  const [values, setValues] = useState<FieldValues>(() => initialValues(fields));
  const [errors, setErrors] = useState<FieldErrors>({});
  const effectId = useId();
  const formId = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const built = buildActionBody(action.action, fields, values);
    if (!built.ok) {
      setErrors(built.errors);
      const first = fields.find((f) => built.errors[f.name]);
      if (first) document.getElementById(`${formId}-${first.name}`)?.focus();
      return;
    }
    setErrors({});
    onConfirm(built.body);
  }

  const title = action.label;
  const unknownOutcome = error !== null && (error.code === 'NETWORK' || error.status >= 500);

  return (
    <Dialog open title={`${title}?`} onClose={submitting ? () => undefined : onCancel}>
      <form onSubmit={onSubmit} className="confirm" aria-describedby={effectId} noValidate>
        <p className="confirm__target">
          Case <span className="mono">{caseId}</span>
          {activity ? (
            <>
              {' '}
              at <strong>{activity}</strong>
            </>
          ) : null}
        </p>
        <div id={effectId} className={`confirm__effect${action.safe ? '' : ' confirm__effect--unsafe'}`}>
          <p>{action.effect}</p>
          <p className="confirm__kind">
            {action.safe
              ? 'Changes nothing outside the workbench.'
              : 'Acts on the engine or a domain system. It runs at most once, even if you submit again.'}
          </p>
        </div>
        {fields.map((field, index) => (
          <ActionFieldInput
            key={field.name}
            id={`${formId}-${field.name}`}
            field={field}
            value={values[field.name] ?? ''}
            error={errors[field.name]}
            disabled={submitting}
            autoFocus={index === 0}
            onChange={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
          />
        ))}
        {errors[''] ? (
          <p className="notice notice--error" role="alert">
            {errors['']}
          </p>
        ) : null}
        {error ? (
          <div className="notice notice--error" role="alert" data-testid="action-error">
            <p>{error.message}</p>
            {unknownOutcome ? (
              <p className="notice__meta">Submitting again is safe: the same request is sent with the same key and runs at most once.</p>
            ) : null}
          </div>
        ) : null}
        <div className="confirm__footer">
          <button type="button" className="ui-button" onClick={onCancel} disabled={submitting} data-autofocus={fields.length === 0 && !action.safe ? '' : undefined}>
            Cancel
          </button>
          <button
            type="submit"
            className="ui-button ui-button--primary"
            disabled={submitting}
            data-autofocus={fields.length === 0 && action.safe ? '' : undefined}
          >
            {submitting ? 'Working…' : error ? `${title} again` : title}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ActionFieldInput({
  id,
  field,
  value,
  error,
  disabled,
  autoFocus,
  onChange,
}: {
  id: string;
  field: ActionField;
  value: string;
  error: string | undefined;
  disabled: boolean;
  autoFocus: boolean;
  onChange: (value: string) => void;
}) {
  const user = useSessionUser();
  const errorId = `${id}-error`;
  const common = {
    id,
    name: field.name,
    className: 'field__input',
    value,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-required': field.required || undefined,
    'aria-describedby': error ? errorId : undefined,
    'data-autofocus': autoFocus ? '' : undefined,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {field.label}
        {field.required ? <span aria-hidden="true"> *</span> : null}
        {field.hint ? <span className="field__hint"> ({field.hint})</span> : null}
        {field.suggested !== undefined ? <span className="field__hint"> (suggested by the workbench)</span> : null}
      </label>
      {field.kind === 'longtext' ? (
        <textarea {...common} rows={3} />
      ) : field.kind === 'user' && user ? (
        <span className="field__row">
          <input {...common} autoComplete="off" spellCheck={false} />
          <button type="button" className="ui-button ui-button--small" disabled={disabled} onClick={() => onChange(user.id)} aria-label={`Fill in my user id (${user.id})`}>
            Me
          </button>
        </span>
      ) : (
        <input {...common} autoComplete="off" spellCheck={false} />
      )}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
