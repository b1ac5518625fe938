import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { TEST_CSRF_TOKEN, buildFreeze, buildFreezeList, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

function signInAs(roles: Array<'support' | 'tech_ops' | 'supervisor' | 'platform_owner'>) {
  server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'theo.tech', roles }))));
}

function recordCreates() {
  const seen: Array<{ body: unknown; csrf: string | null }> = [];
  server.use(
    handle(endpoints.createFreeze, async ({ request }) => {
      const body = (await request.json()) as { processDefinitionKey: string; activityId: string };
      seen.push({ body, csrf: request.headers.get('x-csrf-token') });
      return respond(
        endpoints.createFreeze,
        buildFreeze({ processDefinitionKey: body.processDefinitionKey, activityId: body.activityId, suspendedJobDefinitions: 1, suspendedInstances: 4 }),
      );
    }),
  );
  return seen;
}

/** Replaces a field's text in one step (typing long strings key by key only slows the test down). */
async function fill(user: UserEvent, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

describe('freezes', () => {
  it('lists active and ended freezes', async () => {
    signInAs(['support', 'supervisor']);
    server.use(
      handle(endpoints.listFreezes, () =>
        respond(
          endpoints.listFreezes,
          buildFreezeList([
            buildFreeze({ activityId: 'charge-payment', reason: 'Double-charge storm', suspendedInstances: 3 }),
            buildFreeze({ activityId: 'reserve-inventory', state: 'ENDED', endedAt: '2026-01-05T03:00:00Z', endedBy: 'theo.tech' }),
          ]),
        ),
      ),
    );
    renderApp('/freezes');
    const active = await screen.findByTestId('active-freeze');
    expect(active).toHaveTextContent('charge-payment');
    expect(active).toHaveTextContent('order-orchestration');
    expect(active).toHaveTextContent('Double-charge storm');
    expect(active).toHaveTextContent('3 instances');
    expect(screen.getByTestId('ended-freeze')).toHaveTextContent('by theo.tech');
    // Supervisors see freezes but do not manage them.
    expect(screen.queryByRole('button', { name: 'Freeze' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'End freeze' })).toBeNull();
  });

  it('validates the freeze form before sending, then creates the freeze', async () => {
    signInAs(['support', 'tech_ops']);
    const seen = recordCreates();
    const { user } = renderApp('/freezes');

    await user.click(await screen.findByRole('button', { name: 'Freeze' }));
    expect(screen.getByText('Process definition key is required.')).toBeInTheDocument();
    expect(screen.getByText('Activity id is required.')).toBeInTheDocument();
    expect(screen.getByText('Reason is required.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Process definition key/)).toHaveFocus();

    await fill(user, screen.getByLabelText(/^Process definition key/), 'order-orchestration');
    await fill(user, screen.getByLabelText(/^Activity id/), 'charge-payment');
    await fill(user, screen.getByLabelText(/^Reason/), 'Billing double-charges on retry');
    const duration = screen.getByLabelText(/^Duration/);
    await fill(user, duration, '2');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));
    expect(screen.getByText('Duration must be a whole number of minutes from 5 to 10080 (7 days).')).toBeInTheDocument();
    expect(duration).toHaveFocus();
    expect(seen).toEqual([]);

    await fill(user, duration, '90');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));
    expect(await screen.findByTestId('freeze-notice')).toHaveTextContent(
      'Frozen charge-payment in order-orchestration: 1 job definition and 4 instances suspended.',
    );
    expect(seen).toEqual([
      {
        body: { processDefinitionKey: 'order-orchestration', activityId: 'charge-payment', reason: 'Billing double-charges on retry', durationMinutes: 90 },
        csrf: TEST_CSRF_TOKEN,
      },
    ]);
  });

  it('pre-fills the form from the address', async () => {
    signInAs(['tech_ops']);
    renderApp('/freezes?processDefinitionKey=order-orchestration&activityId=charge-payment');
    expect(await screen.findByLabelText(/^Process definition key/)).toHaveValue('order-orchestration');
    expect(screen.getByLabelText(/^Activity id/)).toHaveValue('charge-payment');
  });

  it('ends a freeze with a reason', async () => {
    signInAs(['support', 'tech_ops']);
    const freeze = buildFreeze({ id: 'frz-7', activityId: 'charge-payment' });
    server.use(handle(endpoints.listFreezes, () => respond(endpoints.listFreezes, buildFreezeList([freeze]))));
    const bodies: unknown[] = [];
    server.use(
      handle(endpoints.endFreeze, async ({ request, params }) => {
        bodies.push({ id: params.freezeId, body: await request.json() });
        return respond(endpoints.endFreeze, { ...freeze, state: 'ENDED', endedAt: '2026-01-05T03:00:00Z', endedBy: 'theo.tech' });
      }),
    );
    const { user } = renderApp('/freezes');
    await user.click(await screen.findByTestId('end-freeze-frz-7'));
    const dialog = await screen.findByRole('dialog', { name: 'End the freeze on charge-payment?' });
    await user.click(within(dialog).getByRole('button', { name: 'End freeze' }));
    expect(within(dialog).getByText('Give a reason for ending the freeze.')).toBeInTheDocument();
    await fill(user, within(dialog).getByLabelText(/^Reason/), 'Billing fixed');
    await user.click(within(dialog).getByRole('button', { name: 'End freeze' }));
    expect(await screen.findByTestId('freeze-notice')).toHaveTextContent('Freeze on charge-payment (order-orchestration) ended');
    expect(bodies).toEqual([{ id: 'frz-7', body: { reason: 'Billing fixed' } }]);
  });

  it('shows the server message when creating is refused', async () => {
    signInAs(['tech_ops']);
    server.use(handle(endpoints.createFreeze, () => respondError(403, 'FORBIDDEN', 'Freezing needs the tech_ops role.')));
    const { user } = renderApp('/freezes');
    await fill(user, await screen.findByLabelText(/^Process definition key/), 'order-orchestration');
    await fill(user, screen.getByLabelText(/^Activity id/), 'charge-payment');
    await fill(user, screen.getByLabelText(/^Reason/), 'Storm');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));
    expect(await screen.findByTestId('freeze-error')).toHaveTextContent('Freezing needs the tech_ops role.');
  });

  it('has empty states', async () => {
    signInAs(['platform_owner']);
    renderApp('/freezes');
    expect(await screen.findByText('No active freezes')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('No ended freezes')).toBeInTheDocument());
  });
});
