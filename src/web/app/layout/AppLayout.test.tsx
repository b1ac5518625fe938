import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../contracts/endpoints.js';
import { queryKeys } from '../../lib/query-keys.js';
import { TEST_CSRF_TOKEN, buildApproval, buildApprovalList, buildHealth, buildSession } from '../../testing/fixtures.js';
import { handle, respond, respondError } from '../../testing/handlers.js';
import { renderApp } from '../../testing/render.js';
import { server } from '../../testing/server.js';

describe('layout', () => {
  it('shows the product, the navigation and the signed-in user with roles', async () => {
    server.use(
      handle(endpoints.session, () => respond(endpoints.session, buildSession({ name: 'Sam Support', roles: ['support', 'supervisor'], team: 'fulfillment' }))),
    );
    renderApp('/cases');
    expect(await screen.findByRole('link', { name: 'Fallout Workbench' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toHaveTextContent('Cases');
    const badge = await screen.findByTestId('user-badge');
    expect(badge).toHaveTextContent('Sam Support');
    expect(badge).toHaveTextContent('Support, Supervisor');
    expect(badge).toHaveTextContent('Team fulfillment');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('starts each role on its own work', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support', 'supervisor'] }))));
    const supervisor = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Approvals', level: 1 })).toBeInTheDocument();
    expect(supervisor.router.state.location.pathname).toBe('/approvals');
    supervisor.unmount();

    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['auditor'] }))));
    const auditor = renderApp('/');
    await screen.findByRole('heading', { level: 1 });
    expect(auditor.router.state.location.pathname).toBe('/audit');
  });

  it('moves focus to the new page’s heading after a navigation, as a page load would', async () => {
    const { user } = renderApp('/cases');
    await screen.findByRole('heading', { name: 'Fallout cases', level: 1 });
    await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Freezes' }));
    const heading = await screen.findByRole('heading', { level: 1, name: /Freezes/ });
    await waitFor(() => expect(heading).toHaveFocus());
  });

  it('shows the engine banner when the engine is unreachable, and none when it is', async () => {
    server.use(handle(endpoints.health, () => respond(endpoints.health, buildHealth({ reachable: false }))));
    renderApp('/cases');
    expect(await screen.findByTestId('engine-banner')).toHaveTextContent('Engine unreachable — showing the last synced state');
  });

  it('has no engine banner when the engine answers', async () => {
    renderApp('/cases');
    await screen.findByTestId('user-badge');
    await screen.findAllByTestId('case-row');
    expect(screen.queryByTestId('engine-banner')).toBeNull();
  });

  it('sends a visitor without a session to sign in, remembering where they were going', async () => {
    server.use(handle(endpoints.session, () => respondError(401, 'NOT_AUTHENTICATED', 'Sign in first.')));
    const { router } = renderApp('/cases?status=all');
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/cases?status=all');
    expect(screen.queryByText('Your session has expired. Sign in again to continue where you were.')).toBeNull();
  });

  it('when the session expires while working, any 401 leads to sign-in with a word about why', async () => {
    server.use(handle(endpoints.queue, () => respondError(401, 'NOT_AUTHENTICATED', 'Your session has ended.')));
    const { router } = renderApp('/cases');
    expect(await screen.findByText('Your session has expired. Sign in again to continue where you were.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/cases');
  });

  it('shows a support user no Approvals or Freezes link', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support'] }))));
    renderApp('/cases');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Cases' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Approvals' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Freezes' })).toBeNull();
  });

  it('shows a supervisor the Approvals link with the pending count, and Freezes', async () => {
    server.use(
      handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support', 'supervisor'] }))),
      handle(endpoints.listApprovals, ({ request }) => {
        expect(new URL(request.url).searchParams.get('status')).toBe('pending');
        return respond(endpoints.listApprovals, buildApprovalList([buildApproval(), buildApproval(), buildApproval()], { expiringSoonCount: 1 }));
      }),
    );
    renderApp('/cases');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const link = within(nav).getByRole('link', { name: 'Approvals' });
    expect(link).toHaveAttribute('href', '/approvals');
    expect(await within(link).findByTestId('approvals-badge')).toHaveTextContent('3');
    expect(link).toHaveAccessibleDescription('3 pending, 1 expiring soon');
    expect(within(nav).getByRole('link', { name: 'Freezes' })).toHaveAttribute('href', '/freezes');
  });

  it('signs out: posts the logout with the CSRF token, forgets the cached data and shows sign-in', async () => {
    const seen: Array<string | null> = [];
    server.use(
      handle(endpoints.logout, ({ request }) => {
        seen.push(request.headers.get('x-csrf-token'));
        return respond(endpoints.logout, {});
      }),
    );
    const { user, router, queryClient } = renderApp('/cases');
    await screen.findAllByTestId('case-row');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('');
    expect(seen).toEqual([TEST_CSRF_TOKEN]);
    expect(queryClient.getQueryData(queryKeys.session())).toBeUndefined();
    expect(queryClient.getQueryCache().findAll({ queryKey: queryKeys.cases.all() })).toHaveLength(0);
  });

  it('shows a not-found page for unknown addresses', async () => {
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
