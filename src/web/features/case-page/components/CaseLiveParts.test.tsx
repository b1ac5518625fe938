import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildCaseDetail } from '../../../testing/fixtures.js';
import { fakeViewer } from '../../../testing/fake-bpmn-viewer.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000042';
const XSS = '<img src=x onerror=alert(1)>';

function serve(detail: ReturnType<typeof buildCaseDetail>) {
  server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, detail)));
}

afterEach(() => {
  fakeViewer.instances.length = 0;
  fakeViewer.renders.length = 0;
});

describe('case page: order standing, variables, stage budget, called processes', () => {
  it("shows the order service's state beside the workflow stage and warns when they disagree", async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, entity: { type: 'ORDER', id: 'ORD-100928' } },
        order: {
          domainStatus: 'CANCELLED',
          domainError: null,
          stage: 'Reserving stock at the inventory',
          disagreement: 'The order service says ORD-100928 is CANCELLED, but its workflow is still running (Reserving stock at the inventory).',
        },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const standing = await screen.findByTestId('order-standing');
    expect(standing).toHaveTextContent('Order service: Cancelled');
    expect(within(standing).getByText('Cancelled')).toHaveAttribute('title', 'Status code CANCELLED');
    expect(standing).toHaveTextContent('Workflow stage: Reserving stock at the inventory');
    expect(within(standing).getByTestId('order-disagreement')).toHaveTextContent(
      'The order service and the workflow disagree. The order service says ORD-100928 is CANCELLED, but its workflow is still running',
    );
  });

  it('shows no order line for a case without an order, and no warning when the two agree', async () => {
    serve(buildCaseDetail({ case: { id: CASE_ID, entity: { type: 'QUOTE', id: 'Q-1' } }, order: null }));
    renderApp(`/cases/${CASE_ID}`);
    await screen.findByTestId('variables-panel');
    expect(screen.queryByTestId('order-standing')).not.toBeInTheDocument();
    expect(screen.queryByTestId('order-disagreement')).not.toBeInTheDocument();
  });

  it('lists the whitelisted variables as text and marks the masked ones', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        variables: [
          { name: 'sku', type: 'String', value: XSS, masked: false },
          { name: 'customerEmail', type: 'String', value: '***', masked: true },
        ],
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const panel = await screen.findByTestId('variables-panel');
    const rows = within(panel).getAllByTestId('variable-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(`skuString${XSS}`);
    expect(rows[0]!.querySelector('img')).toBeNull();
    expect(within(rows[0]!).queryByText('Masked')).not.toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('customerEmailString***Masked');
  });

  it('flags a stage budget overrun in the header and marks the activity on the diagram', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, activityId: 'reserve-inventory', source: 'STUCK' },
        stageBudget: { budget: 'PT30M', waitingSince: '2026-01-05T01:55:01Z', overrun: true },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const budget = await screen.findByTestId('stage-budget');
    expect(budget).toHaveTextContent('Over budget 30 minutes');
    expect(budget).not.toHaveTextContent('PT30M');
    expect(budget).toHaveTextContent('waiting since');
    await waitFor(() => expect((fakeViewer.renders.at(-1) as { overrunActivityIds?: string[] } | undefined)?.overrunActivityIds).toEqual(['reserve-inventory']));
  });

  it('does not flag a budget that is not overrun, and marks nothing on the diagram', async () => {
    serve(buildCaseDetail({ case: { id: CASE_ID }, stageBudget: { budget: 'PT30M', waitingSince: null, overrun: false } }));
    renderApp(`/cases/${CASE_ID}`);
    const budget = await screen.findByTestId('stage-budget');
    expect(budget).toHaveTextContent('30 minutes');
    expect(budget).not.toHaveTextContent('Over budget');
    await waitFor(() => expect(fakeViewer.renders.length).toBeGreaterThan(0));
    expect((fakeViewer.renders.at(-1) as { overrunActivityIds?: string[] }).overrunActivityIds).toEqual([]);
  });

  it('links down to the case of a called instance and up from a child case to the parent order', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, entity: { type: 'ORDER', id: 'ORD-100928' } },
        calledProcesses: [
          { activityId: 'billingHandoff', processInstanceId: 'pi-billing-1', caseId: 'FO-2026-000099' },
          { activityId: 'generateDocument', processInstanceId: 'pi-docs-1', caseId: null },
        ],
        parentProcessInstanceId: 'pi-parent-1',
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const list = await screen.findByTestId('called-processes');
    expect(within(list).getByRole('link', { name: 'Case FO-2026-000099' })).toHaveAttribute('href', '/cases/FO-2026-000099');
    const [, noCase] = within(list).getAllByTestId('called-process');
    expect(noCase).toHaveTextContent('generateDocument called instance pi-docs-1 no open case');
    expect(within(list).getByTestId('parent-process')).toHaveTextContent('Started by instance pi-parent-1');
    expect(within(list).getByRole('link', { name: 'Open order ORD-100928' })).toHaveAttribute('href', '/orders/ORD-100928');
  });

  it('shows no call chain section when there is none', async () => {
    serve(buildCaseDetail({ case: { id: CASE_ID } }));
    renderApp(`/cases/${CASE_ID}`);
    await screen.findByTestId('variables-panel');
    expect(screen.queryByTestId('called-processes')).not.toBeInTheDocument();
  });
});
