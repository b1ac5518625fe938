// A small form for a view's name (and, when saving, whether to share it). Kept local on purpose: it moves to
// the shared form component when that lands.
import { useId, useState, type FormEvent } from 'react';
import { SAVED_VIEW_NAME_MAX } from '../../../../contracts/saved-views.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';

export function ViewNameDialog({
  title,
  submitLabel,
  initialName,
  askShare,
  submitting,
  error,
  onCancel,
  onSubmit,
}: {
  title: string;
  submitLabel: string;
  initialName: string;
  /** Saving a new view offers "share by link"; renaming does not. */
  askShare: boolean;
  submitting: boolean;
  error: RequestFailure | null;
  onCancel: () => void;
  onSubmit: (value: { name: string; shared: boolean }) => void;
}) {
  const [name, setName] = useState(initialName);
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const nameId = useId();
  const shareId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const trimmed = name.trim();
    if (!trimmed) return setProblem('Give the view a name.');
    if (trimmed.length > SAVED_VIEW_NAME_MAX) return setProblem(`A name has at most ${SAVED_VIEW_NAME_MAX} characters.`);
    setProblem(null);
    onSubmit({ name: trimmed, shared });
  }

  return (
    <Dialog open title={title} onClose={submitting ? () => undefined : onCancel}>
      <form className="confirm" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={nameId} className="field__label">
            Name
          </label>
          <input
            id={nameId}
            className="field__input"
            value={name}
            maxLength={SAVED_VIEW_NAME_MAX + 20}
            disabled={submitting}
            data-autofocus=""
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${nameId}-error` : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {problem ? (
            <p id={`${nameId}-error`} className="field__error">
              {problem}
            </p>
          ) : null}
        </div>
        {askShare ? (
          <label htmlFor={shareId} className="saved-view-form__share">
            <input id={shareId} type="checkbox" checked={shared} disabled={submitting} onChange={(event) => setShared(event.target.checked)} />
            Share by link: anyone who can see the queue can open it
          </label>
        ) : null}
        {error ? (
          <p className="notice notice--error" role="alert">
            {error.message}
          </p>
        ) : null}
        <div className="confirm__footer">
          <button type="button" className="ui-button" onClick={onCancel} disabled={submitting}>
            Cancel
          </button>
          <button type="submit" className="ui-button ui-button--primary" disabled={submitting}>
            {submitting ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
