import { Area, AreaChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { useNavigate } from 'react-router';
import type { Dashboard } from '../../../../contracts/dashboard.js';
import { categoryLabels } from '../../../components/ui/labels.js';
import { formatBucket, formatCount } from '../api/dashboard-format.js';
import type { DashboardRange } from '../api/get-dashboard.js';
import { useQueueHref } from './dashboard-engine.js';
import { latestValues, seriesNames, toTimeRows } from '../api/series.js';
import { ChartLinks } from './ChartLinks.js';
import { ChartPanel } from './ChartPanel.js';
import { seriesColor } from './chart-colors.js';

const label = (name: string) => (categoryLabels as Record<string, string>)[name] ?? name;

/** Open cases per category over time (stacked), with each deployment as a labelled vertical line. */
export function OpenByCategoryChart({ technical, range }: { technical: Dashboard['technical']; range: DashboardRange }) {
  const queueHref = useQueueHref();
  const navigate = useNavigate();
  const names = seriesNames(technical.openByCategory);
  const rows = toTimeRows(technical.openByCategory, names);
  const latest = latestValues(technical.openByCategory);
  const hourly = range === '24h';
  const hrefFor = (name: string) => queueHref({ category: name });
  return (
    <ChartPanel
      testId="chart-open-by-category"
      title="Open cases by category"
      description="Open at the end of each bucket; dashed lines are deployments."
      empty={rows.length === 0}
      emptyText="No open cases in this range."
      chart={(width) => (
        <AreaChart accessibilityLayer={false} width={width} height={260} data={rows} margin={{ top: 24, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatBucket(t, hourly)} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip labelFormatter={(t) => formatBucket(Number(t), hourly)} formatter={(value, name) => [formatCount(Number(value)), label(String(name))]} />
          {names.map((name, index) => (
            <Area
              key={name}
              // Straight lines between buckets: a smooth curve would invent counts between the samples.
              type="linear"
              dataKey={name}
              stackId="open"
              stroke={seriesColor(name, index)}
              fill={seriesColor(name, index)}
              fillOpacity={0.35}
              isAnimationActive={false}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(hrefFor(name))}
            />
          ))}
          {technical.deployments.map((deployment) => (
            <ReferenceLine
              key={`${deployment.at}-${deployment.name}`}
              x={new Date(deployment.at).getTime()}
              stroke="#475569"
              strokeDasharray="4 3"
              label={{ value: deployment.name, position: 'top', fontSize: 11, fill: '#475569' }}
            />
          ))}
        </AreaChart>
      )}
      links={
        <ChartLinks
          label="Open cases by category, now"
          items={names.map((name, index) => ({ key: name, label: label(name), count: latest[name] ?? 0, href: hrefFor(name), color: seriesColor(name, index) }))}
        />
      }
    />
  );
}
