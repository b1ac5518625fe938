import type { CaseDetail } from '../../../../contracts/cases.js';
import { codeInWords } from '../../../components/ui/labels.js';

/** What to say when the read model has no stage yet: never "no workflow" beside a workflow that runs. */
const noStageWords = {
  running: 'running, step not known yet',
  started: 'just started, step not known yet',
  none: 'no running order workflow',
} as const;

/** The order service's state beside the workflow's stage; a contradiction between them is spelled out, not just coloured. */
export function OrderStanding({ order, workflow }: { order: NonNullable<CaseDetail['order']>; workflow: 'running' | 'started' | 'none' }) {
  return (
    <div className="order-standing" data-testid="order-standing">
      <p className="order-standing__facts">
        <span>
          Order service:{' '}
          {order.domainStatus ? (
            <strong title={`Status code ${order.domainStatus}`}>{codeInWords(order.domainStatus)}</strong>
          ) : (
            <span className="muted">unknown</span>
          )}
        </span>
        <span className="case-header__sep" aria-hidden="true">
          ·
        </span>
        <span>
          Workflow stage:{' '}
          {order.stage ?? <span className="muted">{noStageWords[workflow]}</span>}
        </span>
      </p>
      {order.domainError ? <p className="muted order-standing__error">The order service could not be asked: {order.domainError}</p> : null}
      {order.disagreement ? (
        <p className="notice notice--warning" role="status" data-testid="order-disagreement">
          <strong>The order service and the workflow disagree.</strong> {order.disagreement}
        </p>
      ) : null}
    </div>
  );
}
