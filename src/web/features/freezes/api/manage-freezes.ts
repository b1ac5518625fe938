import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { CreateFreezeRequest } from '../../../../contracts/freezes.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function createFreeze(request: CreateFreezeRequest) {
  return apiFetch(endpoints.createFreeze, { body: request });
}

export function endFreeze(input: { freezeId: string; reason: string }) {
  return apiFetch(endpoints.endFreeze, { params: { freezeId: input.freezeId }, body: { reason: input.reason.trim() } });
}

/** A freeze changes which cases are frozen and which actions they offer: refresh those along with the list. */
function useRefreshAfterFreezeChange() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.freezes.all() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.cases.all() }),
    ]);
}

export function useCreateFreeze() {
  const refresh = useRefreshAfterFreezeChange();
  return useMutation({ mutationFn: createFreeze, onSuccess: refresh });
}

export function useEndFreeze() {
  const refresh = useRefreshAfterFreezeChange();
  return useMutation({ mutationFn: endFreeze, onSuccess: refresh, onError: (error) => (error.status === 409 ? refresh() : undefined) });
}
