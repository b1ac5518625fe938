import type { SavedView } from '../../../../contracts/saved-views.js';
import { toFailure, type RequestFailure } from '../../../lib/api-client.js';
import { useSavedView, useSavedViews } from './saved-views.js';
import { SAVED_VIEW_PARAM, sameQueueQuery } from './view-query.js';

export interface ActiveSavedView {
  /** The saved view the queue shows now: named in the URL and its filters unchanged. */
  view: SavedView | null;
  /** The URL names a view whose link no longer opens (deleted, or no longer shared). */
  missing: RequestFailure | null;
}

/**
 * Which saved view is open. The URL's `saved=<id>` names it; it counts as open only while the queue's filters
 * are still the view's own (change a filter and it is the plain queue again). A view opened from someone's
 * link is not in the caller's list, so it is read by id.
 */
export function useActiveSavedView(params: URLSearchParams): ActiveSavedView {
  const id = params.get(SAVED_VIEW_PARAM);
  const list = useSavedViews();
  const listed = id ? list.data?.items.find((v) => v.id === id) : undefined;
  const single = useSavedView(id && list.isSuccess && !listed ? id : null);
  const view = listed ?? single.data ?? null;
  return {
    view: view && sameQueueQuery(new URLSearchParams(view.query), params) ? view : null,
    missing: single.isError ? toFailure(single.error) : null,
  };
}
