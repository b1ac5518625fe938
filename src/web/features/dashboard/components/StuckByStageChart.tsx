import type { Dashboard } from '../../../../contracts/dashboard.js';
import { useQueueHref } from './dashboard-engine.js';
import { ChartLinks, type ChartLinkItem } from './ChartLinks.js';
import { ChartPanel } from './ChartPanel.js';
import { CountBarChart } from './CountBarChart.js';

export function StuckByStageChart({ items }: { items: Dashboard['business']['stuckByStage'] }) {
  const queueHref = useQueueHref();
  const links: ChartLinkItem[] = [...items]
    .sort((a, b) => b.count - a.count)
    .map((item) => ({ key: item.activityId, label: item.activityName ?? item.activityId, count: item.count, href: queueHref(item.filter) }));
  return (
    <ChartPanel
      testId="chart-stuck"
      title="Stuck orders by stage"
      empty={links.length === 0}
      emptyText="No stuck orders."
      chart={(width) => <CountBarChart items={links} width={width} />}
      links={<ChartLinks label="Stuck orders by stage" items={links} />}
    />
  );
}
