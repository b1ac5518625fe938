import { endFreezeRequestSchema, type Freeze } from '../../../../contracts/freezes.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';

const reasonField: FormField[] = [{ name: 'reason', label: 'Reason', kind: 'longtext', hint: 'kept in the audit trail', missing: 'Give a reason for ending the freeze.' }];

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
  const state = useSchemaForm({ contract: endFreezeRequestSchema, fields: reasonField });
  return (
    <Dialog open title={`End the freeze on ${freeze.activityId}?`} onClose={submitting ? () => undefined : onCancel}>
      <SchemaForm
        state={state}
        className="confirm"
        pending={submitting}
        onSubmit={(request) => onConfirm(request.reason)}
        onCancel={onCancel}
        submitLabel="End freeze"
        problem={error ? { message: error.message } : null}
        problemTestId="end-freeze-error"
      >
        <p className="confirm__effect">
          Retries at <span className="mono">{freeze.activityId}</span> in <span className="mono">{freeze.processDefinitionKey}</span> are allowed
          again; the suspended {plural(freeze.suspendedInstances, 'instance')} and {plural(freeze.suspendedJobDefinitions, 'job definition')} are
          re-activated.
        </p>
      </SchemaForm>
    </Dialog>
  );
}
