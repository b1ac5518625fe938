// Open pages update by themselves: the stream (GET /api/events, mocked with msw's `sse`, events checked
// against the shared contracts) says what changed, and the page refetches exactly that through the normal
// endpoints. Without a stream the page polls, and says so.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildApproval, buildApprovalList, buildCaseDetail, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { liveStream } from '../../../testing/live.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000042';
const LIVE = { enabled: true, pollMs: 60_000 };

/** Serves the case page from `current()`, counting the requests. */
function serveCase(current: () => CaseDetail) {
  const requests = { count: 0 };
  server.use(
    handle(endpoints.caseDetail, () => {
      requests.count += 1;
      return respond(endpoints.caseDetail, current());
    }),
  );
  return requests;
}

const retried = (status: 'IN_PROGRESS' | 'RESOLVED') =>
  buildCaseDetail({
    case: { id: CASE_ID, status, resolvedAt: status === 'RESOLVED' ? '2026-01-05T02:31:04Z' : null },
    commandProgress: {
      id: 'cmd-1', action: 'RETRY_STEP', state: 'DONE', requestedBy: 'olivia.ops', requestedAt: '2026-01-05T02:31:00Z',
      finishedAt: '2026-01-05T02:31:01Z', failure: null,
    },
  });

afterEach(() => vi.useRealTimers());

describe('live updates', () => {
  it('turn the open case page Resolved by itself once the sync resolves the case, following the retry until then', async () => {
    const stream = liveStream();
    let detail = retried('IN_PROGRESS');
    const requests = serveCase(() => detail);
    server.use(stream.handler);
    renderApp(`/cases/${CASE_ID}`, { live: LIVE });

    const progress = await screen.findByTestId('command-progress');
    expect(progress).toHaveAttribute('data-phase', 'VERIFYING');
    expect(progress).toHaveTextContent('Retry step: waiting for the workflow to move on.');
    expect(progress).toHaveTextContent(/This page updates by itself/);
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live'));
    expect(screen.getByTestId('live-indicator')).toHaveTextContent('Live');

    // A change of another case leaves this page alone.
    const before = requests.count;
    stream.change({ kinds: ['case'], caseIds: ['FO-2026-000999'] });
    await new Promise((r) => setTimeout(r, 200));
    expect(requests.count).toBe(before);

    detail = retried('RESOLVED');
    stream.change({ kinds: ['case'], caseIds: [CASE_ID] });
    await waitFor(() => expect(screen.getByTestId('command-progress')).toHaveAttribute('data-phase', 'RESOLVED'));
    expect(screen.getByTestId('command-progress')).toHaveTextContent('Retry step: done, the case is resolved.');
    expect(screen.getAllByText('Resolved', { exact: true }).length).toBeGreaterThan(0);
  });

  it('show a new request in the open approvals inbox and on its badge by themselves', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'sara.supervisor', roles: ['support', 'supervisor'] }))));
    const stream = liveStream();
    let approvals = buildApprovalList([], { pendingCount: 0 });
    server.use(stream.handler, handle(endpoints.listApprovals, () => respond(endpoints.listApprovals, approvals)));
    renderApp('/approvals', { live: LIVE });
    await screen.findByText('No approvals waiting');
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live'));
    expect(screen.queryByTestId('approvals-badge')).toBeNull();

    const request = buildApproval({ id: 'apr-9', case: { id: 'FO-2026-000101', businessKey: 'order:ORD-100927' }, requestedBy: 'olivia.ops' });
    approvals = buildApprovalList([request], { pendingCount: 1 });
    stream.change({ kinds: ['case', 'approval'], caseIds: ['FO-2026-000101'] });

    const row = await screen.findByTestId('approval-row');
    expect(within(row).getByRole('link', { name: 'FO-2026-000101' })).toBeInTheDocument();
    expect(screen.getByTestId('approvals-badge')).toHaveTextContent('1');
  });

  it('fall back to polling when the server has no stream, and say so', async () => {
    server.use(handle(endpoints.events, () => respondError(404, 'NOT_FOUND', 'No such endpoint: GET /api/events')));
    let detail = retried('IN_PROGRESS');
    serveCase(() => detail);
    renderApp(`/cases/${CASE_ID}`, { live: { enabled: true, pollMs: 300, reopen: { minMs: 60_000, maxMs: 60_000 } } });
    await screen.findByTestId('command-progress');
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'polling'));
    expect(screen.getByTestId('live-indicator')).toHaveTextContent('Polling');

    detail = retried('RESOLVED');
    await waitFor(() => expect(screen.getByTestId('command-progress')).toHaveAttribute('data-phase', 'RESOLVED'));
  });

  it('poll while the server cannot hear the database, and refetch everything once it can again', async () => {
    const stream = liveStream('DOWN');
    let detail = retried('IN_PROGRESS');
    const requests = serveCase(() => detail);
    server.use(stream.handler);
    renderApp(`/cases/${CASE_ID}`, { live: { enabled: true, pollMs: 60_000 } });
    await screen.findByTestId('command-progress');
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'polling'));

    stream.status('UP');
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live'));
    // Live from the start of this page: nothing was missed, nothing refetched.
    const settled = requests.count;
    stream.status('DOWN');
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-state', 'polling'));
    detail = retried('RESOLVED');
    stream.status('UP');
    await waitFor(() => expect(screen.getByTestId('command-progress')).toHaveAttribute('data-phase', 'RESOLVED'));
    expect(requests.count).toBe(settled + 1);
  });
});
