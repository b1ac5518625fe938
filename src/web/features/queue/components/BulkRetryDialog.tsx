import { useEffect, useState } from 'react';
import { bulkRetryRequestSchema, type BulkRetryResponse } from '../../../../contracts/actions.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import { Spinner } from '../../../components/ui/States.js';
import { plural } from '../../../lib/format.js';
import { useBulkRetryDryRun, useBulkRetryRun } from '../api/bulk-retry.js';

const commentField: FormField[] = [{ name: 'comment', label: 'Comment for the audit trail', kind: 'longtext', hint: 'optional' }];

const outcomeLabels: Record<BulkRetryResponse['results'][number]['outcome'], string> = {
  DONE: 'Retried',
  ALREADY_DONE: 'Already retried',
  PENDING: 'Pending',
  FAILED: 'Failed',
  SKIPPED: 'Skipped',
};

/**
 * Bulk retry in two steps: the dry run opens the dialog and shows the exact scope (and what is left out and
 * why); only the confirm button runs it for real, over exactly the ids the dry run showed — if the scope grew
 * meanwhile, the BFF refuses rather than touch cases nobody looked at.
 */
export function BulkRetryDialog({
  processDefinitionKey,
  activityId,
  activityName,
  processName,
  selectedIds,
  onClose,
}: {
  processDefinitionKey: string;
  activityId: string;
  /** The step's and process's names as people know them (the queue's facet labels); the ids when unknown. */
  activityName: string | null;
  processName: string | null;
  /** Rows the user ticked; empty means "every eligible case at this step". */
  selectedIds: string[];
  onClose: () => void;
}) {
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const dryRun = useBulkRetryDryRun();
  const run = useBulkRetryRun(idempotencyKey);
  // With rows ticked, only the ticked cases of the dry run's scope run; the rest are shown as not selected.
  const selected = new Set(selectedIds);
  const fullScope = dryRun.data?.scope ?? [];
  const scope = selected.size > 0 ? fullScope.filter((entry) => selected.has(entry.caseId)) : fullScope;
  const notSelected = fullScope.filter((entry) => !scope.includes(entry));
  const state = useSchemaForm({
    contract: bulkRetryRequestSchema,
    fields: commentField,
    fixed: { processDefinitionKey, activityId, dryRun: false, caseIds: scope.map((entry) => entry.caseId) },
  });

  useEffect(() => {
    dryRun.mutate({ processDefinitionKey, activityId });
    // Once per dialog (empty deps on purpose): the dry run is the dialog's first step.
  }, []);

  const finished = run.isSuccess;
  // The form is the confirm step: shown once the dry run has its scope, until the run has answered.
  const confirming = dryRun.isSuccess && !finished;

  return (
    <Dialog
      open
      title={`Bulk retry at ${activityName ?? activityId}`}
      onClose={run.isPending ? () => undefined : onClose}
      footer={
        confirming ? undefined : (
          <button type="button" className="ui-button" onClick={onClose}>
            {finished ? 'Close' : 'Cancel'}
          </button>
        )
      }
    >
      <p className="bulk__facts">
        Step <strong>{activityName ?? activityId}</strong> of <strong>{processName ?? processDefinitionKey}</strong>{' '}
        <span className="muted mono" data-technical>
          ({processDefinitionKey} / {activityId})
        </span>
        . Only transient, open, unfrozen cases are retried.
      </p>
      {dryRun.isPending ? <Spinner label="Dry run: working out the scope…" /> : null}
      {dryRun.isError ? (
        <p className="bulk__error" role="alert">
          The dry run failed: {dryRun.error.message}
        </p>
      ) : null}
      {dryRun.data ? <DryRunSummary result={dryRun.data} scope={scope} notSelected={notSelected.map((entry) => entry.caseId)} /> : null}
      {confirming ? (
        <SchemaForm
          state={state}
          className="confirm bulk__form"
          pending={run.isPending}
          pendingLabel="Retrying…"
          submitLabel={`Retry ${plural(scope.length, 'case')}`}
          submitDisabled={scope.length === 0}
          onCancel={onClose}
          initialFocus="none"
          onSubmit={(request) => run.mutate({ processDefinitionKey, activityId, caseIds: request.caseIds ?? [], comment: request.comment })}
          problem={run.isError ? { message: `The bulk retry failed: ${run.error.message}` } : null}
          problemTestId="bulk-error"
        >
          {run.isPending ? <Spinner label={`Retrying ${plural(scope.length, 'case')}…`} /> : null}
        </SchemaForm>
      ) : null}
      {run.data ? <RunResults result={run.data} /> : null}
    </Dialog>
  );
}

function DryRunSummary({
  result,
  scope,
  notSelected,
}: {
  result: BulkRetryResponse;
  scope: BulkRetryResponse['scope'];
  notSelected: string[];
}) {
  return (
    <section aria-label="Dry run result" className="bulk__section" data-testid="bulk-dry-run">
      <h3 className="bulk__heading">{plural(scope.length, 'case')} in scope</h3>
      {scope.length > 0 ? (
        <ul className="bulk__list">
          {scope.map((entry) => (
            <li key={entry.caseId}>
              <span className="mono">{entry.caseId}</span> {entry.businessKey ? <span className="muted">{entry.businessKey}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No case at this step can be retried in bulk.</p>
      )}
      {result.beyondCap > 0 ? (
        <p className="bulk__cap">{plural(result.beyondCap, 'more case')} matched beyond the cap; they stay for another run.</p>
      ) : null}
      {notSelected.length > 0 ? (
        <p className="muted">
          {plural(notSelected.length, 'eligible case')} not selected, left alone: <span className="mono">{notSelected.join(', ')}</span>
        </p>
      ) : null}
      {result.excluded.length > 0 ? (
        <>
          <h3 className="bulk__heading">{plural(result.excluded.length, 'case')} left out</h3>
          <ul className="bulk__list">
            {result.excluded.map((entry) => (
              <li key={entry.caseId}>
                <span className="mono">{entry.caseId}</span>: {entry.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function RunResults({ result }: { result: BulkRetryResponse }) {
  const failed = result.results.filter((entry) => entry.outcome === 'FAILED').length;
  return (
    <section aria-label="Bulk retry results" className="bulk__section" data-testid="bulk-results">
      <h3 className="bulk__heading" role="status">
        {plural(result.results.length, 'case')} processed{failed > 0 ? `, ${failed} failed` : ''}
      </h3>
      <ul className="bulk__list">
        {result.results.map((entry) => (
          <li key={entry.caseId} className={`bulk__result bulk__result--${entry.outcome.toLowerCase()}`}>
            <span className="mono">{entry.caseId}</span> <strong>{outcomeLabels[entry.outcome]}</strong>: {entry.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
