// The dialog that names a view (and, when saving, asks whether to share it), on the one form component: the
// name is checked against the same contract the BFF reads.
import { useId, useState } from 'react';
import { savedViewNameSchema } from '../../../../contracts/saved-views.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';

const nameField: FormField[] = [{ name: 'name', label: 'Name', missing: 'Give the view a name.', invalid: 'A name has at most 60 characters.' }];

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
  const state = useSchemaForm({ contract: savedViewNameSchema, fields: nameField, defaultValues: { name: initialName } });
  // Not a text field of the contract: a choice the save request carries beside the name.
  const [shared, setShared] = useState(false);
  const shareId = useId();
  return (
    <Dialog open title={title} onClose={submitting ? () => undefined : onCancel}>
      <SchemaForm
        state={state}
        className="confirm"
        pending={submitting}
        pendingLabel="Saving…"
        onSubmit={(request) => onSubmit({ name: request.name, shared })}
        onCancel={onCancel}
        submitLabel={submitLabel}
        problem={error ? { message: error.message } : null}
        problemTestId="view-name-error"
        afterFields={
          askShare ? (
            <label htmlFor={shareId} className="saved-view-form__share">
              <input id={shareId} type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
              Share by link: anyone who can see the queue can open it
            </label>
          ) : null
        }
      />
    </Dialog>
  );
}
