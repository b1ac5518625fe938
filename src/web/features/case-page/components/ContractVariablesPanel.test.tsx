import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { ContractVariableGroup } from '../../../../contracts/cases.js';
import { buildCaseDetail } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000043';
const XSS = '<img src=x onerror=alert(1)>';

const groups: ContractVariableGroup[] = [
  {
    step: 'Reserve inventory', activityIds: ['reserveInventory'], topic: 'reserve-inventory', caseStep: true,
    variables: [
      { name: 'orderId', direction: 'input', type: 'String', value: 'ORD-100924', masked: false },
      { name: 'customerId', direction: 'input', type: 'String', value: '***', masked: true },
      { name: 'reservationRequestId', direction: 'input', type: 'String', value: XSS, masked: false },
    ],
  },
  {
    step: 'Check availability', activityIds: ['checkAvailability'], topic: 'check-availability', caseStep: false,
    variables: [
      { name: 'orderId', direction: 'input', type: 'String', value: 'ORD-100924', masked: false },
      { name: 'rejectionReason', direction: 'output', type: null, value: null, masked: false },
    ],
  },
  { step: 'Validate order', activityIds: ['validateOrder'], topic: null, caseStep: false, variables: [{ name: 'orderTotal', direction: 'input', type: 'Double', value: '100', masked: false }] },
];

describe('case page: contract variables', () => {
  it("shows every declared variable per step, the case's step first and marked, masked ones as Masked, unset ones as not set", async () => {
    server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, buildCaseDetail({ case: { id: CASE_ID }, contractVariables: groups }))));
    renderApp(`/cases/${CASE_ID}`);
    const panel = await screen.findByTestId('contract-variables');
    expect(within(panel).getByRole('heading', { name: 'Contract variables 6' })).toBeInTheDocument();
    const cards = within(panel).getAllByTestId('contract-variable-group');
    expect(cards.map((c) => c.querySelector('.contract-vars__step')?.textContent)).toEqual(['Reserve inventory', 'Check availability', 'Validate order']);
    expect(cards[0]).toHaveTextContent('this case');
    expect(cards[0]).toHaveTextContent('3/3 set');
    expect(cards[1]).not.toHaveTextContent('this case');
    const rows = within(cards[0]!).getAllByTestId('contract-variable');
    expect(rows[1]).toHaveTextContent('customerIdMasked');
    // Engine text is text: the markup shows as characters, nothing is injected.
    expect(rows[2]).toHaveTextContent(XSS);
    expect(panel.querySelector('img')).toBeNull();
    const unset = within(cards[1]!).getAllByTestId('contract-variable')[1]!;
    expect(unset).toHaveTextContent('rejectionReason outnot set');
    expect(cards[1]).toHaveTextContent('Worker topic check-availability');
  });

  it('shows no panel when the engine could not be read (no contract variables in the answer)', async () => {
    server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, buildCaseDetail({ case: { id: CASE_ID } }))));
    renderApp(`/cases/${CASE_ID}`);
    await screen.findByTestId('variables-panel');
    expect(screen.queryByTestId('contract-variables')).not.toBeInTheDocument();
  });
});
