import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildCaseDetail } from '../../../testing/fixtures.js';
import { fakeViewer } from '../../../testing/fake-bpmn-viewer.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000077';
const closedIncident = (detail: ReturnType<typeof buildCaseDetail>) => detail.incidents.map((i) => ({ ...i, open: false }));

function serve(detail: ReturnType<typeof buildCaseDetail>) {
  server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, detail)));
}

afterEach(() => {
  fakeViewer.instances.length = 0;
});

describe('case page: changed in the engine behind the workbench', () => {
  it('says an incident cleared in Cockpit leaves the step waiting, who cleared it and when, and never that the process moves again', async () => {
    const detail = buildCaseDetail({
      case: { id: CASE_ID, status: 'CLEARED_OUTSIDE', activityName: 'Check availability' },
      lastOutsideChange: { at: '2026-01-05T02:10:00Z', userId: 'admin', operation: 'SetExternalTaskRetries', text: 'let the failed step try again (attempts left 0 → 1)' },
      actions: {
        offered: [],
        withheld: [{ action: 'RETRY_STEP', label: 'Retry step', reason: 'The incident was cleared outside the workbench and the step waits to run again: there is nothing to retry.' }],
      },
    });
    serve({ ...detail, incidents: closedIncident(detail) });
    renderApp(`/cases/${CASE_ID}`);
    const banner = await screen.findByTestId('cleared-outside-banner');
    expect(banner).toHaveTextContent('Incident cleared outside the workbench — step still waiting.');
    expect(banner).toHaveTextContent('the token is still at Check availability');
    expect(within(banner).getByTestId('outside-change')).toHaveTextContent('admin let the failed step try again (attempts left 0 → 1)');
    expect(screen.getAllByTestId('case-status')[0]).toHaveTextContent('Cleared outside');
    expect(screen.getAllByTestId('case-status')[0]).toHaveAttribute('title', expect.stringMatching(/^Incident cleared outside the workbench — step still waiting/));
    expect(document.body).not.toHaveTextContent(/moving again/);
  });

  it('flags a cancelled instance whose order is still active as a mismatch, not as resolved', async () => {
    serve(
      buildCaseDetail({
        case: {
          id: CASE_ID,
          status: 'CANCELLED_IN_ENGINE',
          cancelledInEngineAt: '2026-01-05T02:12:00Z',
          domainMismatch: 'Order ORD-100928 is still RESERVATION_PENDING in the order service, but its workflow was cancelled in the engine.',
        },
        lastOutsideChange: { at: '2026-01-05T02:12:00Z', userId: 'admin', operation: 'Delete', text: 'cancelled the process instance' },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const banner = await screen.findByTestId('cancelled-in-engine-banner');
    expect(banner).toHaveTextContent('Cancelled in the engine — not resolved.');
    expect(within(banner).getByTestId('domain-mismatch')).toHaveTextContent('Order ORD-100928 is still RESERVATION_PENDING');
    expect(within(banner).getByTestId('outside-change')).toHaveTextContent('admin cancelled the process instance');
    expect(screen.getAllByTestId('case-status')[0]).toHaveTextContent('Cancelled in engine');
    expect(screen.getByTestId('domain-mismatch-chip')).toBeInTheDocument();
    expect(screen.getByTestId('cancelled-in-engine-at')).toBeInTheDocument();
    expect(screen.queryByText('Resolved', { selector: 'dt' })).toBeNull();
  });

  it('closes a cancellation the order service agrees with, saying so', async () => {
    serve(buildCaseDetail({ case: { id: CASE_ID, status: 'CLOSED', cancelledInEngineAt: '2026-01-05T02:12:00Z', resolvedAt: '2026-01-05T02:13:00Z' } }));
    renderApp(`/cases/${CASE_ID}`);
    expect(await screen.findByTestId('closed-cancelled-banner')).toHaveTextContent('Closed: the workflow was cancelled in the engine');
    expect(screen.getByText('Closed', { selector: 'dt' })).toBeInTheDocument();
    expect(screen.queryByTestId('domain-mismatch-chip')).toBeNull();
  });
});
