import { alertsQueryOptions } from '../features/alerts/api/get-alerts.js';
import type { QueryClient } from '@tanstack/react-query';
import { type RouteObject } from 'react-router';
import { RoleLanding } from './routes/RoleLanding.js';
import { approvalsQueryOptions, parseApprovalListStatus } from '../features/approvals/api/get-approvals.js';
import { caseQueryOptions } from '../features/case-page/api/get-case.js';
import { freezesQueryOptions } from '../features/freezes/api/get-freezes.js';
import { dashboardQueryOptions, parseDashboardEngine, parseDashboardRange } from '../features/dashboard/api/get-dashboard.js';
import { deploymentsQueryOptions } from '../features/deployments/api/get-deployments.js';
import { migrationPlanQueryOptions, migrationPlansQueryOptions } from '../features/migrations/api/get-migrations.js';
import { orderViewQueryOptions } from '../features/order-view/api/get-order-view.js';
import { queueQueryOptions } from '../features/queue/api/get-queue.js';
import { parseQueueState } from '../features/queue/api/queue-filters.js';
import { AppLayout } from './layout/AppLayout.js';
import { authMethodsQueryOptions } from '../features/session/api/get-auth-methods.js';
import { AppLoading, NotFound, RouteError } from './routes/fallbacks.js';

/**
 * Routes, shared by the browser router (main.tsx) and the tests' memory router.
 * Loaders only start the fetch (the same queryOptions the page reads), so data and a lazy chunk load in
 * parallel and the page shows its own loading and error states. Every page is its own chunk (the queue
 * with its virtualizer, the case page with bpmn-js, audit, catalog, …). Everything under the layout waits for the session (see SessionGate).
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      path: '/login',
      ErrorBoundary: RouteError,
      HydrateFallback: AppLoading,
      // The page shows the sign-in methods this deployment offers: known before it renders, so the password form
      // does not flash up where there is only single sign-on. If the question fails, the page offers the form.
      loader: async () => {
        await queryClient.ensureQueryData(authMethodsQueryOptions()).catch(() => null);
        return null;
      },
      lazy: async () => {
        const { LoginPage } = await import('../features/session/components/LoginPage.js');
        return { Component: LoginPage };
      },
    },
    {
      path: '/',
      Component: AppLayout,
      ErrorBoundary: RouteError,
      HydrateFallback: AppLoading,
      children: [
        { index: true, Component: RoleLanding },
        {
          path: 'cases',
          loader: ({ request }) => {
            void queryClient.prefetchInfiniteQuery(queueQueryOptions(parseQueueState(new URL(request.url).searchParams)));
            return null;
          },
          lazy: async () => {
            const { QueuePage } = await import('../features/queue/components/QueuePage.js');
            return { Component: QueuePage };
          },
        },
        {
          path: 'views/:viewId',
          lazy: async () => {
            const { OpenSavedViewPage } = await import('../features/saved-views/components/OpenSavedViewPage.js');
            return { Component: OpenSavedViewPage };
          },
        },
        {
          path: 'cases/:caseId',
          loader: ({ params }) => {
            if (params.caseId) void queryClient.prefetchQuery(caseQueryOptions(params.caseId));
            return null;
          },
          lazy: async () => {
            const { CasePage } = await import('../features/case-page/components/CasePage.js');
            return { Component: CasePage };
          },
        },
        {
          path: 'search',
          lazy: async () => {
            const { SearchPage } = await import('../features/search/components/SearchPage.js');
            return { Component: SearchPage };
          },
        },
        {
          path: 'approvals',
          loader: ({ request }) => {
            const status = parseApprovalListStatus(new URL(request.url).searchParams.get('status'));
            void queryClient.prefetchQuery(approvalsQueryOptions(status));
            return null;
          },
          lazy: async () => {
            const { ApprovalsPage } = await import('../features/approvals/components/ApprovalsPage.js');
            return { Component: ApprovalsPage };
          },
        },
        {
          path: 'freezes',
          loader: () => {
            void queryClient.prefetchQuery(freezesQueryOptions());
            return null;
          },
          lazy: async () => {
            const { FreezesPage } = await import('../features/freezes/components/FreezesPage.js');
            return { Component: FreezesPage };
          },
        },
        {
          // recharts lives only in this chunk.
          path: 'dashboard',
          loader: ({ request }) => {
            const query = new URL(request.url).searchParams;
            void queryClient.prefetchQuery(dashboardQueryOptions(parseDashboardRange(query.get('range')), parseDashboardEngine(query.get('engine'))));
            return null;
          },
          lazy: async () => {
            const { DashboardPage } = await import('../features/dashboard/components/DashboardPage.js');
            return { Component: DashboardPage };
          },
        },
        {
          path: 'alerts',
          loader: () => {
            void queryClient.prefetchQuery(alertsQueryOptions());
            return null;
          },
          lazy: async () => {
            const { AlertsPage } = await import('../features/alerts/components/AlertsPage.js');
            return { Component: AlertsPage };
          },
        },
        {
          path: 'deployments',
          loader: () => {
            void queryClient.prefetchQuery(deploymentsQueryOptions());
            return null;
          },
          lazy: async () => {
            const { DeploymentsPage } = await import('../features/deployments/components/DeploymentsPage.js');
            return { Component: DeploymentsPage };
          },
        },
        {
          path: 'migrations',
          loader: () => {
            void queryClient.prefetchQuery(migrationPlansQueryOptions());
            return null;
          },
          lazy: async () => {
            const { MigrationsPage } = await import('../features/migrations/components/MigrationsPage.js');
            return { Component: MigrationsPage };
          },
        },
        {
          // The planner picks versions and steps from the deployments.
          path: 'migrations/new',
          loader: () => {
            void queryClient.prefetchQuery(deploymentsQueryOptions());
            return null;
          },
          lazy: async () => {
            const { PlanMigrationPage } = await import('../features/migrations/components/PlanMigrationPage.js');
            return { Component: PlanMigrationPage };
          },
        },
        {
          path: 'migrations/:planId',
          loader: ({ params }) => {
            if (params.planId) void queryClient.prefetchQuery(migrationPlanQueryOptions(params.planId));
            return null;
          },
          lazy: async () => {
            const { MigrationPlanPage } = await import('../features/migrations/components/MigrationPlanPage.js');
            return { Component: MigrationPlanPage };
          },
        },
        {
          path: 'orders/:orderId',
          loader: ({ params }) => {
            if (params.orderId) void queryClient.prefetchQuery(orderViewQueryOptions(params.orderId));
            return null;
          },
          lazy: async () => {
            const { OrderViewPage } = await import('../features/order-view/components/OrderViewPage.js');
            return { Component: OrderViewPage };
          },
        },
        {
          path: 'audit',
          lazy: async () => {
            const { AuditPage } = await import('../features/audit/components/AuditPage.js');
            return { Component: AuditPage };
          },
        },
        {
          path: 'catalog',
          lazy: async () => {
            const { CatalogPage } = await import('../features/catalog/components/CatalogPage.js');
            return { Component: CatalogPage };
          },
        },
        { path: '*', Component: NotFound },
      ],
    },
  ];
}
