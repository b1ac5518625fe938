import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { deploymentsResponseSchema, type DeploymentsResponse } from '../../../../contracts/deployments.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildSession } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

beforeAll(async () => {
  await import('./DeploymentsPage.js');
}, 60_000);

const topic = (t: string, ids: string[], contract: boolean, workerSeenAt: string | null) => ({ topic: t, activityIds: ids, contract, owner: contract ? 'fulfillment' : null, workerSeenAt });

const payload: DeploymentsResponse = z.parse(deploymentsResponseSchema, {
  generatedAt: '2026-01-05T12:00:00Z',
  processes: [
    {
      processKey: 'order-orchestration',
      processName: 'Order orchestration',
      versions: [
        {
          engineId: 'default', processKey: 'order-orchestration', processName: 'Order orchestration', version: 5, deployedAt: '2026-01-05T09:00:00Z', previousVersion: 4,
          running: 2, runningByActivity: [{ activityId: 'fraudCheck', count: 2 }],
          casesFilter: 'processKey=order-orchestration&processVersion=5&status=all',
          report: {
            topicsAdded: [topic('fraud-screening', ['fraudCheck'], false, null)],
            topicsRemoved: [topic('notify-customer', ['notifyCustomer'], true, null)],
            topics: [topic('fraud-screening', ['fraudCheck'], false, null), topic('reserve-inventory', ['reserveInventory'], true, '2026-01-05T11:59:00Z')],
            activitiesRemoved: [{ activityId: 'notifyCustomer', name: 'Notify customer', runningInstances: 3 }],
            activitiesAdded: [{ activityId: 'fraudCheck', name: 'Screen for fraud' }],
            steps: [{ activityId: 'fraudCheck', name: 'Screen for fraud' }, { activityId: 'reserveInventory', name: 'Reserve inventory' }],
            variablesNoLongerProvided: [{ activityId: 'reserveInventory', topic: 'reserve-inventory', variable: 'reservationRequestId' }],
            decisionChanges: [],
            advice: { action: 'CONSIDER_MIGRATION', reasons: ['3 orders run on older versions and will finish there; new orders take this version.'] },
            risks: ['The step “Screen for fraud” has no published worker contract and no worker has been seen taking its work: orders that reach it will wait there.'],
          },
        },
        {
          engineId: 'default', processKey: 'order-orchestration', processName: 'Order orchestration', version: 4, deployedAt: '2026-01-01T09:00:00Z', previousVersion: null,
          running: 3, runningByActivity: [{ activityId: 'notifyCustomer', count: 3 }], casesFilter: 'processKey=order-orchestration&processVersion=4&status=all', report: null,
        },
      ],
    },
  ],
  // The worker of reserve-inventory as sampled now (newer than at release time).
  workers: [{ engineId: 'default', topic: 'reserve-inventory', workerSeenAt: '2026-01-05T11:59:58Z', waiting: 0, sampledAt: '2026-01-05T12:00:00Z' }],
});

describe('deployments page', { timeout: 15_000 }, () => {
  it('shows each version with its report, advice and running orders, engine names only in technical parts', async () => {
    server.use(handle(endpoints.deployments, () => respond(endpoints.deployments, payload)));
    const { user, router } = renderApp('/deployments');
    const versions = await screen.findAllByTestId('deployment-version', {}, { timeout: 5_000 });
    expect(versions).toHaveLength(2);
    const v5 = versions[0]!;
    expect(within(v5).getByRole('heading', { name: 'Version 5' })).toBeInTheDocument();
    expect(within(v5).getByTestId('advice')).toHaveTextContent('Consider a migration');
    expect(within(v5).getByTestId('risks')).toHaveTextContent('The step “Screen for fraud” has no published worker contract');
    const rows = within(within(v5).getByTestId('worker-steps')).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/Screen for fraud.*Missing.*Not seen.*New/);
    expect(rows[2]).toHaveTextContent(/Reserve inventory.*Published \(team fulfillment\).*Seen.*Unchanged/);
    expect(within(v5).getByTestId('steps-removed')).toHaveTextContent(/Notify customer.*3/);
    expect(within(v5).getByTestId('running-by-step')).toHaveTextContent(/Screen for fraud.*2/);
    expect(versions[1]).toHaveTextContent('The release report is not written yet');

    // Engine names sit only inside data-technical.
    for (const name of ['fraud-screening', 'reserve-inventory', 'notifyCustomer', 'reservationRequestId', 'order-orchestration']) {
      for (const el of screen.queryAllByText(new RegExp(name))) expect(el.closest('[data-technical]'), name).not.toBeNull();
    }

    const link = within(v5).getByTestId('version-cases-link');
    expect(link).toHaveAttribute('href', '/cases?processKey=order-orchestration&processVersion=5&status=all');
    await user.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
    expect(router.state.location.search).toBe('?processKey=order-orchestration&processVersion=5&status=all');
  });

  it('says so when no version was reported yet', async () => {
    server.use(handle(endpoints.deployments, () => respond(endpoints.deployments, { generatedAt: '2026-01-05T12:00:00Z', processes: [], workers: [] })));
    renderApp('/deployments');
    expect(await screen.findByText('No process versions yet', {}, { timeout: 5_000 })).toBeInTheDocument();
  });
  it('offers platform owners a migration plan for each older version with running orders, to the latest version', async () => {
    server.use(
      handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'paula.platform', roles: ['platform_owner'] }))),
      handle(endpoints.deployments, () => respond(endpoints.deployments, payload)),
    );
    renderApp('/deployments');
    const versions = await screen.findAllByTestId('deployment-version', {}, { timeout: 5_000 });
    // Version 5 is the latest: nothing to move to. Version 4 has 3 orders running.
    expect(within(versions[0]!).queryByTestId('plan-migration-link')).toBeNull();
    expect(within(versions[1]!).getByTestId('plan-migration-link')).toHaveAttribute('href', '/migrations/new?process=order-orchestration&source=4&target=5');
    expect(screen.getByTestId('migration-plans-link')).toHaveAttribute('href', '/migrations');
  });

  it('offers no migration plan to roles that do not plan migrations', async () => {
    server.use(
      handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'theo.tech', roles: ['tech_ops'] }))),
      handle(endpoints.deployments, () => respond(endpoints.deployments, payload)),
    );
    renderApp('/deployments');
    expect(await screen.findAllByTestId('deployment-version', {}, { timeout: 5_000 })).toHaveLength(2);
    expect(screen.queryByTestId('plan-migration-link')).toBeNull();
    expect(screen.queryByTestId('migration-plans-link')).toBeNull();
  });
});
