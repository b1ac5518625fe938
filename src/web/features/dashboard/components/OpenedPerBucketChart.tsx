import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useNavigate } from 'react-router';
import type { Dashboard } from '../../../../contracts/dashboard.js';
import { categoryLabels } from '../../../components/ui/labels.js';
import { formatBucket, formatCount } from '../api/dashboard-format.js';
import type { DashboardRange } from '../api/get-dashboard.js';
import { bucketFilter } from '../api/queue-links.js';
import { useQueueHref } from './dashboard-engine.js';
import { seriesNames, toTimeRows } from '../api/series.js';
import { ChartLinks } from './ChartLinks.js';
import { ChartPanel } from './ChartPanel.js';
import { seriesColor } from './chart-colors.js';

const label = (name: string) => (categoryLabels as Record<string, string>)[name] ?? name;

/** Cases opened per bucket; a bucket opens the queue at the cases first seen inside it. */
export function OpenedPerBucketChart({ business, range, generatedAt }: { business: Dashboard['business']; range: DashboardRange; generatedAt: string }) {
  const queueHref = useQueueHref();
  const navigate = useNavigate();
  const names = seriesNames(business.openedPerBucket);
  const rows = toTimeRows(business.openedPerBucket, names);
  const hourly = range === '24h';
  const now = new Date(generatedAt).getTime();
  const hrefFor = (t: number) => queueHref(bucketFilter(new Date(t).toISOString(), range, now));
  const buckets = rows
    .map((row) => ({ t: row.t ?? 0, total: names.reduce((sum, name) => sum + (row[name] ?? 0), 0) }))
    .filter((bucket) => bucket.total > 0);
  return (
    <ChartPanel
      testId="chart-opened"
      title="Cases opened per bucket"
      empty={buckets.length === 0}
      emptyText="No cases opened in this range."
      chart={(width) => (
        <BarChart accessibilityLayer={false} width={width} height={220} data={rows.map((row) => ({ ...row, label: formatBucket(row.t ?? 0, hourly) }))} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip formatter={(value, name) => [formatCount(Number(value)), label(String(name))]} />
          {names.map((name, index) => (
            <Bar
              key={name}
              dataKey={name}
              stackId="opened"
              fill={seriesColor(name, index)}
              isAnimationActive={false}
              style={{ cursor: 'pointer' }}
              onClick={(_, i) => {
                const row = rows[i];
                if (row) void navigate(hrefFor(row.t ?? 0));
              }}
            />
          ))}
        </BarChart>
      )}
      links={
        <ChartLinks
          label="Cases opened per bucket"
          items={buckets.map((bucket) => ({ key: String(bucket.t), label: formatBucket(bucket.t, hourly), count: bucket.total, href: hrefFor(bucket.t) }))}
        />
      }
    />
  );
}
