import type { ReactNode } from 'react';
import type { RequestFailure } from '../../lib/api-client.js';
import './ui.css';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="ui-state ui-state--empty">
      <p className="ui-state__title">{title}</p>
      {children ? <div className="ui-state__body">{children}</div> : null}
    </div>
  );
}

export function ErrorState({
  title,
  failure,
  onRetry,
  retrying = false,
}: {
  title: string;
  failure: RequestFailure;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  return (
    <div className="ui-state ui-state--error" role="alert">
      <p className="ui-state__title">{title}</p>
      <p className="ui-state__body">{failure.message}</p>
      {failure.status === 403 ? (
        <p className="ui-state__body">Your roles do not allow this. If you need it, ask a supervisor or the platform owner.</p>
      ) : null}
      <p className="ui-state__meta">
        {failure.code}
        {failure.status ? ` · HTTP ${failure.status}` : ''}
      </p>
      {onRetry && failure.status !== 403 ? (
        <button type="button" className="ui-button" onClick={onRetry} disabled={retrying}>
          {retrying ? 'Retrying…' : 'Try again'}
        </button>
      ) : null}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <span className="ui-spinner" role="status">
      <span className="ui-spinner__ring" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}

/** Grey bars in the shape of the content to come; `lines` rows of `columns` cells. */
export function SkeletonRows({ rows = 6, columns, label }: { rows?: number; columns: number; label: string }) {
  return (
    <tbody className="ui-skeleton" aria-busy="true">
      <tr className="ui-visually-hidden-row">
        <td colSpan={columns}>
          <span role="status">{label}</span>
        </td>
      </tr>
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}>
              <span className="ui-skeleton__bar" />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}

export function SkeletonBlock({ label }: { label: string }) {
  return (
    <div className="ui-skeleton ui-skeleton--block" aria-busy="true">
      <span role="status" className="ui-visually-hidden">
        {label}
      </span>
      <span className="ui-skeleton__bar ui-skeleton__bar--title" aria-hidden="true" />
      <span className="ui-skeleton__bar" aria-hidden="true" />
      <span className="ui-skeleton__bar" aria-hidden="true" />
      <span className="ui-skeleton__bar ui-skeleton__bar--short" aria-hidden="true" />
    </div>
  );
}
