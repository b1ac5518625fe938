import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildCaseDetail } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000077';
const inAnHour = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, '.000Z');
const blank = { activityName: null, name: null, workerId: null, lockExpiresAt: null, retriesLeft: null, dueAt: null, correlationKey: null, suspended: false, lastError: null, since: null };

describe('what the order waits for', () => {
  it('says in words who or what the workflow waits on, keeping engine errors in the technical details', async () => {
    server.use(
      handle(endpoints.caseDetail, () =>
        respond(
          endpoints.caseDetail,
          buildCaseDetail({
            case: { id: CASE_ID, activityId: 'checkAvailability' },
            liveStatus: 'LIVE',
            waitingFor: [
              { ...blank, kind: 'EXTERNAL_TASK', activityId: 'checkAvailability', activityName: 'Check availability', name: 'inventory.check', workerId: 'worker-7', lockExpiresAt: inAnHour, retriesLeft: 2, lastError: 'ECONNRESET <b>x</b>' },
              { ...blank, kind: 'MESSAGE', activityId: 'waitForReservationCallback', activityName: 'Wait for reservation callback', name: 'ReservationConfirmed', correlationKey: 'order:ORD-1' },
              { ...blank, kind: 'FAILED_JOB', activityId: 'validateOrder', activityName: 'Validate order', retriesLeft: 0, lastError: 'Unknown property' },
            ],
          }),
        ),
      ),
    );
    renderApp(`/cases/${CASE_ID}`);
    const panel = await screen.findByTestId('waiting-for', {}, { timeout: 5000 });
    const [task, message, job] = within(panel).getAllByTestId('wait-item');
    expect(task).toHaveTextContent('A worker for inventory.check');
    expect(task).toHaveTextContent(/Waiting before the next try: held by worker-7 until .* \(in [0-9]+ min\.\)\. 2 retries left after earlier failures\./);
    // The case's own step is not named again; another step is.
    expect(task).not.toHaveTextContent('Check availability');
    expect(message).toHaveTextContent('The message ReservationConfirmed · Wait for reservation callback');
    expect(message).toHaveTextContent('It must name order:ORD-1 to reach this order.');
    expect(job).toHaveTextContent('No retries left: the engine stopped trying, which is this incident.');
    // Engine text only inside the collapsed technical details, as text.
    const technical = within(task!).getByText('Last error (technical details)').closest('details')!;
    expect(technical).not.toHaveAttribute('open');
    expect(within(technical).getByText('ECONNRESET <b>x</b>')).toBeInTheDocument();
  });

  it('says when nothing is pending', async () => {
    server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, buildCaseDetail({ case: { id: CASE_ID }, liveStatus: 'LIVE', waitingFor: [] }))));
    renderApp(`/cases/${CASE_ID}`);
    expect(await screen.findByTestId('waiting-for', {}, { timeout: 5000 })).toHaveTextContent('Nothing: no worker, timer, job or message is pending');
  });
});
