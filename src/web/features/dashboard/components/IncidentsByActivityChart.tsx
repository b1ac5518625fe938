import type { Dashboard } from '../../../../contracts/dashboard.js';
import { useQueueHref } from './dashboard-engine.js';
import { ChartLinks, type ChartLinkItem } from './ChartLinks.js';
import { ChartPanel } from './ChartPanel.js';
import { CountBarChart } from './CountBarChart.js';

/**
 * Where a storm shows first. Tech ops get a *Bulk retry* link where a storm of transient failures is (at least
 * two: one case is retried from its own page, and a bulk retry takes nothing else): it opens the queue filtered
 * to that process and step with the bulk retry's dry run already running (every version: the bulk retry's
 * scope is the process and step). Elsewhere the link would only lead to an empty dry run.
 */
const STORM_SIZE = 2;
export function IncidentsByActivityChart({ items, canBulkRetry }: { items: Dashboard['technical']['incidentsByActivity']; canBulkRetry: boolean }) {
  const queueHref = useQueueHref();
  const links: ChartLinkItem[] = [...items]
    .sort((a, b) => b.count - a.count)
    .map((item) => ({
      key: `${item.processKey}:${item.processVersion ?? '-'}:${item.activityId}`,
      label: item.activityName ?? item.activityId,
      detail: `(${item.processKey}${item.processVersion !== null ? ` v${item.processVersion}` : ''})`,
      count: item.count,
      href: queueHref(item.filter),
      action: canBulkRetry && item.transient >= STORM_SIZE
        ? {
            label: 'Bulk retry',
            href: queueHref({ processKey: item.processKey, activityId: item.activityId, bulk: 'retry' }),
            ariaLabel: `Bulk retry at ${item.activityName ?? item.activityId} (${item.processKey})`,
          }
        : undefined,
    }));
  return (
    <ChartPanel
      testId="chart-incidents"
      title="Incidents by activity and process version"
      empty={links.length === 0}
      emptyText="No incidents in this range."
      chart={(width) => <CountBarChart items={links} width={width} />}
      links={<ChartLinks label="Incidents by activity" items={links} />}
    />
  );
}
