import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { outcomeNotice, type OutcomeNotice } from '../../../lib/command-outcome.js';
import { createIntentKeys } from '../../../lib/idempotency.js';
import type { OfferedAction } from '../api/action-form.js';
import { useCaseAction } from '../api/run-action.js';
import { caseTemplateValues, fillPlaceholders } from '../../../lib/placeholders.js';
import { ActionDialog } from './ActionDialog.js';

type Notice = OutcomeNotice;

/** The actions the BFF offers this user for this case, and the ones it withholds with the reason. */
export function ActionsPanel({ detail }: { detail: CaseDetail }) {
  // The catalog writes effects as templates (`order:{orderId}`): filled from this case before anyone reads them.
  const values = caseTemplateValues({ businessKey: detail.case.businessKey, entity: detail.case.entity, variables: detail.variables });
  const offered = detail.actions.offered.map((action) => ({ ...action, effect: fillPlaceholders(action.effect, values) }));
  const { withheld } = detail.actions;
  const caseId = detail.case.id;
  const run = useCaseAction(caseId);
  const intents = useRef(createIntentKeys());
  const [open, setOpen] = useState<OfferedAction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  function submit(action: OfferedAction, body: Record<string, string>) {
    const version = detail.case.version;
    const fingerprint = JSON.stringify([action.action, caseId, version, body]);
    const idempotencyKey = intents.current.keyFor(fingerprint);
    setNotice(null);
    run.mutate(
      { caseId, action: action.action, version, body, idempotencyKey },
      {
        onSuccess: (result) => {
          intents.current.finish(fingerprint, 'settled');
          setOpen(null);
          setNotice(outcomeNotice(result));
        },
        onError: (error) => {
          // No answer or a 5xx: the BFF may have recorded the intent, so a re-submit must reuse the key.
          const unknown = error.code === 'NETWORK' || error.status >= 500;
          intents.current.finish(fingerprint, unknown ? 'unknown' : 'settled');
          if (error.status === 412) {
            setOpen(null);
            setNotice({ tone: 'warning', text: 'The case changed meanwhile; reloaded. Check the new state before acting again.' });
          } else if (error.status === 409) {
            setOpen(null);
            setNotice({ tone: 'warning', text: `Not done: ${error.message}` });
          }
        },
      },
    );
  }

  const dialogError = run.isError && run.error.status !== 412 && run.error.status !== 409 ? run.error : null;

  return (
    <section id="case-actions" className="panel actions" aria-labelledby="actions-heading" tabIndex={-1}>
      <header className="panel__header">
        <h2 id="actions-heading" className="panel__title">
          Actions
        </h2>
      </header>
      <div className="panel__body actions__body">
        {notice ? (
          <div className={`notice notice--${notice.tone}`} role={notice.tone === 'warning' ? 'alert' : 'status'} data-testid="action-notice">
            <p>{notice.text}</p>
            {notice.detail ? <p className="notice__meta">{notice.detail}</p> : null}
            {notice.needsApproval ? (
              <p className="notice__meta">
                <Link to="/approvals">Open the approvals inbox</Link>
              </p>
            ) : null}
          </div>
        ) : null}
        {offered.length === 0 && withheld.length === 0 ? <p className="muted">No actions apply to this case.</p> : null}
        {offered.length > 0 ? (
          <ul className="actions__list">
            {offered.map((action) => (
              <li key={action.action} className="actions__item">
                <button
                  type="button"
                  className={`ui-button${action.safe ? '' : ' ui-button--primary'}`}
                  data-testid={`action-${action.action}`}
                  onClick={() => {
                    run.reset();
                    setOpen(action);
                  }}
                >
                  {action.label}
                </button>
                <p className="actions__effect">{action.effect}</p>
              </li>
            ))}
          </ul>
        ) : null}
        {withheld.length > 0 ? (
          <ul className="actions__list actions__list--withheld" aria-label="Unavailable actions">
            {withheld.map((action) => (
              <li key={action.action} className="actions__item actions__item--withheld" data-testid="withheld-action">
                <span className="actions__withheld-label" aria-disabled="true">
                  {action.label}
                </span>
                <p className="actions__reason">{action.reason}</p>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {open ? (
        <ActionDialog
          key={open.action}
          caseId={caseId}
          activity={detail.case.activityName ?? detail.case.activityId}
          action={open}
          submitting={run.isPending}
          error={dialogError}
          onCancel={() => setOpen(null)}
          onConfirm={(body) => submit(open, body)}
        />
      ) : null}
    </section>
  );
}
