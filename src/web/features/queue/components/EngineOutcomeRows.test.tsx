import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildCaseSummary, buildQueueResponse } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

describe('queue rows of cases changed in the engine', () => {
  it('shows a cleared-outside case and a cancelled one whose order is still active, the mismatch in words', async () => {
    const cleared = buildCaseSummary({ status: 'CLEARED_OUTSIDE', assignee: 'olivia.ops' });
    const cancelled = buildCaseSummary({
      status: 'CANCELLED_IN_ENGINE',
      cancelledInEngineAt: '2026-01-05T02:12:00Z',
      domainMismatch: 'Order ORD-100928 is still RESERVATION_PENDING in the order service, but its workflow was cancelled in the engine.',
    });
    server.use(handle(endpoints.queue, () => respond(endpoints.queue, buildQueueResponse({ items: [cleared, cancelled] }))));
    renderApp('/cases');
    const [first, second] = await screen.findAllByTestId('case-row');
    expect(within(first!).getByTestId('case-status')).toHaveTextContent('Cleared outside');
    expect(within(first!).queryByTestId('domain-mismatch-note')).toBeNull();
    expect(within(second!).getByTestId('case-status')).toHaveTextContent('Cancelled in engine');
    const note = within(second!).getByTestId('domain-mismatch-note');
    expect(note).toHaveTextContent('Mismatch: order active');
    expect(note.parentElement).toHaveAttribute('title', expect.stringContaining('still RESERVATION_PENDING'));
  });
});
