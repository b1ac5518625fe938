import { useId, useState, type FormEvent } from 'react';
import type { Approval } from '../../../../contracts/approvals.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import { sideEffectLabel } from '../../../components/ui/labels.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { findingLabels } from '../../../lib/command-outcome.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import type { Decision } from '../api/decide-approval.js';

const MAX_REASON = 2000;

const copy: Record<Decision, { title: string; confirm: string; explain: string }> = {
  approve: {
    title: 'Approve the retry',
    confirm: 'Confirm approval',
    explain: 'The retry runs right away, once, bound to the case version the requester saw.',
  },
  reject: {
    title: 'Reject the retry',
    confirm: 'Confirm rejection',
    explain: 'The retry does not run; the case stays frozen until someone finds another way.',
  },
};

/** A supervisor's decision on one approval: always with a reason, which goes into the audit trail. */
export function DecisionDialog({
  approval,
  decision,
  submitting,
  error,
  onCancel,
  onConfirm,
}: {
  approval: Approval;
  decision: Decision;
  submitting: boolean;
  error: RequestFailure | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const reasonId = useId();
  const text = copy[decision];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById(reasonId)?.focus();
      return;
    }
    setMissing(false);
    onConfirm(reason);
  }

  const tooLong = reason.length > MAX_REASON;

  return (
    <Dialog open title={`${text.title} for ${approval.caseId}?`} onClose={submitting ? () => undefined : onCancel}>
      <form className="confirm" onSubmit={onSubmit} noValidate>
        <dl className="decision-facts">
          <dt>Requested by</dt>
          <dd>{approval.requestedBy}</dd>
          <dt>Side effect</dt>
          <dd>{sideEffectLabel(approval.sideEffect)}</dd>
          <dt>Their reason</dt>
          <dd className="decision-facts__text">{approval.reason}</dd>
          <dt>Their evidence</dt>
          <dd className="decision-facts__text">{approval.evidence}</dd>
          <dt>Status check</dt>
          <dd data-testid="decision-status-check">
            <StatusCheckFact check={approval.statusCheck} />
          </dd>
        </dl>
        <p className={`confirm__effect${decision === 'approve' ? ' confirm__effect--unsafe' : ''}`}>{text.explain}</p>
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
            aria-invalid={missing || tooLong || undefined}
            aria-describedby={missing || tooLong ? `${reasonId}-error` : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {missing || tooLong ? (
            <p id={`${reasonId}-error`} className="field__error">
              {missing ? 'Give a reason for the decision.' : `At most ${MAX_REASON} characters.`}
            </p>
          ) : null}
        </div>
        {error ? (
          <div className="notice notice--error" role="alert" data-testid="decision-error">
            <p>{error.message}</p>
            {error.code === 'NETWORK' || error.status >= 500 ? (
              <p className="notice__meta">Confirming again is safe: the same decision is sent with the same key and counts once.</p>
            ) : null}
          </div>
        ) : null}
        <div className="confirm__footer">
          <button type="button" className="ui-button" onClick={onCancel} disabled={submitting}>
            Cancel
          </button>
          <button type="submit" className={`ui-button ui-button--primary${decision === 'reject' ? ' ui-button--danger' : ''}`} disabled={submitting || tooLong}>
            {submitting ? 'Working…' : text.confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * What the owning service itself showed before the request, recorded by the workbench (not typed by the
 * requester): the fact an approver should weigh most. Service text is shown as text only.
 */
function StatusCheckFact({ check }: { check: Approval['statusCheck'] }) {
  if (!check) return <span className="muted">None was run before the request: the requester's evidence is all there is.</span>;
  return (
    <>
      <span className="decision-facts__service">{check.service}</span>{' '}
      <span className={`ui-chip finding finding--${check.finding.toLowerCase().replace('_', '-')}`}>{findingLabels[check.finding]}</span>
      {check.reference ? <span className="mono"> {check.reference}</span> : null}
      <span className="decision-facts__text"> – {check.summary}</span>
      <span className="muted">
        {' '}(checked by {check.recordedBy}, <AbsoluteTime iso={check.recordedAt} />)
      </span>
    </>
  );
}
