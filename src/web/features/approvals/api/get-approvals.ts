import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys, type ApprovalListStatus } from '../../../lib/query-keys.js';

/** Approvals expire; the inbox and the nav badge refresh on this beat. */
export const APPROVALS_POLL_MS = 30_000;
/** Under this much time left a pending approval is flagged "expiring soon" (the BFF counts the same way). */
export const EXPIRING_SOON_MS = 10 * 60_000;

export function parseApprovalListStatus(value: string | null): ApprovalListStatus {
  return value === 'all' ? 'all' : 'pending';
}

export function getApprovals(status: ApprovalListStatus, signal?: AbortSignal) {
  return apiFetch(endpoints.listApprovals, { query: { status }, signal });
}

export const approvalsQueryOptions = (status: ApprovalListStatus) =>
  queryOptions({
    queryKey: queryKeys.approvals.list({ status }),
    queryFn: ({ signal }) => getApprovals(status, signal),
    refetchInterval: APPROVALS_POLL_MS,
  });

export function useApprovals(status: ApprovalListStatus, options: { enabled?: boolean } = {}) {
  return useQuery({ ...approvalsQueryOptions(status), enabled: options.enabled ?? true });
}
