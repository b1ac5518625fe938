import { Link } from 'react-router';
import { formatCount } from '../api/dashboard-format.js';

export interface ChartLinkItem {
  key: string;
  label: string;
  /** Extra words after the label, e.g. the process version; plain text. */
  detail?: string;
  count: number;
  href: string;
  color?: string;
  /** A follow-up action on the figure's cases, e.g. a bulk retry of a storm at one activity. */
  action?: { label: string; href: string; ariaLabel: string };
}

/** The chart's figures as a list of links to the queue: focusable, readable, and the same targets as a click. */
export function ChartLinks({ label, items }: { label: string; items: ChartLinkItem[] }) {
  return (
    <ul className="dashboard-links" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <Link to={item.href} className="dashboard-links__link" aria-label={`${item.label}${item.detail ? ` ${item.detail}` : ''}: ${formatCount(item.count)}`}>
            {item.color ? <span className="dashboard-links__swatch" style={{ background: item.color }} aria-hidden="true" /> : null}
            <span>{item.label}</span>
            {item.detail ? <span className="muted"> {item.detail}</span> : null}
            <span className="dashboard-links__count">{formatCount(item.count)}</span>
          </Link>
          {item.action ? (
            <Link to={item.action.href} className="dashboard-links__action" aria-label={item.action.ariaLabel}>
              {item.action.label}
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
