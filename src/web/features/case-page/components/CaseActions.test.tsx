import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CaseDetail } from '../../../../contracts/cases.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { TEST_CSRF_TOKEN, buildCaseDetail, buildCommandResult, buildEvidence } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000042';
type Offered = CaseDetail['actions']['offered'][number];

const confirmOutcome: Offered = {
  action: 'CONFIRM_EXTERNAL_OUTCOME',
  label: 'Confirm external outcome',
  effect: 'Completes Reserve inventory with the reservation the inventory service holds; no new reservation is made.',
  inputs: [{ name: 'reference', label: 'Reservation reference', kind: 'text', required: true, suggested: 'RSV-000004' }],
  safe: false,
};

const requestUnsafeRetry: Offered = {
  action: 'REQUEST_UNSAFE_RETRY',
  label: 'Request retry approval',
  effect: 'Asks a supervisor to approve a retry of Charge payment; nothing runs until then.',
  inputs: [
    { name: 'reason', label: 'Reason', kind: 'longtext', required: true },
    { name: 'evidence', label: 'Evidence', kind: 'longtext', required: true, suggested: 'billing: NOT_FOUND for ORD-100928' },
  ],
  safe: false,
};

const checkStatus: Offered = {
  action: 'CHECK_EXTERNAL_STATUS',
  label: 'Check external status',
  effect: 'Asks the inventory service whether the reservation exists; only reads.',
  inputs: [],
  safe: true,
};

function serveCase(offered: Offered[], version = 5) {
  let calls = 0;
  server.use(
    handle(endpoints.caseDetail, () => {
      calls += 1;
      return respond(endpoints.caseDetail, buildCaseDetail({ case: { id: CASE_ID, version }, actions: { offered, withheld: [] } }));
    }),
  );
  return { calls: () => calls };
}

interface SeenCommand {
  path: string;
  key: string | null;
  ifMatch: string | null;
  csrf: string | null;
  body: unknown;
}

function recordCommands(answer: () => Response) {
  const seen: SeenCommand[] = [];
  server.use(
    handle(endpoints.caseAction, async ({ request }) => {
      seen.push({
        path: new URL(request.url).pathname,
        key: request.headers.get('idempotency-key'),
        ifMatch: request.headers.get('if-match'),
        csrf: request.headers.get('x-csrf-token'),
        body: await request.json(),
      });
      return answer();
    }),
  );
  return seen;
}

async function openAction(user: ReturnType<typeof renderApp>['user'], action: Offered) {
  await user.click(await screen.findByTestId(`action-${action.action}`));
  return screen.findByRole('dialog', { name: `${action.label}?` });
}

describe('case actions', () => {
  it('confirms an external outcome with the suggested reference: body, slug, Idempotency-Key, If-Match and CSRF token', async () => {
    serveCase([confirmOutcome], 5);
    const seen = recordCommands(() =>
      respond(endpoints.caseAction, buildCommandResult({ action: 'CONFIRM_EXTERNAL_OUTCOME', message: 'Step completed with RSV-000004.' })),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);

    const dialog = await openAction(user, confirmOutcome);
    expect(dialog).toHaveTextContent('Completes Reserve inventory with the reservation the inventory service holds; no new reservation is made.');
    const reference = within(dialog).getByLabelText(/Reservation reference/);
    expect(reference).toHaveValue('RSV-000004');
    expect(reference).toHaveFocus();
    await user.click(within(dialog).getByLabelText(/Comment/));
    await user.paste('Reservation confirmed in the inventory UI');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm external outcome' }));

    expect(await screen.findByTestId('action-notice')).toHaveTextContent('Done: Step completed with RSV-000004.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(seen).toEqual([
      {
        path: `/api/cases/${CASE_ID}/actions/confirm-external-outcome`,
        key: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ifMatch: '"5"',
        csrf: TEST_CSRF_TOKEN,
        body: { reference: 'RSV-000004', comment: 'Reservation confirmed in the inventory UI' },
      },
    ]);
  });

  it('checks required inputs before sending anything', async () => {
    serveCase([confirmOutcome]);
    const seen = recordCommands(() => respond(endpoints.caseAction, buildCommandResult()));
    const { user } = renderApp(`/cases/${CASE_ID}`);

    const dialog = await openAction(user, confirmOutcome);
    const reference = within(dialog).getByLabelText(/Reservation reference/);
    await user.clear(reference);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm external outcome' }));

    expect(within(dialog).getByText('Reservation reference is required.')).toBeInTheDocument();
    expect(reference).toHaveAttribute('aria-invalid', 'true');
    expect(reference).toHaveFocus();
    expect(seen).toEqual([]);
  });

  it('a request for an unsafe retry says a supervisor must approve it', async () => {
    serveCase([requestUnsafeRetry]);
    const seen = recordCommands(() =>
      respond(
        endpoints.caseAction,
        buildCommandResult({ action: 'REQUEST_UNSAFE_RETRY', outcome: 'AWAITING_APPROVAL', message: 'Approval apr-7 expires in 60 minutes.', approvalId: 'apr-7' }),
        { status: 202 },
      ),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);

    const dialog = await openAction(user, requestUnsafeRetry);
    await user.click(within(dialog).getByLabelText(/^Reason/));
    await user.paste('Billing shows no charge for the order');
    await user.click(within(dialog).getByRole('button', { name: 'Request retry approval' }));

    const notice = await screen.findByTestId('action-notice');
    expect(notice).toHaveTextContent(
      'Awaiting approval – a supervisor other than the requester must approve before it runs. Approval apr-7 expires in 60 minutes.',
    );
    expect(within(notice).getByRole('link', { name: 'Open the approvals inbox' })).toHaveAttribute('href', '/approvals');
    expect(seen[0]!.path).toBe(`/api/cases/${CASE_ID}/actions/request-unsafe-retry`);
    expect(seen[0]!.body).toEqual({ reason: 'Billing shows no charge for the order', evidence: 'billing: NOT_FOUND for ORD-100928' });
  });

  it('a pending command says it completes when the engine answers', async () => {
    serveCase([checkStatus]);
    recordCommands(() =>
      respond(endpoints.caseAction, buildCommandResult({ action: 'CHECK_EXTERNAL_STATUS', outcome: 'PENDING', message: 'Inventory did not answer yet.' }), {
        status: 202,
      }),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const dialog = await openAction(user, checkStatus);
    expect(dialog).toHaveTextContent('Changes nothing outside the workbench.');
    await user.click(within(dialog).getByRole('button', { name: 'Check external status' }));
    expect(await screen.findByTestId('action-notice')).toHaveTextContent(
      'Pending – recorded; it completes by itself when the engine answers again, nothing to re-submit. Inventory did not answer yet.',
    );
  });

  it('shows what a status check found', async () => {
    serveCase([checkStatus]);
    recordCommands(() =>
      respond(
        endpoints.caseAction,
        buildCommandResult({
          action: 'CHECK_EXTERNAL_STATUS',
          message: 'Status recorded as evidence.',
          evidence: buildEvidence({ service: 'inventory', finding: 'FOUND', reference: 'RSV-000004', summary: 'Reservation exists' }),
        }),
      ),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const dialog = await openAction(user, checkStatus);
    await user.click(within(dialog).getByRole('button', { name: 'Check external status' }));
    const notice = await screen.findByTestId('action-notice');
    expect(notice).toHaveTextContent('Done: Status recorded as evidence.');
    expect(notice).toHaveTextContent('inventory: Found RSV-000004 – Reservation exists');
  });

  it('on 412 shows that the case changed and reloads it', async () => {
    const served = serveCase([confirmOutcome]);
    recordCommands(() => respondError(412, 'VERSION_MISMATCH', 'Case version 5 is stale.'));
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const dialog = await openAction(user, confirmOutcome);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm external outcome' }));
    expect(await screen.findByTestId('action-notice')).toHaveTextContent('The case changed meanwhile; reloaded. Check the new state before acting again.');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(served.calls()).toBe(2));
  });

  it('on 409 shows the reason and reloads the case', async () => {
    const served = serveCase([confirmOutcome]);
    recordCommands(() => respondError(409, 'PRECONDITION_FAILED', 'The status check found no reservation; confirm is not possible.'));
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const dialog = await openAction(user, confirmOutcome);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm external outcome' }));
    const notice = await screen.findByTestId('action-notice');
    expect(notice).toHaveTextContent('Not done: The status check found no reservation; confirm is not possible.');
    expect(notice).toHaveAttribute('role', 'alert');
    await waitFor(() => expect(served.calls()).toBe(2));
  });

  it('Escape closes the confirmation without sending, and focus goes back to the action', async () => {
    serveCase([confirmOutcome]);
    const seen = recordCommands(() => respond(endpoints.caseAction, buildCommandResult()));
    const { user } = renderApp(`/cases/${CASE_ID}`);
    await openAction(user, confirmOutcome);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('action-CONFIRM_EXTERNAL_OUTCOME')).toHaveFocus();
    expect(seen).toEqual([]);
  });

  it('fills a user input with the signed-in user on "Me"', async () => {
    const assign: Offered = {
      action: 'ASSIGN',
      label: 'Assign',
      effect: 'Makes the chosen user the case owner.',
      inputs: [{ name: 'assignee', label: 'Assignee', kind: 'user', required: true }],
      safe: true,
    };
    serveCase([assign]);
    const seen = recordCommands(() => respond(endpoints.caseAction, buildCommandResult({ action: 'ASSIGN', message: 'Assigned to dana.night.' })));
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const dialog = await openAction(user, assign);
    await user.click(within(dialog).getByRole('button', { name: 'Fill in my user id (dana.night)' }));
    expect(within(dialog).getByLabelText(/^Assignee/)).toHaveValue('dana.night');
    await user.click(within(dialog).getByRole('button', { name: 'Assign' }));
    expect(await screen.findByTestId('action-notice')).toHaveTextContent('Done: Assigned to dana.night.');
    expect(seen[0]!.body).toEqual({ assignee: 'dana.night' });
    expect(seen[0]!.path).toBe(`/api/cases/${CASE_ID}/actions/assign`);
  });
});
