import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_HEADER, type BulkRetryResponse } from '../../../../contracts/actions.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { apiRequest, type RequestFailure } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export interface BulkRetryInput {
  processDefinitionKey: string;
  activityId: string;
  /** Real run only: ids from the dry run's scope (the BFF skips any that are no longer in scope). */
  caseIds?: string[];
  comment?: string;
}

async function postBulkRetry(body: Record<string, unknown>, idempotencyKey?: string): Promise<BulkRetryResponse> {
  const result = await apiRequest(endpoints.bulkRetry, {
    body,
    headers: idempotencyKey ? { [IDEMPOTENCY_HEADER]: idempotencyKey } : undefined,
  });
  if (!result.ok) throw result.error;
  return result.data;
}

/** The dry run: what a real run would touch, changing nothing. */
export function useBulkRetryDryRun() {
  return useMutation<BulkRetryResponse, RequestFailure, Omit<BulkRetryInput, 'caseIds' | 'comment'>>({
    mutationFn: (input) =>
      postBulkRetry({
        processDefinitionKey: input.processDefinitionKey,
        activityId: input.activityId,
        dryRun: true,
      }),
  });
}

/** The real run over the dry run's ids; one idempotency key per dialog, so a re-submit cannot act twice. */
export function useBulkRetryRun(idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation<BulkRetryResponse, RequestFailure, BulkRetryInput & { caseIds: string[] }>({
    mutationFn: (input) =>
      postBulkRetry(
        {
          processDefinitionKey: input.processDefinitionKey,
          activityId: input.activityId,
          dryRun: false,
          caseIds: input.caseIds,
          ...(input.comment ? { comment: input.comment } : {}),
        },
        idempotencyKey,
      ),
    // The queue lives under `cases`, so this refreshes it as well as any open case page.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cases.all() }),
  });
}
