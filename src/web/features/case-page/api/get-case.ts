import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getCase(caseId: string, signal?: AbortSignal) {
  return apiFetch(endpoints.caseDetail, { params: { caseId }, signal });
}

export const caseQueryOptions = (caseId: string) =>
  queryOptions({ queryKey: queryKeys.cases.detail(caseId), queryFn: ({ signal }) => getCase(caseId, signal) });

/** While a command is pending the page checks back every few seconds, so its outcome shows without a reload. */
export const PENDING_REFRESH_MS = 3000;

export function useCase(caseId: string) {
  return useQuery({ ...caseQueryOptions(caseId), refetchInterval: (query) => (query.state.data?.pendingCommand ? PENDING_REFRESH_MS : false) });
}
