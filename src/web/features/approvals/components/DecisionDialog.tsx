import { approvalDecisionRequestSchema, type Approval } from '../../../../contracts/approvals.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import { sideEffectLabel } from '../../../components/ui/labels.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { findingLabels } from '../../../lib/command-outcome.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import type { Decision } from '../api/decide-approval.js';

const reasonField: FormField[] = [{ name: 'reason', label: 'Reason', kind: 'longtext', hint: 'kept in the audit trail', missing: 'Give a reason for the decision.' }];

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
  const state = useSchemaForm({ contract: approvalDecisionRequestSchema, fields: reasonField });
  const text = copy[decision];

  return (
    <Dialog open title={`${text.title} for ${approval.caseId}?`} onClose={submitting ? () => undefined : onCancel}>
      <SchemaForm
        state={state}
        className="confirm"
        pending={submitting}
        onSubmit={(request) => onConfirm(request.reason)}
        onCancel={onCancel}
        submitLabel={text.confirm}
        submitTone={decision === 'reject' ? 'danger' : 'primary'}
        problem={
          error
            ? {
                message: error.message,
                note:
                  error.code === 'NETWORK' || error.status >= 500
                    ? 'Confirming again is safe: the same decision is sent with the same key and counts once.'
                    : undefined,
              }
            : null
        }
        problemTestId="decision-error"
      >
        <dl className="fact-list">
          <dt>Requested by</dt>
          <dd>{approval.requestedBy}</dd>
          <dt>Side effect</dt>
          <dd>{sideEffectLabel(approval.sideEffect)}</dd>
          <dt>Their reason</dt>
          <dd className="fact-list__text">{approval.reason}</dd>
          <dt>Their evidence</dt>
          <dd className="fact-list__text">{approval.evidence}</dd>
          <dt>Status check</dt>
          <dd data-testid="decision-status-check">
            <StatusCheckFact check={approval.statusCheck} />
          </dd>
        </dl>
        <p className={`confirm__effect${decision === 'approve' ? ' confirm__effect--unsafe' : ''}`}>{text.explain}</p>
      </SchemaForm>
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
      <span className="fact-list__text"> – {check.summary}</span>
      <span className="muted">
        {' '}(checked by {check.recordedBy}, <AbsoluteTime iso={check.recordedAt} />)
      </span>
    </>
  );
}
