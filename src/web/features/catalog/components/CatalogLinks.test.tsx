import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../../testing/render.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

describe('links from the case page into the catalog', () => {
  it('links the runbook and the classification rule to their catalog entries', async () => {
    const { user } = renderApp('/cases/FO-2026-000042');
    const runbook = await screen.findByTestId('runbook');
    // The default case detail is classified by `reserve-timeout` with the runbook `reserve-inventory-timeout`.
    const runbookLink = within(runbook).getByRole('link', { name: 'reserve-inventory-timeout' });
    expect(runbookLink).toHaveAttribute('href', '/catalog#runbook-reserve-inventory-timeout');
    expect(screen.getByRole('link', { name: 'reserve-timeout' })).toHaveAttribute('href', '/catalog#rule-reserve-timeout');

    await user.click(runbookLink);
    expect(await screen.findByRole('heading', { name: 'Catalog' })).toBeInTheDocument();
  });
});
