// A saved view is a queue query string. Two query strings show the same list when the queue reads them the
// same way (defaults filled in, parameter order ignored), so that is how the page tells which view is open.
import { parseQueueState, type QueueState } from '../../queue/api/queue-filters.js';

/** The URL parameter naming the saved view the queue was opened from (never sent to `GET /api/queue`). */
export const SAVED_VIEW_PARAM = 'saved';

function canonical(state: QueueState): string {
  const filters = Object.entries(state.filters).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([state.view, state.sort, state.order, filters]);
}

export function sameQueueQuery(a: URLSearchParams, b: URLSearchParams): boolean {
  return canonical(parseQueueState(a)) === canonical(parseQueueState(b));
}

/** What to save for the queue as shown: its view, filters and sort, without defaults. */
export function queryToSave(params: URLSearchParams): string {
  const state = parseQueueState(params);
  const out = new URLSearchParams();
  if (state.view !== 'all') out.set('view', state.view);
  for (const [name, value] of Object.entries(state.filters)) out.set(name, value);
  if (state.sort !== 'lastSeen') out.set('sort', state.sort);
  if (state.order !== 'desc') out.set('order', state.order);
  return out.toString();
}

/** The queue's search string that opens a saved view (its query, marked with the view's id). */
export function queueSearchFor(view: { id: string; query: string }): string {
  const params = new URLSearchParams(view.query);
  params.set(SAVED_VIEW_PARAM, view.id);
  return params.toString();
}

/** The link a user copies to share a view. */
export function shareLink(viewId: string, origin = window.location.origin): string {
  return `${origin}/views/${encodeURIComponent(viewId)}`;
}
