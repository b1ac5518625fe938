import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildOrderView, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

function asSupport() {
  server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'sam.support', name: 'Sam Support', roles: ['support'], team: 'fulfillment' }))));
}

describe('order view', () => {
  it('shows the order service state beside the workflow stage, the open cases, processes and timeline', async () => {
    asSupport();
    const requested: string[] = [];
    server.use(
      handle(endpoints.orderView, ({ params }) => {
        requested.push(String(params.orderId));
        return respond(endpoints.orderView, buildOrderView());
      }),
    );
    renderApp('/orders/ORD-100928');

    expect(await screen.findByTestId('order-domain-state')).toHaveTextContent('In fulfillment IN_FULFILLMENT');
    expect(screen.getByTestId('order-workflow-stage')).toHaveTextContent("Waiting for the inventory's confirmation");
    expect(screen.getByRole('link', { name: 'FO-2026-000777' })).toHaveAttribute('href', '/cases/FO-2026-000777');
    expect(screen.getByTestId('order-process-row')).toHaveTextContent('Order orchestration');
    expect(screen.getByTestId('order-process-row')).toHaveTextContent('v3');
    expect(screen.getByTestId('order-timeline-entry')).toHaveTextContent('Inventory says reservation RSV-000004 exists');
    expect(screen.queryByTestId('order-disagreement')).not.toBeInTheDocument();
    expect(requested).toEqual(['ORD-100928']);
    // The title is set in an effect, which may run after the first paint.
    await waitFor(() => expect(document.title).toBe('Order ORD-100928 · Fallout Workbench'));
  });

  it('warns prominently when the order service and the workflow disagree', async () => {
    server.use(
      handle(endpoints.orderView, () =>
        respond(
          endpoints.orderView,
          buildOrderView({
            domain: { status: 'CANCELLED', updatedAt: '2026-01-05T02:00:00Z', customerId: null },
            disagreement: 'The order is CANCELLED but the workflow still waits at Reserve inventory.',
          }),
        ),
      ),
    );
    renderApp('/orders/ORD-100928');
    const warning = await screen.findByRole('alert');
    expect(warning).toHaveTextContent('The order service and the workflow disagree.');
    expect(warning).toHaveTextContent('The order is CANCELLED but the workflow still waits at Reserve inventory.');
  });

  it('shows the order service error as a notice and still renders the workflow side', async () => {
    server.use(
      handle(endpoints.orderView, () =>
        respond(endpoints.orderView, buildOrderView({ domain: null, domainError: 'Order service timed out after 5000 ms <b>' })),
      ),
    );
    renderApp('/orders/ORD-100928');
    const notice = await screen.findByTestId('order-domain-error');
    // Rendered as text: the markup in the message stays visible characters.
    expect(notice).toHaveTextContent('The order service could not be asked: Order service timed out after 5000 ms <b>');
    expect(within(screen.getByTestId('order-domain-state')).getByText(/Not available/)).toBeInTheDocument();
    expect(screen.getByTestId('order-workflow-stage')).toHaveTextContent("Waiting for the inventory's confirmation");
    expect(screen.getByRole('link', { name: 'FO-2026-000777' })).toBeInTheDocument();
  });

  it('shows an error when the order cannot be loaded', async () => {
    server.use(handle(endpoints.orderView, () => respondError(404, 'ORDER_NOT_FOUND', 'No order ORD-999 is known.')));
    renderApp('/orders/ORD-999');
    expect(await screen.findByRole('alert')).toHaveTextContent('No order ORD-999 is known.');
  });
});
