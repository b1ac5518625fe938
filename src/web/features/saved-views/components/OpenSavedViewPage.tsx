import { Link, Navigate, useParams } from 'react-router';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSavedView } from '../api/saved-views.js';
import { queueSearchFor } from '../api/view-query.js';

/** `/views/:viewId`, the link a user shares: opens the queue on the view's filters. */
export function OpenSavedViewPage() {
  const { viewId = '' } = useParams();
  const view = useSavedView(viewId);
  useDocumentTitle('Saved view');

  if (view.data) return <Navigate to={{ pathname: '/cases', search: queueSearchFor(view.data) }} replace />;
  return (
    <div className="page">
      <h1 className="page__title">Saved view</h1>
      <section className="panel">
        {view.isError ? (
          <ErrorState
            title="This view could not be opened"
            failure={
              toFailure(view.error).code === 'SAVED_VIEW_NOT_FOUND'
                ? { ...toFailure(view.error), message: 'It was deleted, or its owner no longer shares it. Ask them for a new link.' }
                : toFailure(view.error)
            }
            onRetry={() => void view.refetch()}
            retrying={view.isFetching}
          />
        ) : (
          <SkeletonBlock label="Opening the view" />
        )}
        <p className="saved-view-open__back">
          <Link to="/cases">Go to the queue</Link>
        </p>
      </section>
    </div>
  );
}
