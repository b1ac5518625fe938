import { migrationDecisionRequestSchema, type MigrationPlan } from '../../../../contracts/migrations.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';
import { actionCopy } from '../api/migration-words.js';
import type { MigrationAction } from '../api/manage-migrations.js';

const reasonField: FormField[] = [{ name: 'reason', label: 'Reason', kind: 'longtext', hint: 'kept in the audit trail', missing: 'Give a reason for the decision.' }];

/** Approve, reject, start or abort a plan: always with a reason, which goes into the plan's events and the audit chain. */
export function MigrationDecisionDialog({
  plan,
  action,
  submitting,
  error,
  onCancel,
  onConfirm,
}: {
  plan: MigrationPlan;
  action: MigrationAction;
  submitting: boolean;
  error: RequestFailure | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const state = useSchemaForm({ contract: migrationDecisionRequestSchema, fields: reasonField });
  const copy = actionCopy[action];
  return (
    <Dialog open title={copy.title} onClose={submitting ? () => undefined : onCancel}>
      <SchemaForm
        state={state}
        className="confirm"
        pending={submitting}
        onSubmit={(request) => onConfirm(request.reason)}
        onCancel={onCancel}
        submitLabel={copy.confirm}
        submitTone={copy.tone}
        problem={error ? { message: error.message, note: error.code === 'FOUR_EYES' ? 'The person who planned it cannot approve it.' : undefined } : null}
        problemTestId="migration-decision-error"
      >
        <dl className="fact-list">
          <dt>Moves</dt>
          <dd>
            {plural(plan.totals.planned, 'order')} from version {plan.sourceVersion} to version {plan.targetVersion}
            {plan.processName ? ` of ${plan.processName}` : ''}
          </dd>
          <dt>Planned by</dt>
          <dd>{plan.createdBy}</dd>
          <dt>Their reason</dt>
          <dd className="fact-list__text">{plan.reason}</dd>
        </dl>
        <p className={`confirm__effect${copy.tone === 'danger' || action === 'START' ? ' migration-effect--unsafe' : ''}`}>{copy.effect}</p>
      </SchemaForm>
    </Dialog>
  );
}
