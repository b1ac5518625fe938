import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { CreateMigrationPlanRequest, MigrationPlan } from '../../../../contracts/migrations.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export type MigrationAction = MigrationPlan['allowedActions'][number];

const actionEndpoints = {
  APPROVE: endpoints.approveMigrationPlan,
  REJECT: endpoints.rejectMigrationPlan,
  START: endpoints.startMigrationPlan,
  ABORT: endpoints.abortMigrationPlan,
} as const;

export function createMigrationPlan(request: CreateMigrationPlanRequest) {
  return apiFetch(endpoints.createMigrationPlan, { body: request });
}

export function decideMigrationPlan(input: { planId: string; action: MigrationAction; reason: string }) {
  return apiFetch(actionEndpoints[input.action], { params: { planId: input.planId }, body: { reason: input.reason.trim() } });
}

/** The answer is the plan as it is now: it goes straight into the page's cache, and the list refreshes. */
function useStorePlan() {
  const queryClient = useQueryClient();
  return (plan: MigrationPlan) => {
    queryClient.setQueryData(queryKeys.migrations.detail(plan.id), plan);
    return queryClient.invalidateQueries({ queryKey: queryKeys.migrations.list() });
  };
}

export function useCreateMigrationPlan() {
  const store = useStorePlan();
  return useMutation({ mutationFn: createMigrationPlan, onSuccess: store });
}

export function useDecideMigrationPlan() {
  const queryClient = useQueryClient();
  const store = useStorePlan();
  return useMutation({
    mutationFn: decideMigrationPlan,
    onSuccess: store,
    // 409: someone else acted first (or the state moved on); show the plan as it is now.
    onError: (error, input) =>
      error.status === 409 ? queryClient.invalidateQueries({ queryKey: queryKeys.migrations.detail(input.planId) }) : undefined,
  });
}
