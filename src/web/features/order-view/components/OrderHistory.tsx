import type { OrderHistory as OrderHistoryData, OrderRun } from '../../../../contracts/orders.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { formatDuration } from '../../../lib/format.js';
import { useOrderHistory } from '../api/get-order-history.js';
import './order-history.css';

/**
 * Every run of the order's workflow, finished ones too, from the engine's history: how each ended, the path it
 * took and, for a business rejection, the reason the worker gave. Engine ids only under "Technical details".
 */
export function OrderHistory({ orderId }: { orderId: string }) {
  const history = useOrderHistory(orderId);
  return (
    <section className="panel" aria-labelledby="order-history-heading" data-testid="order-history">
      <header className="panel__header">
        <h2 id="order-history-heading" className="panel__title">
          Workflow history {history.data ? <span className="count-pill">{history.data.total}</span> : null}
        </h2>
      </header>
      {history.isPending ? (
        <SkeletonBlock label="Loading the workflow history" />
      ) : history.isError ? (
        <ErrorState title="The workflow history could not be read" failure={toFailure(history.error)} onRetry={() => void history.refetch()} retrying={history.isFetching} />
      ) : (
        <HistoryBody history={history.data} />
      )}
    </section>
  );
}

function HistoryBody({ history }: { history: OrderHistoryData }) {
  if (history.runs.length === 0) return <p className="panel__body muted">The engine has no workflow run for this order.</p>;
  const total = history.total;
  return (
    <div className="panel__body order-history">
      {total > history.runs.length ? (
        <p className="notice notice--pending" data-testid="order-history-capped">
          Showing the newest {history.runs.length} of {total} runs; older runs are not read.
        </p>
      ) : null}
      <ol className="order-history__runs">
        {history.runs.map((run, i) => (
          <RunItem key={`${run.engineId ?? ''}:${run.technical.processInstanceId}`} run={run} number={total - i} runs={history.runs} />
        ))}
      </ol>
    </div>
  );
}

function RunItem({ run, number, runs }: { run: OrderRun; number: number; runs: OrderRun[] }) {
  const parent = run.calledByProcessInstanceId ? runs.findIndex((r) => r.engineId === run.engineId && r.technical.processInstanceId === run.calledByProcessInstanceId) : -1;
  return (
    <li className="order-run" data-testid="order-run">
      <div className="order-run__head">
        <strong>
          Run {number} · {run.processName}
          {run.version !== null ? ` v${run.version}` : ''}
        </strong>
        {/* Several engines: the engine this run is in. */}
        {run.engineId ? <EngineLabel engineId={run.engineId} /> : null}
        <span className={`order-run__state order-run__state--${run.state.toLowerCase()}`} data-testid="order-run-state">
          {run.stateLabel}
        </span>
      </div>
      <p className="order-run__times muted">
        {run.startedAt ? (
          <>
            Started <AbsoluteTime iso={run.startedAt} />
          </>
        ) : (
          'Start not recorded'
        )}
        {run.endedAt ? (
          <>
            {' · ended '}
            <AbsoluteTime iso={run.endedAt} />
            {run.startedAt ? ` (took ${formatDuration(run.startedAt, run.endedAt)})` : null}
          </>
        ) : null}
        {parent >= 0 ? ` · started by run ${runs.length - parent} (${runs[parent]!.processName})` : null}
      </p>
      {run.businessError ? (
        <div className="notice notice--warning order-run__error" data-testid="order-run-error">
          <p>
            <strong>Why it ended here:</strong> {readableMessage(run.businessError.message, run.businessError.code) ?? 'the worker gave no message.'}
          </p>
          <p className="notice__meta">
            {run.businessError.step ? `“${run.businessError.step}” was` : 'The run was'} routed to “{run.businessError.caughtBy}” at <AbsoluteTime iso={run.businessError.at} />
            {run.businessError.code ? (
              <>
                {' · code '}
                <code>{run.businessError.code}</code>
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      <p className="order-run__path" data-testid="order-run-path">
        <span className="muted">Path: </span>
        {run.path.map((step, i) => (
          <span key={`${step.activityId}-${i}`}>
            {i > 0 ? <span className="order-run__arrow" aria-hidden="true"> → </span> : null}
            <span className={step.interrupted ? 'order-run__step order-run__step--interrupted' : step.endedAt === null ? 'order-run__step order-run__step--current' : 'order-run__step'}>
              {step.label}
              {step.interrupted ? ' (interrupted)' : step.endedAt === null ? ' (now)' : ''}
            </span>
          </span>
        ))}
        {run.pathTruncated ? <span className="muted"> … (cut after {run.path.length} steps)</span> : null}
      </p>
      <details className="order-run__technical">
        <summary>Technical details</summary>
        <dl className="order-run__ids">
          <dt>Process instance</dt>
          <dd className="mono">{run.technical.processInstanceId}</dd>
          <dt>Definition</dt>
          <dd className="mono">{run.technical.processDefinitionId}</dd>
          <dt>Engine state</dt>
          <dd className="mono">{run.technical.engineState ?? '—'}</dd>
          {run.calledByProcessInstanceId ? (
            <>
              <dt>Called by</dt>
              <dd className="mono">{run.calledByProcessInstanceId}</dd>
            </>
          ) : null}
          {run.businessError?.code ? (
            <>
              <dt>BPMN error</dt>
              <dd className="mono">
                {run.businessError.code}
                {run.businessError.message ? `: ${run.businessError.message}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
      </details>
    </li>
  );
}

/** Workers start their messages with the code ("INVENTORY_REJECTED: inventory reports …"): the words follow it. */
function readableMessage(message: string | null, code: string | null): string | null {
  if (!message) return null;
  return code && message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
}
