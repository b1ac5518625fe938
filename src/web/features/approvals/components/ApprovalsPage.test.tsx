import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { TEST_CSRF_TOKEN, buildApproval, buildApprovalList, buildCommandResult, buildEvidence, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

const NOW = '2026-01-05T02:00:00Z';

function signInAs(id: string, roles: Array<'support' | 'supervisor' | 'fulfillment_ops' | 'tech_ops'>) {
  server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id, name: id, roles }))));
}

function serveApprovals(...approvals: Array<ReturnType<typeof buildApproval>>) {
  const statuses: string[] = [];
  server.use(
    handle(endpoints.listApprovals, ({ request }) => {
      statuses.push(new URL(request.url).searchParams.get('status') ?? '');
      return respond(endpoints.listApprovals, buildApprovalList(approvals, { expiringSoonCount: 1 }));
    }),
  );
  return statuses;
}

const soon = buildApproval({
  id: 'apr-1',
  case: { id: 'FO-2026-000101', businessKey: 'order:ORD-100930' },
  requestedBy: 'olivia.ops',
  reason: 'Billing confirmed there was no charge',
  evidence: 'billing: NOT_FOUND for ORD-100930',
  requestedAt: '2026-01-05T01:52:00Z',
  expiresAt: '2026-01-05T02:08:00Z',
});
const later = buildApproval({ id: 'apr-2', case: { id: 'FO-2026-000102' }, expiresAt: '2026-01-05T02:45:00Z', sideEffect: 'contract' });

afterEach(() => vi.useRealTimers());

describe('approvals inbox', () => {
  it('lists pending approvals with a live countdown and flags the ones expiring soon', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(NOW));
    signInAs('sara.supervisor', ['support', 'supervisor']);
    const statuses = serveApprovals(soon, later);
    renderApp('/approvals');

    const [first, second] = await screen.findAllByTestId('approval-row');
    expect(within(first!).getByRole('link', { name: 'FO-2026-000101' })).toHaveAttribute('href', '/cases/FO-2026-000101');
    expect(first).toHaveTextContent('order:ORD-100930');
    expect(first).toHaveTextContent('olivia.ops');
    expect(within(first!).getByTestId('approval-side-effect')).toHaveTextContent('Moves money');
    expect(first).toHaveTextContent('Billing confirmed there was no charge');
    expect(first).toHaveTextContent('billing: NOT_FOUND for ORD-100930');
    expect(first!.querySelector('time[datetime="2026-01-05T01:52:00Z"]')).not.toBeNull();
    const countdown = within(first!).getByTestId('countdown');
    expect(countdown).toHaveTextContent('in 8 min 00 s');
    expect(countdown).toHaveTextContent('expiring soon');
    expect(countdown).toHaveClass('countdown--soon');
    expect(within(second!).getByTestId('countdown')).toHaveTextContent('in 45 min');
    expect(within(second!).getByTestId('approval-side-effect')).toHaveTextContent('Changes a contract');
    expect(within(second!).getByTestId('countdown')).not.toHaveClass('countdown--soon');
    expect(screen.getByTestId('approvals-summary')).toHaveTextContent('2 pending · 1 expiring within 10 min');

    vi.setSystemTime(new Date('2026-01-05T02:03:30Z'));
    await waitFor(() => expect(countdown).toHaveTextContent('in 4 min 30 s'), { timeout: 3000 });
    vi.setSystemTime(new Date('2026-01-05T02:08:00Z'));
    await waitFor(() => expect(countdown).toHaveTextContent('expired'), { timeout: 3000 });
    expect(statuses).toContain('pending');
  }, 15_000);

  it('approves with a reason and an Idempotency-Key, and shows the result of the retry', async () => {
    signInAs('sara.supervisor', ['support', 'supervisor']);
    serveApprovals(soon);
    const seen: Array<{ key: string | null; csrf: string | null; body: unknown; id: string }> = [];
    server.use(
      handle(endpoints.approve, async ({ request, params }) => {
        seen.push({ key: request.headers.get('idempotency-key'), csrf: request.headers.get('x-csrf-token'), body: await request.json(), id: String(params.approvalId) });
        return respond(endpoints.approve, buildCommandResult({ outcome: 'DONE', message: 'Retry ran; the engine picked the job up.' }));
      }),
    );
    const { user } = renderApp('/approvals');

    await user.click(await screen.findByTestId('approve-apr-1'));
    const dialog = await screen.findByRole('dialog', { name: 'Approve the retry for FO-2026-000101?' });
    expect(dialog).toHaveTextContent('Billing confirmed there was no charge');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));
    expect(within(dialog).getByText('Give a reason for the decision.')).toBeInTheDocument();
    expect(seen).toEqual([]);

    await user.type(within(dialog).getByLabelText(/^Reason/), 'Evidence checked');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));

    expect(await screen.findByTestId('approval-notice')).toHaveTextContent('Approved FO-2026-000101. Done: Retry ran; the engine picked the job up.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(seen).toEqual([{ key: expect.stringMatching(/^[0-9a-f-]{36}$/), csrf: TEST_CSRF_TOKEN, body: { reason: 'Evidence checked' }, id: 'apr-1' }]);
  });

  it("shows the approver the owning service's own status check next to the requester's words", async () => {
    signInAs('sara.supervisor', ['support', 'supervisor']);
    const checked = buildApproval({
      id: 'apr-9',
      case: { id: 'FO-2026-000109' },
      statusCheck: buildEvidence({ service: 'billing', finding: 'NOT_FOUND', reference: null, summary: 'No charge for BILL-ORD-100930', recordedBy: 'olivia.ops' }),
    });
    serveApprovals(checked, later);
    const { user } = renderApp('/approvals');

    await user.click(await screen.findByTestId('approve-apr-9'));
    const facts = within(await screen.findByRole('dialog')).getByTestId('decision-status-check');
    expect(facts).toHaveTextContent(/^billing Not found – No charge for BILL-ORD-100930 \(checked by olivia\.ops, /);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(await screen.findByTestId('approve-apr-2'));
    expect(within(await screen.findByRole('dialog')).getByTestId('decision-status-check')).toHaveTextContent('None was run before the request');
  });

  it('shows the server message when a supervisor tries to approve their own request', async () => {
    signInAs('sara.supervisor', ['support', 'supervisor']);
    serveApprovals(buildApproval({ id: 'apr-9', requestedBy: 'sara.supervisor' }));
    server.use(handle(endpoints.approve, () => respondError(403, 'SELF_APPROVAL', 'You requested this retry; another supervisor must approve it.')));
    const { user } = renderApp('/approvals');

    const row = (await screen.findAllByTestId('approval-row'))[0]!;
    expect(row).toHaveTextContent('You asked for this one: another supervisor must decide.');
    await user.click(within(row).getByTestId('approve-apr-9'));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Reason/), 'Looks fine');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm approval' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You requested this retry; another supervisor must approve it.');
  });

  it('rejects with a reason', async () => {
    signInAs('sid.supervisor', ['support', 'supervisor']);
    serveApprovals(soon);
    const bodies: unknown[] = [];
    server.use(
      handle(endpoints.reject, async ({ request }) => {
        bodies.push(await request.json());
        return respond(endpoints.reject, buildApprovalList([]));
      }),
    );
    const { user } = renderApp('/approvals');
    await user.click(await screen.findByTestId('reject-apr-1'));
    const dialog = await screen.findByRole('dialog', { name: 'Reject the retry for FO-2026-000101?' });
    await user.type(within(dialog).getByLabelText(/^Reason/), 'Billing not verified');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm rejection' }));
    expect(await screen.findByTestId('approval-notice')).toHaveTextContent('Rejected: the retry of FO-2026-000101 will not run.');
    expect(bodies).toEqual([{ reason: 'Billing not verified' }]);
  });

  it('shows no decision buttons to ops, and keeps the pending/all filter in the URL', async () => {
    signInAs('olivia.ops', ['support', 'fulfillment_ops']);
    const statuses = serveApprovals(soon);
    const { user, router } = renderApp('/approvals');
    await screen.findAllByTestId('approval-row');
    expect(screen.queryByTestId('approve-apr-1')).toBeNull();
    expect(screen.queryByTestId('reject-apr-1')).toBeNull();
    expect(screen.getByTestId('approvals-summary')).toHaveTextContent('Only supervisors decide');

    await user.click(screen.getByRole('link', { name: 'All' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=all'));
    await waitFor(() => expect(statuses).toContain('all'));
    await waitFor(() => expect(screen.getByRole('link', { name: 'All' })).toHaveAttribute('aria-current', 'page'));
  });

  it('has an empty state', async () => {
    signInAs('sara.supervisor', ['support', 'supervisor']);
    serveApprovals();
    renderApp('/approvals');
    expect(await screen.findByText('No approvals waiting')).toBeInTheDocument();
  });

  it('handles a 403 with a clear message', async () => {
    signInAs('aud.auditor', ['support']);
    server.use(handle(endpoints.listApprovals, () => respondError(403, 'FORBIDDEN', 'Approvals need an ops or supervisor role.')));
    renderApp('/approvals');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The approvals inbox is not open to your roles');
    expect(alert).toHaveTextContent('Approvals need an ops or supervisor role.');
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
  });
});
