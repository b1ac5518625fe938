import { dashboardRanges, type DashboardRange } from '../api/get-dashboard.js';

const rangeLabels: Record<DashboardRange, string> = { '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

/** The range as a group of toggle buttons; the page keeps it in the URL so a view can be shared. */
export function RangeSwitch({ value, onChange }: { value: DashboardRange; onChange: (range: DashboardRange) => void }) {
  return (
    <div className="dashboard-range" role="group" aria-label="Time range">
      {dashboardRanges.map((range) => (
        <button
          key={range}
          type="button"
          className={`ui-button ui-button--small${range === value ? ' dashboard-range__active' : ''}`}
          aria-pressed={range === value}
          onClick={() => onChange(range)}
        >
          {rangeLabels[range]}
        </button>
      ))}
    </div>
  );
}
