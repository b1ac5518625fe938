import { useId, type ReactNode } from 'react';
import { useElementWidth } from './use-element-width.js';

/**
 * A chart with its title and, below it, the same numbers as links (the keyboard and screen-reader route to the
 * filtered queue; the drawing itself is hidden from assistive technology).
 */
export function ChartPanel({
  title,
  description,
  empty,
  emptyText,
  chart,
  links,
  testId,
}: {
  title: string;
  description?: string;
  empty: boolean;
  emptyText: string;
  chart: (width: number) => ReactNode;
  links: ReactNode;
  testId: string;
}) {
  const headingId = useId();
  const { ref, width } = useElementWidth<HTMLDivElement>();
  return (
    <section className="panel dashboard-chart" aria-labelledby={headingId} data-testid={testId}>
      <header className="panel__header">
        <h3 id={headingId} className="panel__title">
          {title}
        </h3>
      </header>
      <div className="panel__body">
        {description ? <p className="muted dashboard-chart__description">{description}</p> : null}
        {empty ? (
          <p className="muted">{emptyText}</p>
        ) : (
          <>
            <div ref={ref} className="dashboard-chart__canvas" aria-hidden="true">
              {chart(width)}
            </div>
            {links}
          </>
        )}
      </div>
    </section>
  );
}
