import type { ReactNode } from 'react';
import { ErrorBoundary } from 'react-error-boundary';

/**
 * One part of a page that may fail on its own: if rendering it throws (an unexpected value in engine data, a
 * viewer that breaks), only this part shows a short notice with *Try again*; the rest of the page stays usable.
 * `resetKeys` (e.g. the data the part renders) retry by themselves when they change.
 */
export function PartBoundary({ name, resetKeys, children }: { name: string; resetKeys?: unknown[]; children: ReactNode }) {
  return (
    <ErrorBoundary
      resetKeys={resetKeys}
      fallbackRender={({ resetErrorBoundary }) => (
        <section className="panel part-failed" aria-label={name} data-testid="part-failed">
          <p className="part-failed__text">
            <strong>{name}:</strong> this part could not be shown.
          </p>
          <button type="button" className="ui-button ui-button--small" onClick={resetErrorBoundary}>
            Try again
          </button>
        </section>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}
