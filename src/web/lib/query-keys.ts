// Every TanStack Query key of the SPA comes from here, so invalidation after a mutation can name exactly
// what it touches (see features/case-page/api/run-action.ts).
export type CaseListStatus = 'open' | 'all';
export type ApprovalListStatus = 'pending' | 'all';

export const queryKeys = {
  session: () => ['session'] as const,
  authMethods: () => ['auth-methods'] as const,
  health: () => ['health'] as const,
  engines: () => ['engines'] as const,
  search: {
    all: () => ['search'] as const,
    query: (q: string) => ['search', q] as const,
  },
  cases: {
    all: () => ['cases'] as const,
    lists: () => ['cases', 'list'] as const,
    list: (filter: { status: CaseListStatus }) => ['cases', 'list', filter] as const,
    details: () => ['cases', 'detail'] as const,
    detail: (caseId: string) => ['cases', 'detail', caseId] as const,
  },
  approvals: {
    all: () => ['approvals'] as const,
    list: (filter: { status: ApprovalListStatus }) => ['approvals', 'list', filter] as const,
  },
  freezes: {
    all: () => ['freezes'] as const,
    list: () => ['freezes', 'list'] as const,
  },
  // Under `cases`, so every mutation that invalidates `cases.all()` refreshes the queue too.
  queue: {
    all: () => ['cases', 'queue'] as const,
    list: (query: Record<string, string>) => ['cases', 'queue', query] as const,
  },
  audit: {
    all: () => ['audit'] as const,
    list: (query: Record<string, string>) => ['audit', 'list', query] as const,
    verification: () => ['audit', 'verification'] as const,
  },
  catalog: () => ['catalog'] as const,
  dashboard: {
    all: () => ['dashboard'] as const,
    range: (range: string, engineId: string | null = null) => ['dashboard', range, engineId ?? 'all'] as const,
  },
  deployments: () => ['deployments'] as const,
  migrations: {
    all: () => ['migrations'] as const,
    list: () => ['migrations', 'list'] as const,
    detail: (planId: string) => ['migrations', 'detail', planId] as const,
  },
  orders: {
    all: () => ['orders'] as const,
    detail: (orderId: string) => ['orders', 'detail', orderId] as const,
  },
  // Per user, never touched by case changes: not under `cases`.
  savedViews: {
    all: () => ['saved-views'] as const,
    list: () => ['saved-views', 'list'] as const,
    detail: (viewId: string) => ['saved-views', 'detail', viewId] as const,
  },
  recentOrders: () => ['recent-orders'] as const,
  alerts: () => ['alerts'] as const,
};
