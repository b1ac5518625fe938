// Saved views of the queue: the caller's list, one view by its link, and the changes only the BFF decides
// (it checks ownership, names and the query). Every change refreshes the list and the one view.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { CreateSavedViewRequest, UpdateSavedViewRequest } from '../../../../contracts/saved-views.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export const savedViewsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.savedViews.list(),
    queryFn: ({ signal }) => apiFetch(endpoints.listSavedViews, { signal }),
    staleTime: 30_000,
  });

export const savedViewQueryOptions = (viewId: string) =>
  queryOptions({
    queryKey: queryKeys.savedViews.detail(viewId),
    queryFn: ({ signal }) => apiFetch(endpoints.savedView, { params: { viewId }, signal }),
    // A link to a deleted or unshared view is a 404: say so at once instead of retrying.
    retry: false,
  });

export const useSavedViews = () => useQuery(savedViewsQueryOptions());
export const useSavedView = (viewId: string | null) => useQuery({ ...savedViewQueryOptions(viewId ?? ''), enabled: viewId !== null });

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.savedViews.all() });
}

export function useCreateSavedView() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: CreateSavedViewRequest) => apiFetch(endpoints.createSavedView, { body }), onSuccess: refresh });
}

export function useUpdateSavedView() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ viewId, change }: { viewId: string; change: UpdateSavedViewRequest }) => apiFetch(endpoints.updateSavedView, { params: { viewId }, body: change }),
    onSuccess: refresh,
  });
}

export function useDeleteSavedView() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (viewId: string) => apiFetch(endpoints.deleteSavedView, { params: { viewId } }), onSuccess: refresh });
}

/** "Add to my views" (true) or "Remove from my views" (false) of someone else's shared view. */
export function useSetViewAdded() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ viewId, added }: { viewId: string; added: boolean }) =>
      apiFetch(added ? endpoints.addSharedView : endpoints.removeSharedView, { params: { viewId } }),
    onSuccess: refresh,
  });
}
