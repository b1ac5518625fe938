import { useId } from 'react';
import type * as z from 'zod/mini';
import { actionRequestSchemas } from '../../../../contracts/actions.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import type { RequestFailure } from '../../../lib/api-client.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { fieldsFor, initialValues, type OfferedAction } from '../api/action-form.js';

/**
 * The confirmation for one offered action, built from its contract: what it will do (`effect`), the inputs
 * it asks for (pre-filled with the BFF's suggestions; checked against the request contract before anything
 * is sent), and the BFF's answer when it refused.
 */
export function ActionDialog({
  caseId,
  activity,
  action,
  submitting,
  error,
  onCancel,
  onConfirm,
}: {
  caseId: string;
  activity: string | null;
  action: OfferedAction;
  submitting: boolean;
  error: RequestFailure | null;
  onCancel: () => void;
  onConfirm: (body: Record<string, string>) => void;
}) {
  const user = useSessionUser();
  const state = useSchemaForm({
    // Each action has its own body; the dialog sends whichever the contract accepted, as string properties.
    contract: actionRequestSchemas[action.action] as z.ZodMiniType<Record<string, string>>,
    fields: fieldsFor(action, user?.id ?? null),
    defaultValues: initialValues(action),
  });
  const effectId = useId();
  const title = action.label;
  const unknownOutcome = error !== null && (error.code === 'NETWORK' || error.status >= 500);

  return (
    <Dialog open title={`${title}?`} onClose={submitting ? () => undefined : onCancel}>
      <SchemaForm
        state={state}
        className="confirm"
        aria-describedby={effectId}
        pending={submitting}
        onSubmit={onConfirm}
        onCancel={onCancel}
        // With nothing to type, a safe action's confirm button takes the focus, an unsafe one's Cancel.
        initialFocus={action.safe ? 'field' : state.fields.length > 0 ? 'field' : 'cancel'}
        submitLabel={error ? `${title} again` : title}
        problem={
          error
            ? {
                message: error.message,
                note: unknownOutcome ? 'Submitting again is safe: the same request is sent with the same key and runs at most once.' : undefined,
              }
            : null
        }
        problemTestId="action-error"
      >
        <p className="confirm__target">
          Case <span className="mono">{caseId}</span>
          {activity ? (
            <>
              {' '}
              at <strong>{activity}</strong>
            </>
          ) : null}
        </p>
        <div id={effectId} className={`confirm__effect${action.safe ? '' : ' confirm__effect--unsafe'}`}>
          <p>{action.effect}</p>
          <p className="confirm__kind">
            {action.safe
              ? 'Changes nothing outside the workbench.'
              : 'Acts on the engine or a domain system. It runs at most once, even if you submit again.'}
          </p>
        </div>
      </SchemaForm>
    </Dialog>
  );
}
