import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One headline figure; a link to the queue when the figure is a set of cases. */
export function StatTile({ label, value, hint, href, tone }: { label: string; value: string; hint?: ReactNode; href?: string; tone?: 'warning' }) {
  const body = (
    <>
      <span className="dashboard-tile__label">{label}</span>
      <span className="dashboard-tile__value">{value}</span>
      {hint ? <span className="dashboard-tile__hint">{hint}</span> : null}
    </>
  );
  const className = `dashboard-tile${tone ? ` dashboard-tile--${tone}` : ''}`;
  return href ? (
    <Link to={href} className={`${className} dashboard-tile--link`} aria-label={`${label}: ${value}`} data-testid="dashboard-tile">
      {body}
    </Link>
  ) : (
    <div className={className} data-testid="dashboard-tile">
      {body}
    </div>
  );
}
