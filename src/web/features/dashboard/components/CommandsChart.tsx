import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { Link, useNavigate } from 'react-router';
import type { Dashboard } from '../../../../contracts/dashboard.js';
import { formatCount } from '../api/dashboard-format.js';
import type { DashboardRange } from '../api/get-dashboard.js';
import { commandsFilter } from '../api/queue-links.js';
import { useQueueHref } from './dashboard-engine.js';
import { ChartPanel } from './ChartPanel.js';
import { timelineActionLabel } from '../../../components/ui/labels.js';
import { outcomeColors } from './chart-colors.js';

const outcomes = ['done', 'pending', 'failed'] as const;
type Outcome = (typeof outcomes)[number];
const outcomeLabels: Record<Outcome, string> = { done: 'Done', pending: 'Pending', failed: 'Failed' };

/** The cases behind one bar segment: a command of that action, ended with that outcome, within the range. */
function outcomeHref(queueHref: (filter: Record<string, string | number>) => string, action: string, outcome: Outcome, range: DashboardRange): string {
  return queueHref(commandsFilter(range, [action], outcome));
}

export function CommandsChart({ commands, range }: { commands: Dashboard['technical']['commands']; range: DashboardRange }) {
  const queueHref = useQueueHref();
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
          <XAxis dataKey="action" tick={{ fontSize: 11 }} tickFormatter={timelineActionLabel} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip labelFormatter={(label) => timelineActionLabel(String(label))} formatter={(value, name) => [formatCount(Number(value)), outcomeLabels[name as Outcome] ?? String(name)]} />
          <Legend formatter={(name) => outcomeLabels[name as Outcome] ?? String(name)} />
          {outcomes.map((outcome) => (
            <Bar
              key={outcome}
              dataKey={outcome}
              stackId="outcome"
              fill={outcomeColors[outcome]}
              isAnimationActive={false}
              style={{ cursor: 'pointer' }}
              onClick={(bar: { payload?: { action?: string } }) => {
                const action = bar.payload?.action;
                if (action) void navigate(outcomeHref(queueHref, action, outcome, range));
              }}
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
                <th scope="row" title={row.action}>
                  {timelineActionLabel(row.action)}
                </th>
                {outcomes.map((outcome) => (
                  <td key={outcome} className="ui-num">
                    {row[outcome] > 0 ? (
                      <Link to={outcomeHref(queueHref, row.action, outcome, range)} aria-label={`${timelineActionLabel(row.action)}: ${formatCount(row[outcome])} ${outcomeLabels[outcome].toLowerCase()}`}>
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
