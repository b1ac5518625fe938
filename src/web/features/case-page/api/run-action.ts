import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IDEMPOTENCY_HEADER, actionRequestSchemas, actionSlugs, type CommandResult } from '../../../../contracts/actions.js';
import type { ActionId } from '../../../../contracts/cases.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { RequestError, apiRequest } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export interface RunActionInput {
  caseId: string;
  action: ActionId;
  /** The case version the operator looked at; sent as If-Match so a stale page cannot act. */
  version: number;
  /** The action's request body (see `actionRequestSchemas`); checked against the contract before sending. */
  body: Record<string, string>;
  /** One key per user intent, reused when the same intent is re-submitted (see lib/idempotency.ts). */
  idempotencyKey: string;
}

export async function runCaseAction(input: RunActionInput): Promise<CommandResult> {
  // The generic endpoint, with this action's own request schema so the client validates what it sends.
  const endpoint = { ...endpoints.caseAction, request: actionRequestSchemas[input.action] };
  const result = await apiRequest(endpoint, {
    params: { caseId: input.caseId, action: actionSlugs[input.action] },
    body: input.body,
    headers: { [IDEMPOTENCY_HEADER]: input.idempotencyKey, 'If-Match': `"${input.version}"` },
  });
  if (!result.ok) throw new RequestError(result.error);
  return result.data;
}

export function useCaseAction(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runCaseAction,
    // A command can change this case, the lists it shows up in, linked cases, approvals and search results.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.cases.all() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.search.all() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.health() }),
      ]),
    onError: (error) => {
      // 412: someone else changed the case; 409: its state forbids the action. Either way show the current state.
      if (error.status === 412 || error.status === 409) {
        return queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(caseId) });
      }
      return undefined;
    },
  });
}
