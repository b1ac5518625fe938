import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildDashboard, buildHealth, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

function serveDashboard(requestedRanges: string[] = []) {
  server.use(
    handle(endpoints.dashboard, ({ request }) => {
      const range = new URL(request.url).searchParams.get('range') ?? '';
      requestedRanges.push(range);
      return respond(endpoints.dashboard, buildDashboard({ range: range === '24h' || range === '30d' ? range : '7d' }));
    }),
  );
  return requestedRanges;
}

// The route loads the dashboard chunk lazily; recharts takes seconds to transform in a cold test worker, so
// the module is loaded once up front instead of inside the first test's time limit.
beforeAll(async () => {
  await import('./DashboardPage.js');
}, 60_000);
const firstRender = { timeout: 5_000 };

const query = (href: string | null) => Object.fromEntries(new URLSearchParams(href?.split('?')[1] ?? ''));

// Charts render real SVG in jsdom, which is slow on a busy machine: a roomier limit per test.
describe('dashboard', { timeout: 15_000 }, () => {
  it('renders the business and technical sections from the read model', async () => {
    serveDashboard();
    renderApp('/dashboard');

    const business = await screen.findByRole('region', { name: 'Business' }, firstRender);
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('href', '/dashboard');
    const fallout = within(business).getByRole('link', { name: /Fallout rate/ });
    expect(fallout).toHaveTextContent('4.5%');
    expect(fallout).toHaveTextContent('18 of 400 orders had a case');
    expect(within(business).getByRole('link', { name: /Unknown outcome, open/ })).toHaveTextContent('3');
    expect(within(business).getByRole('link', { name: /Retry to success/ })).toHaveTextContent('75%');
    expect(within(business).getByRole('link', { name: /Approval SLA breaches/ })).toHaveTextContent('2');
    expect(within(business).getByRole('link', { name: /Manual recoveries/ })).toHaveTextContent('6');
    expect(within(business).getByRole('link', { name: 'Waiting for shipment: 4' })).toBeInTheDocument();

    const technical = screen.getByRole('region', { name: 'Technical' });
    expect(within(technical).getByText('850 ms / 4.2 s')).toBeInTheDocument();
    expect(within(technical).getByRole('link', { name: 'Reserve inventory (order-orchestration v3): 7' })).toBeInTheDocument();
    expect(within(technical).getByRole('link', { name: 'Retry step: 2 failed' })).toBeInTheDocument();
    // The newest bucket of open cases per category.
    expect(within(technical).getByRole('link', { name: 'Technical – transient: 3' })).toBeInTheDocument();
    expect(within(technical).getByText('Deployments in this range (1)')).toBeInTheDocument();

    const [billing, inventory] = within(technical).getAllByTestId('worker-row');
    expect(billing).toHaveTextContent('billing.charge');
    expect(billing).toHaveTextContent('20 min');
    expect(billing).toHaveTextContent('A worker may be down');
    expect(inventory).toHaveTextContent('inventory.reserve');
    expect(inventory).not.toHaveTextContent('A worker may be down');
  });

  it('a tile and a chart figure link open the queue filtered to their cases', async () => {
    serveDashboard();
    const { user, router } = renderApp('/dashboard');

    const incidents = await screen.findByTestId('chart-incidents', {}, firstRender);
    expect(within(incidents).getByRole('link', { name: /^Reserve inventory/ })).toHaveAttribute(
      'href',
      '/cases?processKey=order-orchestration&processVersion=3&activityId=reserve-inventory',
    );
    expect(query(within(screen.getByTestId('chart-open-by-category')).getByRole('link', { name: /Unknown outcome/ }).getAttribute('href'))).toEqual({
      category: 'UNKNOWN_OUTCOME',
    });

    // Figures from commands and approvals open exactly the cases behind them, within the range (7 days).
    const business = screen.getByRole('region', { name: 'Business' });
    expect(query(within(business).getByRole('link', { name: /Approval SLA breaches/ }).getAttribute('href'))).toEqual({
      status: 'all', approval: 'breached', eventWithinMinutes: '10080',
    });
    expect(query(within(business).getByRole('link', { name: /Manual recoveries/ }).getAttribute('href'))).toEqual({
      status: 'all', command: 'CONFIRM_EXTERNAL_OUTCOME,MARK_FAILED_AND_RETRY,START_MISSING_WORKFLOW,RESOLVE', commandOutcome: 'done', eventWithinMinutes: '10080',
    });
    expect(query(within(business).getByRole('link', { name: /Retry to success/ }).getAttribute('href'))).toEqual({
      status: 'all', command: 'RETRY_STEP', commandOutcome: 'done', eventWithinMinutes: '10080',
    });
    expect(query(screen.getByRole('link', { name: 'Retry step: 2 failed' }).getAttribute('href'))).toEqual({
      status: 'all', command: 'RETRY_STEP', commandOutcome: 'failed', eventWithinMinutes: '10080',
    });
    expect(screen.getByRole('link', { name: 'Open cases at topic billing.charge' })).toHaveAttribute('href', '/cases?topic=billing.charge');

    await user.click(screen.getByRole('link', { name: /Unknown outcome, open/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
    expect(router.state.location.search).toBe('?category=UNKNOWN_OUTCOME');
  });

  it('a click on a drawn bar opens the queue at that activity', async () => {
    serveDashboard();
    const { user, router } = renderApp('/dashboard');
    const incidents = await screen.findByTestId('chart-incidents', {}, firstRender);
    // The chart draws again when the engine list arrives (the page asks it for the engine filter): a bar found
    // just before is then gone, so find and click it until the click lands.
    await waitFor(async () => {
      const bar = incidents.querySelector('.recharts-bar-rectangle path, .recharts-rectangle');
      expect(bar).not.toBeNull();
      await user.click(bar!);
      expect(router.state.location.pathname).toBe('/cases');
    });
    expect(query(router.state.location.search)).toEqual({ processKey: 'order-orchestration', processVersion: '3', activityId: 'reserve-inventory' });
  });

  it('offers tech ops a bulk retry where a storm shows, opening the queue at that process and step', async () => {
    serveDashboard();
    renderApp('/dashboard');
    const incidents = await screen.findByTestId('chart-incidents', {}, firstRender);
    const bulk = within(incidents).getByRole('link', { name: 'Bulk retry at Reserve inventory (order-orchestration)' });
    expect(query(bulk.getAttribute('href'))).toEqual({ processKey: 'order-orchestration', activityId: 'reserve-inventory', bulk: 'retry' });
    // Three failures at a money step, none transient: a bulk retry would take none of them, so no link.
    expect(within(incidents).getByRole('link', { name: /Charge customer/ })).toBeInTheDocument();
    expect(within(incidents).queryByRole('link', { name: /^Bulk retry at Charge customer/ })).toBeNull();
  });

  it('shows no bulk retry link to a user who cannot run one', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support', 'fulfillment_ops'] }))));
    serveDashboard();
    renderApp('/dashboard');
    const incidents = await screen.findByTestId('chart-incidents', {}, firstRender);
    expect(within(incidents).queryByRole('link', { name: /^Bulk retry/ })).toBeNull();
  });

  it('the range switch is kept in the URL and changes the request', async () => {
    const ranges = serveDashboard();
    const { user, router } = renderApp('/dashboard');
    await screen.findByRole('region', { name: 'Business' }, firstRender);
    expect(ranges).toEqual(['7d']);
    expect(screen.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: '24 hours' }));
    await waitFor(() => expect(ranges).toContain('24h'));
    expect(new URLSearchParams(router.state.location.search).get('range')).toBe('24h');
    await waitFor(() => expect(screen.getByRole('button', { name: '24 hours' })).toHaveAttribute('aria-pressed', 'true'));
    // The per-range link of the fallout rate follows: cases first seen in the last 24 hours.
    await waitFor(() => expect(query(screen.getByRole('link', { name: /Fallout rate/ }).getAttribute('href'))).toEqual({ status: 'all', maxAgeMinutes: '1440' }));
  });

  it('names the sync leader and when its last pass finished, with the failure of the last pass', async () => {
    serveDashboard();
    const lastPassAt = new Date(Date.now() - 2 * 60_000).toISOString();
    server.use(
      handle(endpoints.health, () =>
        respond(endpoints.health, buildHealth({ leader: 'bff-1:812:a1b2c3d4', lastPassAt, lastError: 'The engine is not reachable (ECONNREFUSED).' })),
      ),
    );
    renderApp('/dashboard');
    const tile = await screen.findByTestId('sync-status-tile', {}, firstRender);
    expect(tile).toHaveTextContent('Sync leader');
    expect(tile).toHaveTextContent('bff-1:812:a1b2c3d4');
    expect(tile).toHaveTextContent('Last pass finished 2 min. ago and failed');
    expect(tile).toHaveTextContent('The engine is not reachable (ECONNREFUSED).');
    expect(within(tile).getByText('bff-1:812:a1b2c3d4')).toHaveAttribute('title', 'bff-1:812:a1b2c3d4');
  });

  it('says so when no replica has finished a sync pass yet', async () => {
    serveDashboard();
    server.use(handle(endpoints.health, () => respond(endpoints.health, buildHealth({ leader: null, lastPassAt: null }))));
    renderApp('/dashboard');
    const tile = await screen.findByTestId('sync-status-tile', {}, firstRender);
    expect(tile).toHaveTextContent('No pass yet');
    expect(tile).toHaveTextContent('No replica has finished a pass');
  });

  it('shows empty charts as text', async () => {
    server.use(
      handle(endpoints.dashboard, () =>
        respond(endpoints.dashboard, buildDashboard({ technical: { incidentsByActivity: [], workers: [] }, business: { stuckByStage: [] } })),
      ),
    );
    renderApp('/dashboard');
    expect(await screen.findByText('No incidents in this range.', {}, firstRender)).toBeInTheDocument();
    expect(screen.getByText('No stuck orders.')).toBeInTheDocument();
    expect(screen.getByText('No external task topics reported.')).toBeInTheDocument();
  });

  it('shows the error state', async () => {
    server.use(handle(endpoints.dashboard, () => respondError(503, 'READ_MODEL_UNAVAILABLE', 'The read model is not reachable.')));
    renderApp('/dashboard?range=30d');
    expect(await screen.findByRole('alert', {}, firstRender)).toHaveTextContent('The read model is not reachable.');
  });

  it('the navigation offers the dashboard to operators but not to support alone', async () => {
    serveDashboard();
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'sam.support', roles: ['support'] }))));
    renderApp('/search');
    await screen.findByRole('heading', { level: 1, name: 'Search' });
    expect(screen.queryByRole('link', { name: 'Dashboard' })).not.toBeInTheDocument();
  });
});
