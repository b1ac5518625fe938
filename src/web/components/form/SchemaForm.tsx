import { useEffect, useId, useRef, type ReactNode } from 'react';
import { isRequired, type FormField } from './contract-check.js';
import { FORM_LEVEL, type SchemaFormState } from './use-schema-form.js';
import './form.css';

/** The server's refusal (`{code, message}` answers), said in words, with an optional second line. */
export interface FormProblem {
  message: string;
  note?: string;
}

export interface SchemaFormProps<T> {
  state: SchemaFormState<T>;
  /** Called with the request body once it satisfies the contract; never while `pending`. */
  onSubmit: (request: T) => void;
  pending: boolean;
  problem?: FormProblem | null;
  problemTestId?: string;
  submitLabel: string;
  pendingLabel?: string;
  submitTone?: 'primary' | 'danger' | 'plain';
  /** Disables submitting for a reason outside the form (e.g. nothing in scope). */
  submitDisabled?: boolean;
  onCancel?: () => void;
  /** The field that takes the focus when the server refuses (e.g. the password, emptied); else the refusal does. */
  focusOnProblem?: string;
  /** Which element gets the focus first (dialogs honour it when they open); `none` for a form within a page. */
  initialFocus?: 'field' | 'submit' | 'cancel' | 'none';
  className?: string;
  footerClassName?: string;
  submitClassName?: string;
  'aria-labelledby'?: string;
  'aria-describedby'?: string;
  /** What the form is about, shown above the fields (and disabled with them while pending). */
  children?: ReactNode;
  /** A choice that is not one of the contract's text fields (e.g. a "share" checkbox), shown after them. */
  afterFields?: ReactNode;
}

/**
 * The one form of the SPA. Labelled fields with required markers taken from the contract, a message in words
 * under each invalid field (wired with aria-invalid and aria-describedby), the first invalid field focused on a
 * refused submit, one area for the server's answer, and every control disabled while the request runs.
 */
export function SchemaForm<T>({
  state,
  onSubmit,
  pending,
  problem,
  problemTestId = 'form-error',
  submitLabel,
  pendingLabel = 'Working…',
  submitTone = 'primary',
  submitDisabled = false,
  onCancel,
  initialFocus = 'field',
  focusOnProblem,
  className,
  footerClassName = 'confirm__footer',
  submitClassName,
  children,
  afterFields,
  ...aria
}: SchemaFormProps<T>) {
  const { form, fields, contract } = state;
  const { errors } = form.formState;
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const formLevel = errors[FORM_LEVEL]?.message;
  const required = fields.map((field) => isRequired(contract, field.name));
  const focusTarget = fields.length === 0 && initialFocus === 'field' ? 'submit' : initialFocus;

  // Dialogs focus `data-autofocus` once open (and remember their opener first); a form on a page focuses its
  // first element here, after mount, for the same reason not with React's autoFocus.
  useEffect(() => {
    if (!formRef.current?.closest('dialog')) formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);

  // When a submit ends in a refusal, the named field or else the refusal takes the focus (unless it is in a
  // field already): the controls were disabled while pending, so the submit button has lost it. Once per submit.
  const { submitCount } = form.formState;
  const refusedSubmit = useRef(0);
  useEffect(() => {
    if (!problem || pending || refusedSubmit.current === submitCount) return;
    refusedSubmit.current = submitCount;
    if (focusOnProblem) {
      form.setFocus(focusOnProblem);
      return;
    }
    const active = document.activeElement;
    const inField = formRef.current?.contains(active) && (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement);
    if (!inField) alertRef.current?.focus();
  }, [pending, problem, submitCount, focusOnProblem, form]);

  // A problem with the form as a whole has no field to focus: its message takes the focus instead.
  useEffect(() => {
    if (formLevel) alertRef.current?.focus();
  }, [formLevel, submitCount]);

  const submit = form.handleSubmit((request) => {
    if (!pending) onSubmit(request);
  });

  return (
    <form ref={formRef} className={['schema-form', className].filter(Boolean).join(' ')} onSubmit={(event) => void submit(event)} noValidate {...aria}>
      <fieldset className="schema-form__body" disabled={pending}>
        {children}
        {required.some(Boolean) && required.some((r) => !r) ? (
          <p className="schema-form__legend">
            Fields marked <span aria-hidden="true">*</span>
            <span className="ui-visually-hidden"> with an asterisk</span> are required.
          </p>
        ) : null}
        {fields.map((field, index) => (
          <SchemaField
            key={field.name}
            id={`${formId}-${field.name}`}
            field={field}
            required={required[index]!}
            error={errors[field.name]?.message}
            autoFocus={index === 0 && focusTarget === 'field'}
            state={state}
          />
        ))}
        {afterFields}
        {formLevel || problem ? (
          <div ref={alertRef} tabIndex={-1} className="notice notice--error schema-form__problem" role="alert" data-testid={problemTestId}>
            <p>{formLevel ?? problem!.message}</p>
            {!formLevel && problem?.note ? <p className="notice__meta">{problem.note}</p> : null}
          </div>
        ) : null}
        <div className={footerClassName}>
          {onCancel ? (
            <button type="button" className="ui-button" onClick={onCancel} data-autofocus={focusTarget === 'cancel' ? '' : undefined}>
              Cancel
            </button>
          ) : null}
          <button
            type="submit"
            className={['ui-button', submitTone === 'plain' ? '' : 'ui-button--primary', submitTone === 'danger' ? 'ui-button--danger' : '', submitClassName]
              .filter(Boolean)
              .join(' ')}
            disabled={pending || submitDisabled}
            aria-busy={pending || undefined}
            data-autofocus={focusTarget === 'submit' ? '' : undefined}
          >
            {pending ? pendingLabel : submitLabel}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function SchemaField<T>({
  id,
  field,
  required,
  error,
  autoFocus,
  state,
}: {
  id: string;
  field: FormField;
  required: boolean;
  error: string | undefined;
  autoFocus: boolean;
  state: SchemaFormState<T>;
}) {
  const { form } = state;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [field.hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    ...form.register(field.name),
    className: 'field__input',
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    'aria-describedby': describedBy,
    'data-autofocus': autoFocus ? '' : undefined,
  };
  const kind = field.kind ?? 'text';
  const input =
    kind === 'longtext' ? (
      <textarea {...common} rows={3} />
    ) : kind === 'list' || kind === 'pairs' ? (
      // One entry per line: a list is read line by line (see contract-check.ts).
      <textarea {...common} rows={2} autoCapitalize="none" spellCheck={false} className="field__input field__input--list" />
    ) : kind === 'number' ? (
      <input {...common} type="text" inputMode="numeric" autoComplete="off" />
    ) : kind === 'password' ? (
      <input {...common} type="password" autoComplete={field.autoComplete ?? 'current-password'} />
    ) : (
      <input {...common} type="text" autoComplete={field.autoComplete ?? 'off'} autoCapitalize="none" spellCheck={false} />
    );
  return (
    <div className={`field schema-form__field schema-form__field--${field.name}`}>
      {/* Only the label names the input; the marker and the hint sit beside it (the hint describes it). */}
      <div className="field__head">
        <label htmlFor={id} className="field__label">
          {field.label}
        </label>
        {required ? (
          <span className="field__required" aria-hidden="true">
            *
          </span>
        ) : null}
        {field.hint ? (
          <span id={hintId} className="field__hint">
            ({field.hint})
          </span>
        ) : null}
      </div>
      {field.fill ? (
        <span className="field__row">
          {input}
          <button
            type="button"
            className="ui-button ui-button--small"
            aria-label={field.fill.description}
            onClick={() => form.setValue(field.name, field.fill!.value, { shouldValidate: form.formState.isSubmitted })}
          >
            {field.fill.label}
          </button>
        </span>
      ) : (
        input
      )}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
