import { useEffect, useId, useState } from 'react';
import type { BulkRetryResponse } from '../../../../contracts/actions.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import { Spinner } from '../../../components/ui/States.js';
import { plural } from '../../../lib/format.js';
import { useBulkRetryDryRun, useBulkRetryRun } from '../api/bulk-retry.js';

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
  const [comment, setComment] = useState('');
  const commentId = useId();
  const dryRun = useBulkRetryDryRun();
  const run = useBulkRetryRun(idempotencyKey);
  // With rows ticked, only the ticked cases of the dry run's scope run; the rest are shown as not selected.
  const selected = new Set(selectedIds);
  const fullScope = dryRun.data?.scope ?? [];
  const scope = selected.size > 0 ? fullScope.filter((entry) => selected.has(entry.caseId)) : fullScope;
  const notSelected = fullScope.filter((entry) => !scope.includes(entry));

  useEffect(() => {
    dryRun.mutate({ processDefinitionKey, activityId });
    // Once per dialog (empty deps on purpose): the dry run is the dialog's first step.
  }, []);

  const busy = dryRun.isPending || run.isPending;
  const finished = run.isSuccess;

  return (
    <Dialog
      open
      title={`Bulk retry at ${activityName ?? activityId}`}
      onClose={run.isPending ? () => undefined : onClose}
      footer={
        <>
          <button type="button" className="ui-button" onClick={onClose} disabled={run.isPending}>
            {finished ? 'Close' : 'Cancel'}
          </button>
          {!finished ? (
            <button
              type="button"
              className="ui-button ui-button--primary"
              disabled={busy || !dryRun.isSuccess || scope.length === 0}
              onClick={() => run.mutate({ processDefinitionKey, activityId, caseIds: scope.map((entry) => entry.caseId), comment: comment.trim() || undefined })}
            >
              {run.isPending ? 'Retrying…' : `Retry ${plural(scope.length, 'case')}`}
            </button>
          ) : null}
        </>
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
          The dry run failed: {dryRun.error.message} ({dryRun.error.code})
        </p>
      ) : null}
      {dryRun.data ? <DryRunSummary result={dryRun.data} scope={scope} notSelected={notSelected.map((entry) => entry.caseId)} /> : null}
      {dryRun.isSuccess && !finished ? (
        <div className="bulk__comment">
          <label htmlFor={commentId}>Comment for the audit trail (optional)</label>
          <textarea id={commentId} rows={2} maxLength={2000} value={comment} onChange={(event) => setComment(event.target.value)} disabled={run.isPending} />
        </div>
      ) : null}
      {run.isPending ? <Spinner label={`Retrying ${plural(scope.length, 'case')}…`} /> : null}
      {run.isError ? (
        <p className="bulk__error" role="alert">
          The bulk retry failed: {run.error.message} ({run.error.code})
        </p>
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
