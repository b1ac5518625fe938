import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildDashboard } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

beforeAll(async () => {
  await import('./DashboardPage.js');
}, 60_000);

const versionFilter = 'processKey=order-orchestration&processVersion=4&status=all';

function serve() {
  const queueQueries: string[] = [];
  server.use(
    handle(endpoints.dashboard, () =>
      respond(
        endpoints.dashboard,
        buildDashboard({
          technical: {
            deployments: [
              { at: '2026-01-03T09:00:00Z', engineId: 'default', name: 'legacy release', definitions: ['billing-handoff'] },
              {
                at: '2026-01-04T09:00:00Z',
                engineId: 'default',
                name: 'fallout-workbench',
                definitions: ['order-orchestration', 'billing-handoff'],
                versions: [
                  { processKey: 'order-orchestration', processName: 'Order orchestration', version: 4, cases: 12, casesCapped: false, filter: versionFilter },
                  { processKey: 'billing-handoff', processName: 'Billing handoff', version: 2, cases: 0, casesCapped: false, filter: 'processKey=billing-handoff&processVersion=2&status=all' },
                ],
              },
            ],
          },
        }),
      ),
    ),
  );
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === endpoints.queue.path) queueQueries.push(url.search.slice(1));
  });
  return queueQueries;
}

describe('dashboard deployments', { timeout: 15_000 }, () => {
  it('lists each deployment newest first with its process versions and their case counts, each linked to exactly those cases', async () => {
    const queueQueries = serve();
    renderApp('/dashboard');
    const list = await screen.findByTestId('deployment-list', {}, { timeout: 5_000 });
    expect(list).toHaveAttribute('open');
    const items = within(list).getAllByTestId('deployment');
    expect(items.map((i) => i.querySelector('strong')?.textContent)).toEqual(['fallout-workbench', 'legacy release']);
    // The deploy time in the user's zone, the UTC value on hover.
    expect(within(items[0]!).getByTitle('2026-01-04T09:00:00Z UTC')).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('Order orchestration v412 cases');
    expect(items[0]).toHaveTextContent('Billing handoff v2no cases');
    expect(items[1]).toHaveTextContent('(billing-handoff; versions not read yet)');

    const link = within(items[0]!).getByRole('link', { name: 'Order orchestration v4' });
    expect(link).toHaveAttribute('href', `/cases?${versionFilter}`);
    await userEvent.click(link);
    await screen.findByRole('heading', { level: 1 });
    expect(queueQueries.some((q) => Object.fromEntries(new URLSearchParams(q)).processVersion === '4')).toBe(true);
  });
});
