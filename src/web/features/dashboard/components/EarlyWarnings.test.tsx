import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildDashboard } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

beforeAll(async () => {
  await import('./DashboardPage.js');
}, 60_000);

describe('dashboard early warnings', { timeout: 15_000 }, () => {
  it('lists steps failing but still retrying in words, each linked to the queue at that step, and the per-topic lock figures', async () => {
    server.use(
      handle(endpoints.dashboard, () =>
        respond(
          endpoints.dashboard,
          buildDashboard({
            technical: {
              retryingSteps: [
                {
                  engineId: 'default', kind: 'externalTask', processKey: 'order-orchestration', processVersion: 3, activityId: 'checkAvailability', activityName: 'Check availability',
                  topic: 'check-availability', count: 2, minRetriesLeft: 1, nextTryAt: '2026-01-05T12:00:30Z', lastError: 'ECONNRESET stock service', sampledAt: '2026-01-05T12:00:00Z',
                  filter: 'processKey=order-orchestration&processVersion=3&activityId=checkAvailability&status=all',
                },
                {
                  engineId: 'default', kind: 'job', processKey: 'order-orchestration', processVersion: 2, activityId: 'validateOrder', activityName: 'Validate order',
                  topic: null, count: 1, minRetriesLeft: 2, nextTryAt: null, lastError: 'Unknown property used in expression', sampledAt: '2026-01-05T12:00:00Z',
                  filter: 'processKey=order-orchestration&processVersion=2&activityId=validateOrder&status=all',
                },
              ],
              workers: [
                { engineId: 'default', topic: 'check-availability', waiting: 0, oldestWaitingSince: null, sampledAt: '2026-01-05T12:00:00Z', workerSeenAt: null, retrying: 2, lockExpiredNow: 1, lockExpirationsInRange: 4 },
              ],
            },
          }),
        ),
      ),
    );
    renderApp('/dashboard?range=24h');
    const panel = await screen.findByTestId('early-warnings', {}, { timeout: 5_000 });
    const items = within(panel).getAllByTestId('retrying-step');
    expect(items[0]).toHaveTextContent('Check availability');
    expect(items[0]).toHaveTextContent('2 orders: its worker reported a failure; at least one more try before a case opens.');
    expect(items[1]).toHaveTextContent('1 order: the engine’s own attempt failed; at least 2 more tries before a case opens.');
    expect(within(items[0]!).getByRole('link', { name: 'Check availability' })).toHaveAttribute(
      'href', '/cases?processKey=order-orchestration&processVersion=3&activityId=checkAvailability&status=all',
    );
    // The engine's message only inside the technical details.
    expect(screen.getByText(/ECONNRESET/).closest('[data-technical]')).not.toBeNull();

    const row = within(screen.getByTestId('worker-health')).getByTestId('worker-row');
    expect(row).toHaveTextContent(/not seen.*2.*4 \(1 now\)/);
  });
});
