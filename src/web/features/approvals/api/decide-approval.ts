import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_HEADER, type CommandResult } from '../../../../contracts/actions.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { RequestError, apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export type Decision = 'approve' | 'reject';

export interface DecideInput {
  approvalId: string;
  decision: Decision;
  reason: string;
  /** One key per decision intent; reused when the outcome was unknown (see lib/idempotency.ts). */
  idempotencyKey: string;
}

/** Approving runs the approved command, so its answer is a command result; rejecting answers the updated list. */
export type DecideResult = { decision: 'approve'; result: CommandResult } | { decision: 'reject' };

export async function decideApproval(input: DecideInput): Promise<DecideResult> {
  const options = {
    params: { approvalId: input.approvalId },
    body: { reason: input.reason.trim() },
    headers: { [IDEMPOTENCY_HEADER]: input.idempotencyKey },
  };
  if (input.decision === 'approve') {
    const answer = await apiRequest(endpoints.approve, options);
    if (!answer.ok) throw new RequestError(answer.error);
    return { decision: 'approve', result: answer.data };
  }
  const answer = await apiRequest(endpoints.reject, options);
  if (!answer.ok) throw new RequestError(answer.error);
  return { decision: 'reject' };
}

export function useDecideApproval() {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.cases.all() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.search.all() }),
    ]);
  return useMutation({
    mutationFn: decideApproval,
    onSuccess: refresh,
    // 409: decided by someone else or expired meanwhile; show the current list.
    onError: (error) => (error.status === 409 ? refresh() : undefined),
  });
}
