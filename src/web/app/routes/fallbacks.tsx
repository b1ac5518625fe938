import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { SkeletonBlock } from '../../components/ui/States.js';
import { useDocumentTitle } from '../../lib/use-document-title.js';
import './fallbacks.css';

export function AppLoading() {
  return (
    <div className="fallback">
      <SkeletonBlock label="Loading the workbench" />
    </div>
  );
}

export function NotFound() {
  useDocumentTitle('Not found');
  return (
    <div className="page">
      <div className="panel fallback__panel">
        <h1 className="page__title">Page not found</h1>
        <p className="muted">
          Nothing lives at this address. Go to the <Link to="/cases">case list</Link> or search with <kbd>/</kbd>.
        </p>
      </div>
    </div>
  );
}

/** Last resort for render errors and chunks that fail to load (usually a deployment while the tab was open). */
export function RouteError() {
  const error = useRouteError();
  useDocumentTitle('Error');
  const chunkFailed = error instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <div className="fallback">
      <div className="panel fallback__panel" role="alert">
        <h1 className="page__title">{chunkFailed ? 'The workbench was updated' : 'Something went wrong'}</h1>
        <p>{chunkFailed ? 'A part of the application could not be loaded. Reload to get the current version.' : 'This page failed to render.'}</p>
        <pre className="fallback__detail">{message}</pre>
        <div className="fallback__actions">
          <button type="button" className="ui-button ui-button--primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <a className="ui-button" href="/cases">
            Go to cases
          </a>
        </div>
      </div>
    </div>
  );
}
