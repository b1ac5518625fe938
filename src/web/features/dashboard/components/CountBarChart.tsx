import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { useNavigate } from 'react-router';
import { formatCount } from '../api/dashboard-format.js';
import type { ChartLinkItem } from './ChartLinks.js';
import { barColor } from './chart-colors.js';

/** One horizontal bar per item; a click on a bar opens the item's queue link. */
export function CountBarChart({ items, width }: { items: ChartLinkItem[]; width: number }) {
  const navigate = useNavigate();
  const rows = items.map((item) => ({ name: item.detail ? `${item.label} ${item.detail}` : item.label, count: item.count, href: item.href }));
  return (
    <BarChart accessibilityLayer={false} width={width} height={Math.max(120, rows.length * 34 + 40)} data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey="name" width={Math.min(260, Math.round(width * 0.4))} tick={{ fontSize: 12 }} />
      <Tooltip formatter={(value) => [formatCount(Number(value)), 'Count']} />
      <Bar
        dataKey="count"
        fill={barColor}
        isAnimationActive={false}
        style={{ cursor: 'pointer' }}
        onClick={(_, index) => {
          const row = rows[index];
          if (row) void navigate(row.href);
        }}
      />
    </BarChart>
  );
}
