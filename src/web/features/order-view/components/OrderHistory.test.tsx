import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildOrderView, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { buildOrderHistory, buildOrderRun } from '../../../testing/order-history-fixtures.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

const rejected = (id: string, startedAt: string) =>
  buildOrderRun({
    startedAt,
    endedAt: startedAt.replace(':00.000Z', ':03.000Z'),
    state: 'COMPLETED',
    stateLabel: 'Ended at “Order rejected”',
    path: [
      { activityId: 'orderSubmitted', label: 'Order submitted', startedAt, endedAt: startedAt, interrupted: false },
      { activityId: 'checkAvailability', label: 'Check availability', startedAt, endedAt: startedAt, interrupted: true },
      { activityId: 'inventoryRejected', label: 'Inventory rejected', startedAt, endedAt: startedAt, interrupted: false },
      { activityId: 'orderRejected', label: 'Order rejected', startedAt, endedAt: startedAt, interrupted: false },
    ],
    businessError: {
      code: 'INVENTORY_REJECTED',
      message: 'INVENTORY_REJECTED: inventory reports OUT_OF_STOCK for order ORD-100926',
      caughtBy: 'Inventory rejected',
      step: 'Check availability',
      at: startedAt,
    },
    technical: { processInstanceId: id, processDefinitionId: 'order-orchestration:3:abc', processDefinitionKey: 'order-orchestration', engineState: 'COMPLETED' },
  });

function showOrder(history: ReturnType<typeof buildOrderHistory> | 'down') {
  server.use(
    handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'sam.support', name: 'Sam Support', roles: ['support'], team: 'fulfillment' }))),
    handle(endpoints.orderView, () => respond(endpoints.orderView, buildOrderView({ orderId: 'ORD-100926', businessKey: 'order:ORD-100926' }))),
    handle(endpoints.orderHistory, () =>
      history === 'down' ? respondError(503, 'ENGINE_UNAVAILABLE', 'The engine is not reachable right now; nothing was changed.') : respond(endpoints.orderHistory, history),
    ),
  );
  renderApp('/orders/ORD-100926');
}

describe('order view: workflow history', () => {
  it('says why a rejected order ended, on each of its runs, in words, with engine ids only under technical details', async () => {
    showOrder(buildOrderHistory({ orderId: 'ORD-100926', businessKey: 'order:ORD-100926', runs: [rejected('pi-second', '2026-01-05T03:00:00.000Z'), rejected('pi-first', '2026-01-05T02:00:00.000Z')] }));
    const runs = await screen.findAllByTestId('order-run');
    expect(runs).toHaveLength(2);
    expect(within(runs[0]!).getByText(/^Run 2 · Order orchestration v3/)).toBeInTheDocument();
    expect(within(runs[1]!).getByText(/^Run 1 · Order orchestration v3/)).toBeInTheDocument();
    for (const run of runs) {
      expect(within(run).getByTestId('order-run-state')).toHaveTextContent('Ended at “Order rejected”');
      const why = within(run).getByTestId('order-run-error');
      expect(why).toHaveTextContent('Why it ended here: inventory reports OUT_OF_STOCK for order ORD-100926');
      expect(why).toHaveTextContent('“Check availability” was routed to “Inventory rejected”');
      expect(why).toHaveTextContent('code INVENTORY_REJECTED');
      expect(within(run).getByTestId('order-run-path')).toHaveTextContent('Order submitted → Check availability (interrupted) → Inventory rejected → Order rejected');
    }
    // The engine's ids sit in the collapsed technical details, not in the run's words.
    expect(within(runs[0]!).getByTestId('order-run-path')).not.toHaveTextContent('pi-second');
    expect(within(runs[0]!).getByText('pi-second').closest('details')).not.toHaveAttribute('open');
    expect(screen.getByTestId('order-history')).toHaveTextContent('Workflow history 2');
  });

  it('says when older runs were not read', async () => {
    showOrder(buildOrderHistory({ orderId: 'ORD-100926', businessKey: 'order:ORD-100926', runs: [buildOrderRun()], total: 25 }));
    expect(await screen.findByTestId('order-history-capped')).toHaveTextContent('Showing the newest 1 of 25 runs; older runs are not read.');
  });

  it('keeps the order view when the engine cannot be read, and says so in the history panel', async () => {
    showOrder('down');
    expect(await screen.findByText('The workflow history could not be read')).toBeInTheDocument();
    expect(screen.getByTestId('order-domain-state')).toBeInTheDocument();
  });
});
