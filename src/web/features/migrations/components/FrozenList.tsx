import { Link } from 'react-router';
import type { MigrationExclusion, MigrationInstance, MigrationPlan } from '../../../../contracts/migrations.js';
import { EmptyState } from '../../../components/ui/States.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { plural } from '../../../lib/format.js';
import { exclusionReasonLabels, orderIdOf } from '../api/migration-words.js';
import { InstanceStateChip } from './PlanStateChip.js';

/** The order a business key names, as a link to its order view; other keys as text. */
function OrderRef({ businessKey, processInstanceId }: { businessKey: string | null; processInstanceId: string }) {
  const orderId = orderIdOf(businessKey);
  return (
    <>
      {orderId ? (
        <Link to={`/orders/${encodeURIComponent(orderId)}`} data-testid="order-link">
          {orderId}
        </Link>
      ) : (
        <span>{businessKey ?? 'No business key'}</span>
      )}
      <span className="migration-sub migration-instance-id mono" data-technical>
        {processInstanceId}
      </span>
    </>
  );
}

/**
 * The dry run: the instances frozen when the plan was made, canary first, then each batch, with their state
 * now. The list does not grow: an order that arrives at a step in scope later is not on it.
 */
export function FrozenList({ plan }: { plan: MigrationPlan }) {
  const batches = new Map<number, MigrationInstance[]>();
  for (const instance of plan.instances) batches.set(instance.batch, [...(batches.get(instance.batch) ?? []), instance]);
  const ordered = [...batches.entries()].sort(([a], [b]) => a - b);
  return (
    <section className="panel ui-panel-clip" aria-labelledby="frozen-list">
      <header className="panel__header">
        <h2 id="frozen-list" className="panel__title">
          Frozen list <span className="migration-count">{plan.instances.length}</span>
        </h2>
        <span className="muted migration-panel-note">
          the dry run: these orders and no others; {plan.totals.planned > 1 ? `a canary, then batches of ${plan.batchSize}` : 'one order'}
        </span>
      </header>
      {plan.instances.length === 0 ? (
        <EmptyState title="No order is on the list">Every order at the steps in scope was excluded (see below).</EmptyState>
      ) : (
        <div className="ui-table-wrap">
          <table className="ui-table migration-instances">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Waiting at</th>
                <th scope="col">State</th>
                <th scope="col">Migrated</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            {ordered.map(([batch, instances]) => (
              <tbody key={batch} data-testid={batch === 0 ? 'canary' : `batch-${batch}`}>
                <tr className="migration-instances__group">
                  <th scope="rowgroup" colSpan={5}>
                    {batch === 0 ? 'Canary: goes first, alone; the batches wait for its checks' : `Batch ${batch}`}
                    <span className="muted"> · {plural(instances.length, 'order')}</span>
                  </th>
                </tr>
                {instances.map((instance) => (
                  <tr key={instance.processInstanceId} data-testid="frozen-instance">
                    <td>
                      <OrderRef businessKey={instance.businessKey} processInstanceId={instance.processInstanceId} />
                    </td>
                    <td className="mono" data-technical>
                      {instance.activityId}
                    </td>
                    <td>
                      <InstanceStateChip state={instance.state} />
                    </td>
                    <td className="migration-instances__when">{instance.migratedAt ? <AbsoluteTime iso={instance.migratedAt} /> : <span className="muted">–</span>}</td>
                    <td className="migration-problems">
                      {instance.problems.length === 0 ? (
                        <span className="muted">None</span>
                      ) : (
                        <ul>
                          {instance.problems.map((p, i) => (
                            <li key={i}>{p}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}

/** Orders at a step in scope that the dry run left out, and why, in words; an open case links to its page. */
export function Exclusions({ exclusions }: { exclusions: MigrationExclusion[] }) {
  return (
    <section className="panel ui-panel-clip" aria-labelledby="exclusions">
      <header className="panel__header">
        <h2 id="exclusions" className="panel__title">
          Left out <span className="migration-count">{exclusions.length}</span>
        </h2>
        <span className="muted migration-panel-note">these orders stay on the source version</span>
      </header>
      {exclusions.length === 0 ? (
        <p className="panel__body muted migration-none">No order at the steps in scope was left out.</p>
      ) : (
        <div className="ui-table-wrap">
          <table className="ui-table migration-exclusions">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Waiting at</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {exclusions.map((e) => (
                <tr key={e.processInstanceId} data-testid="exclusion">
                  <td>
                    <OrderRef businessKey={e.businessKey} processInstanceId={e.processInstanceId} />
                  </td>
                  <td className="mono" data-technical>
                    {e.activityId}
                  </td>
                  <td>
                    <span className="migration-exclusion-reason">{exclusionReasonLabels[e.reason]}</span>
                    <span className="migration-sub">
                      {e.detail}
                      {e.reason === 'OPEN_CASE' && e.caseId ? (
                        <>
                          {' · '}
                          <Link to={`/cases/${encodeURIComponent(e.caseId)}`} data-testid="exclusion-case-link">
                            Open case {e.caseId}
                          </Link>
                        </>
                      ) : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
