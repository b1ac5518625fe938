import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { Link, useNavigate } from 'react-router';
import type { Dashboard } from '../../../../contracts/dashboard.js';
import { formatCount } from '../api/dashboard-format.js';
import type { DashboardRange } from '../api/get-dashboard.js';
import { inRangeFilter, queueHref } from '../api/queue-links.js';
import { ChartPanel } from './ChartPanel.js';
import { outcomeColors } from './chart-colors.js';

const outcomes = ['done', 'pending', 'failed'] as const;
type Outcome = (typeof outcomes)[number];
const outcomeLabels: Record<Outcome, string> = { done: 'Done', pending: 'Pending', failed: 'Failed' };

/**
 * The queue has no filter by recovery action, so a click opens the cases the outcome points at: pending
 * commands sit on cases in progress or awaiting approval; done and failed ones on any case of the range.
 */
function outcomeHref(outcome: Outcome, range: DashboardRange): string {
  return outcome === 'pending' ? queueHref({ status: 'IN_PROGRESS,AWAITING_APPROVAL' }) : queueHref(inRangeFilter(range));
}

export function CommandsChart({ commands, range }: { commands: Dashboard['technical']['commands']; range: DashboardRange }) {
  const navigate = useNavigate();
  return (
    <ChartPanel
      testId="chart-commands"
      title="Recovery commands per action"
      empty={commands.length === 0}
      emptyText="No recovery commands in this range."
      chart={(width) => (
        <BarChart accessibilityLayer={false} width={width} height={240} data={commands} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="action" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip formatter={(value, name) => [formatCount(Number(value)), outcomeLabels[name as Outcome] ?? String(name)]} />
          <Legend formatter={(name) => outcomeLabels[name as Outcome] ?? String(name)} />
          {outcomes.map((outcome) => (
            <Bar
              key={outcome}
              dataKey={outcome}
              stackId="outcome"
              fill={outcomeColors[outcome]}
              isAnimationActive={false}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate(outcomeHref(outcome, range))}
            />
          ))}
        </BarChart>
      )}
      links={
        <table className="ui-table dashboard-table">
          <caption className="ui-visually-hidden">Recovery commands per action and outcome</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              {outcomes.map((outcome) => (
                <th key={outcome} scope="col" className="ui-num">
                  {outcomeLabels[outcome]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {commands.map((row) => (
              <tr key={row.action}>
                <th scope="row" className="mono">
                  {row.action}
                </th>
                {outcomes.map((outcome) => (
                  <td key={outcome} className="ui-num">
                    {row[outcome] > 0 ? (
                      <Link to={outcomeHref(outcome, range)} aria-label={`${row.action}: ${formatCount(row[outcome])} ${outcomeLabels[outcome].toLowerCase()}`}>
                        {formatCount(row[outcome])}
                      </Link>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
