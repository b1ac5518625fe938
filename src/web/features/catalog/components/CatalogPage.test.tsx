import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../../testing/render.js';

function section(name: RegExp) {
  return screen.getByRole('region', { name });
}

describe('catalog view', () => {
  it('shows topics, runbooks, actions and rules with deep-link anchors', async () => {
    const { container } = renderApp('/catalog');
    expect(await screen.findByRole('heading', { name: 'Inventory reservation timed out reserve-inventory-timeout' })).toBeInTheDocument();
    expect(container.querySelector('#topic-inventory\\.reserve')).toHaveTextContent('Reserves stock for every order line.');
    expect(container.querySelector('#topic-inventory\\.reserve')).toHaveTextContent('Fulfillment');
    expect(container.querySelector('#runbook-payment-unknown-outcome')).toHaveTextContent('Do not retry before checking the charge');
    expect(container.querySelector('#rule-reserve-timeout')).toHaveTextContent('timed out');
    expect(container.querySelector('#action-RETRY_STEP')).toHaveTextContent('Sets the failed job retries to 1.');
    const rule = container.querySelector<HTMLElement>('#rule-reserve-timeout')!;
    expect(within(rule).getByRole('link', { name: 'reserve-inventory-timeout' })).toHaveAttribute('href', '/catalog#runbook-reserve-inventory-timeout');
  });

  it('filters every section with one search box', async () => {
    const { user } = renderApp('/catalog');
    await screen.findByRole('heading', { name: /Inventory reservation timed out/ });
    await user.type(screen.getByLabelText('Search the catalog'), 'payment');

    await waitFor(() => expect(section(/Topic contracts/)).toHaveTextContent('1 of 2'));
    expect(within(section(/Topic contracts/)).getByRole('heading', { name: 'payment.charge' })).toBeInTheDocument();
    expect(within(section(/Topic contracts/)).queryByRole('heading', { name: 'inventory.reserve' })).toBeNull();
    expect(section(/Runbooks/)).toHaveTextContent('1 of 2');
    expect(within(section(/Runbooks/)).queryByText(/Inventory reservation timed out/)).toBeNull();
    expect(section(/Classification rules/)).toHaveTextContent('Nothing in classification rules matches “payment”');
  });

  it('focuses the entry a deep link points at', async () => {
    renderApp('/catalog#runbook-payment-unknown-outcome');
    await screen.findByRole('heading', { name: /Payment outcome unknown/ });
    await waitFor(() => expect(document.activeElement?.id).toBe('runbook-payment-unknown-outcome'));
  });
});
