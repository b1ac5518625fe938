import { useId, useState, type FormEvent } from 'react';
import type { Freeze } from '../../../../contracts/freezes.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';

export function EndFreezeDialog({
  freeze,
  submitting,
  error,
  onCancel,
  onConfirm,
}: {
  freeze: Freeze;
  submitting: boolean;
  error: RequestFailure | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const reasonId = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    onConfirm(reason);
  }

  return (
    <Dialog open title={`End the freeze on ${freeze.activityId}?`} onClose={submitting ? () => undefined : onCancel}>
      <form className="confirm" onSubmit={onSubmit} noValidate>
        <p className="confirm__effect">
          Retries at <span className="mono">{freeze.activityId}</span> in <span className="mono">{freeze.processDefinitionKey}</span> are allowed
          again; the suspended {plural(freeze.suspendedInstances, 'instance')} and {plural(freeze.suspendedJobDefinitions, 'job definition')} are
          re-activated.
        </p>
        <div className="field">
          <label htmlFor={reasonId} className="field__label">
            Reason <span className="field__hint">(required, kept in the audit trail)</span>
          </label>
          <textarea
            id={reasonId}
            className="field__input"
            rows={3}
            value={reason}
            disabled={submitting}
            data-autofocus=""
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${reasonId}-error` : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {missing ? (
            <p id={`${reasonId}-error`} className="field__error">
              Give a reason for ending the freeze.
            </p>
          ) : null}
        </div>
        {error ? (
          <p className="notice notice--error" role="alert" data-testid="end-freeze-error">
            {error.message}
          </p>
        ) : null}
        <div className="confirm__footer">
          <button type="button" className="ui-button" onClick={onCancel} disabled={submitting}>
            Cancel
          </button>
          <button type="submit" className="ui-button ui-button--primary" disabled={submitting}>
            {submitting ? 'Working…' : 'End freeze'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
