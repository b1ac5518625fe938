import { queryOptions, useQuery } from '@tanstack/react-query';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { MigrationPlan } from '../../../../contracts/migrations.js';
import { apiFetch } from '../../../lib/api-client.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function getMigrationPlans(signal?: AbortSignal) {
  return apiFetch(endpoints.listMigrationPlans, { signal });
}

export function getMigrationPlan(planId: string, signal?: AbortSignal) {
  return apiFetch(endpoints.migrationPlan, { params: { planId }, signal });
}

/** Plans change state in the background (batches run server-side): a running one is worth a look every half minute. */
export const migrationPlansQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.migrations.list(), queryFn: ({ signal }) => getMigrationPlans(signal), refetchInterval: 30_000 });

/** How often an open plan refreshes while its batches run: no live event names plans, so the page asks. */
export const RUNNING_REFRESH_MS = 2_000;

export const migrationPlanQueryOptions = (planId: string) =>
  queryOptions({
    queryKey: queryKeys.migrations.detail(planId),
    queryFn: ({ signal }) => getMigrationPlan(planId, signal),
    refetchInterval: (query) => (isMoving(query.state.data) ? RUNNING_REFRESH_MS : false),
  });

/** RUNNING: the canary or a batch is under way or the next one waits for its turn. */
export function isMoving(plan: Pick<MigrationPlan, 'state'> | undefined): boolean {
  return plan?.state === 'RUNNING';
}

export function useMigrationPlans() {
  return useQuery(migrationPlansQueryOptions());
}

export function useMigrationPlan(planId: string) {
  return useQuery(migrationPlanQueryOptions(planId));
}
