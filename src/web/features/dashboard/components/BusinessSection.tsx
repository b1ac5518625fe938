import { MANUAL_RECOVERY_ACTIONS, type Dashboard } from '../../../../contracts/dashboard.js';
import { formatCount, formatRatio } from '../api/dashboard-format.js';
import type { DashboardRange } from '../api/get-dashboard.js';
import { approvalBreachesFilter, commandsFilter, inRangeFilter } from '../api/queue-links.js';
import { useQueueHref } from './dashboard-engine.js';
import { OpenedPerBucketChart } from './OpenedPerBucketChart.js';
import { StatTile } from './StatTile.js';
import { StuckByStageChart } from './StuckByStageChart.js';

export function BusinessSection({ business, range, generatedAt }: { business: Dashboard['business']; range: DashboardRange; generatedAt: string }) {
  const queueHref = useQueueHref();
  const inRange = inRangeFilter(range);
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-business">
      <h2 id="dashboard-business" className="dashboard-section__title">
        Business
      </h2>
      <div className="dashboard-tiles">
        <StatTile
          label="Fallout rate"
          value={formatRatio(business.falloutRate.rate)}
          hint={`${formatCount(business.falloutRate.withCase)} of ${formatCount(business.falloutRate.orders)} orders had a case`}
          href={queueHref(inRange)}
        />
        <StatTile
          label="Approval SLA breaches"
          value={formatCount(business.approvalSlaBreaches)}
          tone={business.approvalSlaBreaches > 0 ? 'warning' : undefined}
          href={queueHref(approvalBreachesFilter(range))}
        />
        <StatTile
          label="Unknown outcome, open"
          value={formatCount(business.unknownOutcomeOpen)}
          hint="Check the domain system before any retry"
          tone={business.unknownOutcomeOpen > 0 ? 'warning' : undefined}
          href={queueHref({ category: 'UNKNOWN_OUTCOME' })}
        />
        <StatTile
          label="Retry to success"
          value={formatRatio(business.retryToSuccess.ratio)}
          hint={`${formatCount(business.retryToSuccess.resolvedAfterRetry)} of ${formatCount(business.retryToSuccess.retries)} retries resolved the case`}
          href={queueHref(commandsFilter(range, ['RETRY_STEP'], 'done'))}
        />
        <StatTile
          label="Manual recoveries"
          value={formatCount(business.manualRecoveries)}
          href={queueHref(commandsFilter(range, MANUAL_RECOVERY_ACTIONS, 'done'))}
        />
        <StatTile
          label="Cancelled in engine, open"
          value={formatCount(business.changedInEngine.cancelledInEngine)}
          hint="Workflow cancelled outside the workbench while the order is still active"
          tone={business.changedInEngine.cancelledInEngine > 0 ? 'warning' : undefined}
          href={queueHref({ status: 'CANCELLED_IN_ENGINE' })}
        />
        <StatTile
          label="Cleared outside, step waiting"
          value={formatCount(business.changedInEngine.clearedOutside)}
          hint="Incident cleared in Cockpit or by a script; the token has not moved on"
          tone={business.changedInEngine.clearedOutside > 0 ? 'warning' : undefined}
          href={queueHref({ status: 'CLEARED_OUTSIDE' })}
        />
      </div>
      <div className="dashboard-grid">
        <StuckByStageChart items={business.stuckByStage} />
        <OpenedPerBucketChart business={business} range={range} generatedAt={generatedAt} />
      </div>
    </section>
  );
}
