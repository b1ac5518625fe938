// Saved views on the queue page over msw: a stateful fake of the BFF's saved-view endpoints whose requests
// are parsed with the request contracts and whose answers pass the response contracts (`respond`).
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { endpoints } from '../../../../contracts/endpoints.js';
import { createSavedViewRequestSchema, updateSavedViewRequestSchema, type SavedView } from '../../../../contracts/saved-views.js';
import { buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { buildRecentOrders, buildSavedView, buildSavedViewList } from '../../../testing/saved-view-fixtures.js';
import { server } from '../../../testing/server.js';

/** The BFF's saved views for one signed-in user; `others` are views other people own. */
function fakeSavedViews(initial: SavedView[] = [], others: SavedView[] = []) {
  const views = [...initial];
  const calls: string[] = [];
  const queueQueries: URLSearchParams[] = [];
  const find = (id: unknown) => views.find((v) => v.id === id) ?? others.find((v) => v.id === id && v.shared);
  server.use(
    handle(endpoints.queue, ({ request }) => {
      queueQueries.push(new URL(request.url).searchParams);
      return undefined;
    }),
    handle(endpoints.listSavedViews, () => respond(endpoints.listSavedViews, buildSavedViewList(views))),
    handle(endpoints.createSavedView, async ({ request }) => {
      const body = z.parse(createSavedViewRequestSchema, await request.json());
      calls.push(`create ${JSON.stringify(body)}`);
      if (views.some((v) => v.name.toLowerCase() === body.name.toLowerCase())) {
        return respondError(409, 'SAVED_VIEW_NAME_TAKEN', `You already have a view named “${body.name}”. Pick another name.`);
      }
      const view = buildSavedView({ id: `sv_NEW${String(views.length).padStart(13, '0')}`, name: body.name, query: body.query, shared: body.shared ?? false });
      views.push(view);
      return respond(endpoints.createSavedView, view, { status: 201 });
    }),
    handle(endpoints.savedView, ({ params }) => {
      const view = find(params.viewId);
      return view ? respond(endpoints.savedView, view) : respondError(404, 'SAVED_VIEW_NOT_FOUND', 'This view does not exist.');
    }),
    handle(endpoints.updateSavedView, async ({ params, request }) => {
      const change = z.parse(updateSavedViewRequestSchema, await request.json());
      calls.push(`update ${String(params.viewId)} ${JSON.stringify(change)}`);
      const index = views.findIndex((v) => v.id === params.viewId);
      views[index] = { ...views[index]!, ...change };
      return respond(endpoints.updateSavedView, views[index]!);
    }),
    handle(endpoints.deleteSavedView, ({ params }) => {
      calls.push(`delete ${String(params.viewId)}`);
      views.splice(views.findIndex((v) => v.id === params.viewId), 1);
      return respond(endpoints.deleteSavedView, {});
    }),
    handle(endpoints.addSharedView, ({ params }) => {
      calls.push(`add ${String(params.viewId)}`);
      const view = { ...find(params.viewId)!, added: true };
      views.push(view);
      return respond(endpoints.addSharedView, view);
    }),
  );
  return { views, calls, queueQueries };
}

const viewTabs = () => screen.getByRole('navigation', { name: 'Saved views' });

describe('saved views on the queue', () => {
  it('saves the queue as shown under a name, shared by link, and opens it as the active tab', async () => {
    const fake = fakeSavedViews();
    const { user, router } = renderApp('/cases?view=team&category=UNKNOWN_OUTCOME&sort=age');
    await user.click(await screen.findByRole('button', { name: 'Save view…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save this view' });
    await user.type(within(dialog).getByLabelText('Name'), '  Unknown outcomes, oldest  ');
    await user.click(within(dialog).getByLabelText(/Share by link/));
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));

    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('saved')).toBe('sv_NEW0000000000000'));
    expect(fake.calls).toEqual([`create ${JSON.stringify({ name: 'Unknown outcomes, oldest', query: 'view=team&category=UNKNOWN_OUTCOME&sort=age', shared: true })}`]);
    const tab = await within(viewTabs()).findByRole('link', { name: /Unknown outcomes, oldest/ });
    await waitFor(() => expect(tab).toHaveAttribute('aria-current', 'page'));
    expect(within(viewTabs()).getByRole('link', { name: /My team/ })).not.toHaveAttribute('aria-current');
    const bar = screen.getByRole('region', { name: 'Saved view' });
    expect(within(bar).getByRole('textbox', { name: 'Link to this view' })).toHaveValue(`${window.location.origin}/views/sv_NEW0000000000000`);
    // Still the same cases: the `saved` mark is not a filter the BFF sees.
    expect(fake.queueQueries.at(-1)?.get('saved')).toBeNull();
    expect(fake.queueQueries.at(-1)?.get('category')).toBe('UNKNOWN_OUTCOME');
    await waitFor(() => expect(document.title).toBe('Unknown outcomes, oldest · Queue · Fallout Workbench'));
  });

  it('shows the BFF’s refusal in the dialog and keeps it open', async () => {
    fakeSavedViews([buildSavedView({ name: 'Mine' })]);
    const { user } = renderApp('/cases');
    await user.click(await screen.findByRole('button', { name: 'Save view…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save this view' });
    await user.type(within(dialog).getByLabelText('Name'), 'mine');
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You already have a view named “mine”. Pick another name.');
  });

  it('a shared link opens the view for another user, who may add it to their views', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'omar.ops', name: 'Omar Ops' }))));
    const olivias = buildSavedView({ id: 'sv_OLIVIA0000000000', name: 'Billing, stuck', query: 'view=stuck&team=billing-ops', shared: true, mine: false });
    const fake = fakeSavedViews([], [olivias]);
    const { user, router } = renderApp('/views/sv_OLIVIA0000000000');

    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
    const bar = await screen.findByRole('region', { name: 'Saved view' });
    expect(bar).toHaveTextContent('Billing, stuck');
    expect(bar).toHaveTextContent('Shared by Olivia Ops');
    expect(within(bar).queryByRole('button', { name: /Delete/ })).toBeNull();
    await waitFor(() => expect(fake.queueQueries.at(-1)?.get('team')).toBe('billing-ops'));
    expect(fake.queueQueries.at(-1)?.get('view')).toBe('stuck');

    await user.click(within(bar).getByRole('button', { name: 'Add to my views' }));
    expect(await within(viewTabs()).findByRole('link', { name: /Billing, stuck/ })).toHaveAttribute('aria-current', 'page');
    expect(fake.calls).toEqual(['add sv_OLIVIA0000000000']);
    expect(await within(bar).findByRole('button', { name: 'Remove from my views' })).toBeInTheDocument();
  });

  it('says so when a link’s view is gone', async () => {
    fakeSavedViews();
    renderApp('/views/sv_GONE000000000000');
    expect(await screen.findByText('This view could not be opened')).toBeInTheDocument();
    expect(screen.getByText(/It was deleted, or its owner no longer shares it/)).toBeInTheDocument();
  });

  it('renames and deletes its own view; the queue keeps the filters, unnamed', async () => {
    const fake = fakeSavedViews([buildSavedView({ id: 'sv_MINE000000000000', name: 'Unknown outcomes', query: 'category=UNKNOWN_OUTCOME' })]);
    const { user, router } = renderApp('/cases?category=UNKNOWN_OUTCOME&saved=sv_MINE000000000000');
    const bar = await screen.findByRole('region', { name: 'Saved view' });

    await user.click(within(bar).getByRole('button', { name: 'Rename…' }));
    const rename = screen.getByRole('dialog', { name: 'Rename this view' });
    await user.clear(within(rename).getByLabelText('Name'));
    await user.type(within(rename).getByLabelText('Name'), 'Reservations unknown');
    await user.click(within(rename).getByRole('button', { name: 'Rename' }));
    expect(await within(viewTabs()).findByRole('link', { name: /Reservations unknown/ })).toBeInTheDocument();

    await user.click(within(screen.getByRole('region', { name: 'Saved view' })).getByRole('button', { name: 'Delete…' }));
    const confirm = screen.getByRole('dialog', { name: 'Delete the view “Reservations unknown”?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete view' }));
    await waitFor(() => expect(router.state.location.search).toBe('?category=UNKNOWN_OUTCOME'));
    await waitFor(() => expect(within(viewTabs()).queryByRole('link', { name: /Reservations unknown/ })).toBeNull());
    expect(screen.queryByRole('region', { name: 'Saved view' })).toBeNull();
    expect(fake.calls).toEqual(['update sv_MINE000000000000 {"name":"Reservations unknown"}', 'delete sv_MINE000000000000']);
  });

  it('a changed filter leaves the saved view: the built-in tab is active again', async () => {
    fakeSavedViews([buildSavedView({ id: 'sv_MINE000000000000', name: 'Team unknowns', query: 'view=team&category=UNKNOWN_OUTCOME' })]);
    renderApp('/cases?view=team&category=DATA_CORRUPTION&saved=sv_MINE000000000000');
    await screen.findByRole('heading', { name: 'Fallout cases' });
    expect(await within(viewTabs()).findByRole('link', { name: /Team unknowns/ })).not.toHaveAttribute('aria-current');
    expect(within(viewTabs()).getByRole('link', { name: /My team/ })).toHaveAttribute('aria-current', 'page');
    expect(screen.queryByRole('region', { name: 'Saved view' })).toBeNull();
  });
});

describe('recent orders on the search landing', () => {
  it('lists the orders the user opened last, each linking to its order view', async () => {
    server.use(
      handle(endpoints.recentOrders, () =>
        respond(
          endpoints.recentOrders,
          buildRecentOrders([
            { orderId: 'ORD-100928', viewedAt: new Date(Date.now() - 5 * 60_000).toISOString() },
            { orderId: 'ORD-100924', viewedAt: new Date(Date.now() - 3 * 3_600_000).toISOString() },
          ]),
        ),
      ),
    );
    renderApp('/search');
    const panel = await screen.findByRole('region', { name: 'Recent orders' });
    const rows = await within(panel).findAllByTestId('recent-order');
    expect(rows.map((r) => r.textContent)).toEqual(['ORD-100928opened 5 min. ago', 'ORD-100924opened 3 hr. ago']);
    expect(within(rows[0]!).getByRole('link', { name: 'ORD-100928' })).toHaveAttribute('href', '/orders/ORD-100928');
  });

  it('says what will show there before any order was opened', async () => {
    renderApp('/search');
    const panel = await screen.findByRole('region', { name: 'Recent orders' });
    expect(await within(panel).findByText(/Orders you open, from search or a case, show here/)).toBeInTheDocument();
  });
});

