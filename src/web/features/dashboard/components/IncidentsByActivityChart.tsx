import type { Dashboard } from '../../../../contracts/dashboard.js';
import { queueHref } from '../api/queue-links.js';
import { ChartLinks, type ChartLinkItem } from './ChartLinks.js';
import { ChartPanel } from './ChartPanel.js';
import { CountBarChart } from './CountBarChart.js';

export function IncidentsByActivityChart({ items }: { items: Dashboard['technical']['incidentsByActivity'] }) {
  const links: ChartLinkItem[] = [...items]
    .sort((a, b) => b.count - a.count)
    .map((item) => ({
      key: `${item.processKey}:${item.processVersion ?? '-'}:${item.activityId}`,
      label: item.activityName ?? item.activityId,
      detail: `(${item.processKey}${item.processVersion !== null ? ` v${item.processVersion}` : ''})`,
      count: item.count,
      href: queueHref(item.filter),
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
