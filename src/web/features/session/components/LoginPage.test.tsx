import { screen, waitFor } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { endpoints } from '../../../../contracts/endpoints.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

function recordLogins(answer: () => Response) {
  const bodies: unknown[] = [];
  server.use(
    handle(endpoints.login, async ({ request }) => {
      bodies.push(await request.json());
      return answer();
    }),
  );
  return bodies;
}

describe('sign-in', () => {
  it('signs in and goes to the page named in next', async () => {
    const bodies = recordLogins(() => respond(endpoints.login, buildSession({ id: 'olivia.ops', name: 'Olivia Ops', roles: ['support', 'fulfillment_ops'] })));
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'olivia.ops', name: 'Olivia Ops', roles: ['support', 'fulfillment_ops'] }))));
    const { user, router, queryClient } = renderApp('/login?next=%2Fcases%2FFO-2026-000042');

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    // The title is set in an effect, which may run after the first paint.
    await waitFor(() => expect(document.title).toBe('Sign in · Fallout Workbench'));
    await user.type(screen.getByLabelText('Username'), ' olivia.ops ');
    await user.type(screen.getByLabelText('Password'), 'fallout-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/cases/FO-2026-000042'));
    expect(bodies).toEqual([{ username: 'olivia.ops', password: 'fallout-demo' }]);
    expect(await screen.findByRole('heading', { level: 1, name: 'FO-2026-000042' })).toBeInTheDocument();
    expect(screen.getByTestId('user-badge')).toHaveTextContent('Olivia Ops');
    expect(queryClient.getQueryData(queryKeys.session())).toMatchObject({ user: { id: 'olivia.ops' } });
  });

  it('ignores a next that leaves the site and goes to the start page', async () => {
    recordLogins(() => respond(endpoints.login, buildSession({ roles: ['support', 'fulfillment_ops'] })));
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support', 'fulfillment_ops'] }))));
    const { user, router } = renderApp('/login?next=%2F%2Fevil.example%2Fphish');
    await user.type(await screen.findByLabelText('Username'), 'olivia.ops');
    await user.type(screen.getByLabelText('Password'), 'fallout-demo');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // The start page of fulfillment ops: their team's queue.
    await waitFor(() => expect(router.state.location.pathname).toBe('/cases'));
    expect(router.state.location.search).toBe('?view=team');
    expect(await screen.findByRole('heading', { name: 'Fallout cases' })).toBeInTheDocument();
  });

  it('shows wrong credentials inline, stays on the page and clears the password', async () => {
    recordLogins(() => respondError(401, 'INVALID_CREDENTIALS', 'Unknown user or wrong password.'));
    const { user, router } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'olivia.ops');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown user or wrong password.');
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(screen.getByLabelText('Username')).toHaveValue('olivia.ops');
  });

  it('says so when there were too many attempts', async () => {
    recordLogins(() => respondError(429, 'TOO_MANY_ATTEMPTS', 'Too many sign-in attempts. Wait 4 second(s), then try again.'));
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'olivia.ops');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many sign-in attempts. Wait 4 second(s), then try again.');
  });

  it('explains a bare 429 without a contract body', async () => {
    recordLogins(() => new HttpResponse('slow down', { status: 429 }));
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'olivia.ops');
    await user.type(screen.getByLabelText('Password'), 'guess');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many sign-in attempts. Wait a few minutes, then try again.');
  });

  it('asks for both fields before sending anything, each under its field, and focuses the first missing one', async () => {
    const bodies = recordLogins(() => respond(endpoints.login, buildSession()));
    const { user } = renderApp('/login');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription('Enter your username.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(screen.getByLabelText('Username')).toHaveFocus();
    await user.type(screen.getByLabelText('Username'), 'olivia.ops');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.queryByText('Enter your username.')).toBeNull();
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(bodies).toEqual([]);
  });
});

describe('single sign-on on the sign-in page', () => {
  const withMethods = (methods: z.infer<typeof endpoints.authMethods.response>) =>
    server.use(handle(endpoints.authMethods, () => respond(endpoints.authMethods, methods)));

  it('offers the provider first, keeping where the user was going, and the password form below', async () => {
    withMethods({ local: true, oidc: { providerName: 'Acme Login', loginPath: '/api/auth/oidc/login' } });
    renderApp('/login?next=%2Fcases%2FFO-2026-000042');
    const sso = await screen.findByRole('link', { name: 'Sign in with Acme Login' });
    expect(sso).toHaveAttribute('href', '/api/auth/oidc/login?next=%2Fcases%2FFO-2026-000042');
    expect(screen.getByText('or with a workbench account')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('shows only the provider when workbench passwords are turned off', async () => {
    withMethods({ local: false, oidc: { providerName: 'Acme Login', loginPath: '/api/auth/oidc/login' } });
    renderApp('/login');
    expect(await screen.findByRole('link', { name: 'Sign in with Acme Login' })).toHaveAttribute('href', '/api/auth/oidc/login?next=%2F');
    expect(screen.queryByLabelText('Username')).not.toBeInTheDocument();
    expect(screen.queryByText('or with a workbench account')).not.toBeInTheDocument();
  });

  it('says in words why single sign-on sent the user back', async () => {
    withMethods({ local: false, oidc: { providerName: 'Acme Login', loginPath: '/api/auth/oidc/login' } });
    renderApp('/login?sso_error=no_role');
    expect(await screen.findByTestId('sso-error')).toHaveTextContent(
      'You signed in, but none of your groups gives access to the workbench. Ask your team lead or the workbench administrators to add you to a workbench group.',
    );
  });

  it('offers no provider where none is configured', async () => {
    renderApp('/login');
    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument();
  });
});
