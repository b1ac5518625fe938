import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildCaseDetail, buildCaseSummary, buildOrderView, buildProcessSummary, buildSearchResponse, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

describe('search', () => {
  it('goes straight to the case when the search finds exactly one', async () => {
    const item = buildCaseSummary({ id: 'FO-2026-000001', processInstanceId: 'pi-1' });
    server.use(
      handle(endpoints.search, () =>
        respond(endpoints.search, buildSearchResponse({ cases: [item], running: [buildProcessSummary({ processInstanceId: 'pi-1', openCaseCount: 1 })] })),
      ),
      handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, buildCaseDetail({ case: item }))),
    );
    const { router } = renderApp('/search?q=ORD-100928');
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases/FO-2026-000001'));
    expect(router.state.historyAction).toBe('REPLACE');
    expect(await screen.findByRole('heading', { level: 1, name: 'FO-2026-000001' })).toBeInTheDocument();
  });

  it('lists a single match by id prefix instead of opening it, and says the id was incomplete', async () => {
    const item = buildCaseSummary({ id: 'FO-2026-000001', processInstanceId: 'pi-1' });
    server.use(
      handle(endpoints.search, () =>
        respond(
          endpoints.search,
          buildSearchResponse({
            interpretedAs: { kind: 'order id starting with', value: 'ORD-10092' },
            cases: [item],
            running: [buildProcessSummary({ processInstanceId: 'pi-1', openCaseCount: 1 })],
          }),
        ),
      ),
    );
    const { router } = renderApp('/search?q=ORD-10092');
    await waitFor(() => expect(screen.getByTestId('search-interpretation')).toHaveTextContent('Searching order id starting with ORD-10092 · 2 results'));
    expect(screen.getByRole('link', { name: 'FO-2026-000001' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/search');
  });

  it('groups several results into cases, running and ended processes', async () => {
    const open = buildCaseSummary({ processInstanceId: 'pi-run', category: 'BUSINESS_UNMODELED' });
    server.use(
      handle(endpoints.search, () =>
        respond(
          endpoints.search,
          buildSearchResponse({
            cases: [open],
            running: [buildProcessSummary({ processInstanceId: 'pi-run', openCaseCount: 1, currentActivityIds: ['reserve-inventory'] })],
            ended: [
              buildProcessSummary({
                processInstanceId: 'pi-old',
                processDefinitionName: 'Change order',
                processDefinitionKey: 'change-order',
                processDefinitionVersion: 2,
                state: 'COMPLETED',
                currentActivityIds: [],
                endedAt: '2026-01-04T10:00:00Z',
              }),
            ],
          }),
        ),
      ),
    );
    const { router } = renderApp('/search?q=ORD-100928');

    await waitFor(() => expect(screen.getByTestId('search-interpretation')).toHaveTextContent('Searching order ORD-100928 · 3 results'));
    expect(router.state.location.pathname).toBe('/search');
    const cases = screen.getByRole('region', { name: /Cases/ });
    expect(within(cases).getByRole('link', { name: open.id })).toHaveAttribute('href', `/cases/${open.id}`);
    expect(within(cases).getByText('Business – unmodelled')).toBeInTheDocument();

    const running = screen.getByRole('region', { name: /Running processes/ });
    const runningRow = within(running).getByTestId('process-row');
    expect(runningRow).toHaveTextContent('order:ORD-100928');
    expect(runningRow).toHaveTextContent('Order ORD-100928');
    expect(runningRow).toHaveTextContent('Order orchestration v3');
    expect(runningRow).toHaveTextContent('reserve-inventory');
    expect(runningRow).toHaveTextContent('Running');
    expect(within(runningRow).getByRole('link', { name: `1 open cases; open ${open.id}` })).toBeInTheDocument();

    const ended = screen.getByRole('region', { name: /Ended processes/ });
    expect(within(ended).getByTestId('process-row')).toHaveTextContent('Change order v2');
    expect(within(ended).getByTestId('process-row')).toHaveTextContent('Completed');
    // The title is set in an effect, which may run after the first paint.
    await waitFor(() => expect(document.title).toBe('Search: ORD-100928 · Fallout Workbench'));
  });

  it('keeps a single process without a case in the results', async () => {
    server.use(handle(endpoints.search, () => respond(endpoints.search, buildSearchResponse({ ended: [buildProcessSummary({ state: 'COMPLETED' })] }))));
    const { router } = renderApp('/search?q=100928');
    expect(await screen.findByRole('region', { name: /Ended processes/ })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/search');
  });

  it('shows the accepted forms when nothing matches', async () => {
    server.use(handle(endpoints.search, () => respond(endpoints.search, buildSearchResponse({ query: 'nope', interpretedAs: null }))));
    renderApp('/search?q=nope');
    expect(await screen.findByText('No match for “nope”')).toBeInTheDocument();
    expect(screen.getByTestId('search-interpretation')).toHaveTextContent('Free-text search for “nope”');
    for (const form of ['ORD-100928', '100928', 'order:ORD-100928', 'quote:Q-1:rev:2', 'FO-2026-000001']) {
      expect(screen.getByText(form, { selector: 'code' })).toBeInTheDocument();
    }
  });

  it('shows an error state', async () => {
    server.use(handle(endpoints.search, () => respondError(400, 'BAD_QUERY', 'The query is longer than 200 characters.')));
    renderApp('/search?q=x');
    expect(await screen.findByRole('alert')).toHaveTextContent('The query is longer than 200 characters.');
  });

  it('the top bar search: / focuses it and Enter opens the results', async () => {
    const queries: string[] = [];
    server.use(
      handle(endpoints.search, ({ request }) => {
        queries.push(new URL(request.url).searchParams.get('q') ?? '');
        return respond(endpoints.search, buildSearchResponse({ query: 'quote:Q-1:rev:2', interpretedAs: { kind: 'quote', value: 'Q-1 rev 2' } }));
      }),
    );
    const { user, router } = renderApp('/cases');
    await screen.findByRole('heading', { name: 'Fallout cases' });
    await user.keyboard('/');
    const box = screen.getByRole('searchbox', { name: /Search orders/ });
    expect(box).toHaveFocus();
    await user.type(box, 'quote:Q-1:rev:2{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/search'));
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('quote:Q-1:rev:2');
    await waitFor(() => expect(screen.getByTestId('search-interpretation')).toHaveTextContent('Searching quote Q-1 rev 2'));
    expect(queries).toEqual(['quote:Q-1:rev:2']);
  });

  it('opens the order view for a support-only user when the query finds one order', async () => {
    server.use(
      handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'sam.support', roles: ['support'], team: 'fulfillment' }))),
      handle(endpoints.search, () =>
        respond(
          endpoints.search,
          buildSearchResponse({
            cases: [buildCaseSummary({ id: 'FO-2026-000010', processInstanceId: 'pi-1' })],
            running: [buildProcessSummary({ processInstanceId: 'pi-1', openCaseCount: 1 })],
          }),
        ),
      ),
      handle(endpoints.orderView, () => respond(endpoints.orderView, buildOrderView())),
    );
    const { router } = renderApp('/search?q=ORD-100928');
    await waitFor(() => expect(router.state.location.pathname).toBe('/orders/ORD-100928'));
    expect(router.state.historyAction).toBe('REPLACE');
    expect(await screen.findByTestId('order-domain-state')).toHaveTextContent('IN_FULFILLMENT');
  });

  it('opens the case directly when its only running process is the root of the child that failed', async () => {
    // A billing failure: the case sits in the called child process; search lists the parent (the root).
    const child = buildCaseSummary({ id: 'FO-2026-000020', processInstanceId: 'pi-billing-child', processDefinitionKey: 'billing', activityId: 'charge-payment' });
    server.use(
      handle(endpoints.search, () =>
        respond(
          endpoints.search,
          buildSearchResponse({ cases: [child], running: [buildProcessSummary({ processInstanceId: 'pi-order-root', openCaseCount: 1 })] }),
        ),
      ),
      handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, buildCaseDetail({ case: child }))),
    );
    const { router } = renderApp('/search?q=ORD-100928');
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases/FO-2026-000020'));
  });

  it('lists an "Order view" link for each order in the results', async () => {
    server.use(
      handle(endpoints.search, () =>
        respond(
          endpoints.search,
          buildSearchResponse({
            query: '928',
            interpretedAs: { kind: 'any id ending in', value: '928' },
            running: [
              buildProcessSummary({ processInstanceId: 'pi-a' }),
              buildProcessSummary({ processInstanceId: 'pi-b', businessKey: 'order:ORD-200928', entity: { type: 'ORDER', id: 'ORD-200928' } }),
            ],
          }),
        ),
      ),
    );
    renderApp('/search?q=928');
    const orders = await screen.findByRole('region', { name: /Orders/ });
    const rows = within(orders).getAllByTestId('order-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('link', { name: 'Order view' })).toHaveAttribute('href', '/orders/ORD-100928');
    expect(within(rows[1]!).getByRole('link', { name: 'Order view' })).toHaveAttribute('href', '/orders/ORD-200928');
  });
});
