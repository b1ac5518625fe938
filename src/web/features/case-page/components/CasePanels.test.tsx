import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { TEST_CSRF_TOKEN, buildCaseDetail, buildCaseSummary, buildEvidence, buildRunbook, buildSession, buildTimelineEntry } from '../../../testing/fixtures.js';
import { fakeViewer } from '../../../testing/fake-bpmn-viewer.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

const CASE_ID = 'FO-2026-000042';
const XSS = '<img src=x onerror=alert(1)>';

function serve(detail: ReturnType<typeof buildCaseDetail>) {
  server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, detail)));
}

afterEach(() => {
  vi.useRealTimers();
  fakeViewer.instances.length = 0;
});

describe('case page panels', () => {
  it('shows the runbook in collapsible sections, with what not to do and the safe recovery open', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        runbook: buildRunbook({
          title: 'Inventory reservation timed out',
          symptoms: ['Timeout at Reserve inventory'],
          doNot: ['Do not retry before the status check'],
          safeRecovery: ['Check status, then retry or confirm'],
        }),
      }),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const runbook = await screen.findByTestId('runbook');
    expect(within(runbook).getByRole('heading', { name: 'Runbook: Inventory reservation timed out' })).toBeInTheDocument();
    const section = (name: string) => within(runbook).getByText(name, { selector: 'summary' }).closest('details')!;
    for (const name of ['Symptoms', 'Impact', 'Do not', 'Diagnosis', 'Safe recovery', 'Verification']) expect(section(name)).toBeInTheDocument();
    expect(section('Do not')).toHaveAttribute('open');
    expect(section('Safe recovery')).toHaveAttribute('open');
    expect(section('Symptoms')).not.toHaveAttribute('open');
    await user.click(within(runbook).getByText('Symptoms', { selector: 'summary' }));
    expect(section('Symptoms')).toHaveAttribute('open');
    expect(section('Symptoms')).toHaveTextContent('Timeout at Reserve inventory');
  });

  it('works the diagnosis steps as a shared checklist: who checked what, and a tick saved with the CSRF token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T02:30:00Z'));
    const steps = ['Check the reservation with the inventory service', 'Look for a duplicate callback in the timeline'];
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        runbook: buildRunbook({ diagnosis: steps }),
        diagnosisChecks: [{ step: 0, checkedBy: 'omar.ops', checkedAt: '2026-01-05T02:20:00Z' }],
      }),
    );
    const posted: Array<{ body: unknown; csrf: string | null; caseId: unknown }> = [];
    server.use(
      handle(endpoints.checkDiagnosis, async ({ request, params }) => {
        posted.push({ body: await request.json(), csrf: request.headers.get('x-csrf-token'), caseId: params.caseId });
        return respond(endpoints.checkDiagnosis, {
          checks: [
            { step: 0, checkedBy: 'omar.ops', checkedAt: '2026-01-05T02:20:00Z' },
            { step: 1, checkedBy: 'dana.night', checkedAt: '2026-01-05T02:30:00Z' },
          ],
        });
      }),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const checklist = await screen.findByTestId('diagnosis-checklist');
    const runbook = screen.getByTestId('runbook');
    expect(within(runbook).getByText('Diagnosis', { selector: 'summary' })).toHaveTextContent('1/2 checked');
    const first = within(checklist).getByRole('checkbox', { name: /Check the reservation/ });
    expect(first).toBeChecked();
    expect(first).toBeEnabled();
    expect(within(checklist).getAllByTestId('diagnosis-step')[0]).toHaveTextContent(/Checked by omar\.ops 10 min\.? ago/);

    await user.click(within(checklist).getByRole('checkbox', { name: /duplicate callback/ }));
    await waitFor(() => expect(within(checklist).getByRole('checkbox', { name: /duplicate callback/ })).toBeChecked());
    expect(posted).toEqual([{ body: { step: 1, checked: true }, csrf: TEST_CSRF_TOKEN, caseId: CASE_ID }]);
    expect(within(checklist).getAllByTestId('diagnosis-step')[1]).toHaveTextContent('Checked by dana.night');
    expect(within(runbook).getByText('Diagnosis', { selector: 'summary' })).toHaveTextContent('2/2 checked');
  });

  it('shows the checklist read-only to support and on a resolved case', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support'] }))));
    serve(buildCaseDetail({ case: { id: CASE_ID }, diagnosisChecks: [{ step: 0, checkedBy: 'omar.ops', checkedAt: '2026-01-05T02:20:00Z' }] }));
    renderApp(`/cases/${CASE_ID}`);
    const box = within(await screen.findByTestId('diagnosis-checklist')).getByRole('checkbox');
    expect(box).toBeChecked();
    expect(box).toBeDisabled();
  });

  it('shows a command still pending in the outbox, with who asked for it and when', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T02:30:00Z'));
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        pendingCommand: { id: 'cmd-1', action: 'RETRY_STEP', state: 'PENDING', requestedBy: 'olivia.ops', requestedAt: '2026-01-05T02:25:00Z', attempts: 2 },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const banner = await screen.findByTestId('pending-command-banner');
    expect(banner).toHaveTextContent(/Command pending\. Retry step, asked by olivia\.ops 5 min\.? ago, is recorded and waits for the engine/);
    expect(banner).toHaveTextContent('attempts so far: 2');
  });

  it('says so when no runbook covers the failure', async () => {
    serve(buildCaseDetail({ case: { id: CASE_ID, runbookId: null }, runbook: null }));
    renderApp(`/cases/${CASE_ID}`);
    expect(await screen.findByTestId('runbook')).toHaveTextContent('No runbook covers this failure yet.');
  });

  it('lists evidence with service, finding, reference, summary, time and author', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        evidence: [
          buildEvidence({ service: 'inventory', finding: 'FOUND', reference: 'RSV-000004', summary: 'Reservation exists', recordedBy: 'olivia.ops' }),
          buildEvidence({ service: 'billing', finding: 'UNKNOWN', reference: null, summary: XSS, recordedBy: 'theo.tech' }),
        ],
      }),
    );
    const { container } = renderApp(`/cases/${CASE_ID}`);
    const [first, second] = await screen.findAllByTestId('evidence-item');
    expect(first).toHaveTextContent('inventory');
    expect(first).toHaveTextContent('Found');
    expect(first).toHaveTextContent('RSV-000004');
    expect(first).toHaveTextContent('Reservation exists');
    expect(first).toHaveTextContent('by olivia.ops');
    expect(first!.querySelector('time')).toHaveAttribute('dateTime', '2026-01-05T02:05:00Z');
    expect(second).toHaveTextContent('Unknown');
    expect(second).toHaveTextContent(XSS);
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows the timeline newest first, as text', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        timeline: [
          buildTimelineEntry({ at: '2026-01-05T02:05:00Z', action: 'CHECK_EXTERNAL_STATUS', text: 'Reservation found' }),
          buildTimelineEntry({ at: '2026-01-05T02:20:00Z', action: 'ANNOTATE', actor: 'sara.supervisor', text: XSS }),
          buildTimelineEntry({ at: '2026-01-05T02:10:00Z', action: 'ASSIGN', text: 'Assigned to olivia.ops' }),
        ],
      }),
    );
    const { container } = renderApp(`/cases/${CASE_ID}`);
    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries.map((e) => e.querySelector('time')?.getAttribute('dateTime'))).toEqual([
      '2026-01-05T02:20:00Z',
      '2026-01-05T02:10:00Z',
      '2026-01-05T02:05:00Z',
    ]);
    expect(entries[0]).toHaveTextContent('Annotate');
    expect(entries[0]).not.toHaveTextContent('ANNOTATE');
    expect(entries[2]).toHaveTextContent('Checked external status');
    expect(entries[0]).toHaveTextContent('by sara.supervisor');
    expect(entries[0]).toHaveTextContent(XSS);
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('links related cases with the reason', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID },
        linked: [
          { reason: 'SAME_ENTITY', case: buildCaseSummary({ id: 'FO-2026-000007', activityName: 'Charge payment' }) },
          { reason: 'SAME_ACTIVITY_STORM', case: buildCaseSummary({ id: 'FO-2026-000050' }) },
        ],
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const [same, storm] = await screen.findAllByTestId('linked-case');
    expect(within(same!).getByRole('link', { name: 'FO-2026-000007' })).toHaveAttribute('href', '/cases/FO-2026-000007');
    expect(same).toHaveTextContent('Same order');
    expect(same).toHaveTextContent('Charge payment');
    expect(within(storm!).getByRole('link', { name: 'FO-2026-000050' })).toHaveAttribute('href', '/cases/FO-2026-000050');
    expect(storm).toHaveTextContent('Same failing step (storm)');
  });

  it('shows a pending approval with who asked and a live expiry, and the frozen state', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T02:00:00Z'));
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, frozen: true, status: 'AWAITING_APPROVAL', activityName: 'Charge payment' },
        pendingApproval: { id: 'apr-1', requestedBy: 'olivia.ops', expiresAt: '2026-01-05T02:08:00Z' },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const banner = await screen.findByTestId('pending-approval-banner');
    expect(banner).toHaveTextContent('olivia.ops asked for a retry');
    expect(banner).toHaveTextContent('Expires in 8 min 00 s');
    expect(banner).toHaveTextContent('expiring soon');
    expect(within(banner).getByRole('link', { name: 'Open the approvals inbox' })).toHaveAttribute('href', '/approvals');

    vi.setSystemTime(new Date('2026-01-05T02:01:01Z'));
    await waitFor(() => expect(banner).toHaveTextContent('Expires in 6 min 59 s'), { timeout: 3000 });

    expect(screen.getByTestId('frozen-banner')).toHaveTextContent('A freeze covers Charge payment');
    expect(screen.getByText('Frozen', { selector: '.ui-chip' })).toBeInTheDocument();
  }, 15_000);

  it('shows team, assignee, rule and an overdue SLA', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, team: 'billing-ops', assignee: 'omar.ops', classificationRule: 'charge-timeout', slaDueAt: '2020-01-01T00:00:00Z' },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const sla = await screen.findByTestId('sla-due');
    expect(sla).toHaveTextContent('Overdue');
    expect(sla).toHaveClass('case-facts__overdue');
    const facts = screen.getByRole('heading', { level: 1, name: CASE_ID }).closest('header')!;
    expect(facts).toHaveTextContent('Teambilling-ops');
    expect(facts).toHaveTextContent('Assigneeomar.ops');
    expect(facts).toHaveTextContent('Rulecharge-timeout');
    expect(screen.queryByTestId('unclassified')).toBeNull();
  });

  it('does not flag the SLA of a resolved case, and flags an unclassified one', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, status: 'RESOLVED', resolvedAt: '2026-01-05T03:00:00Z', slaDueAt: '2020-01-01T00:00:00Z', unclassified: true, classificationRule: null },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const sla = await screen.findByTestId('sla-due');
    expect(sla).not.toHaveTextContent('Overdue');
    expect(screen.getByTestId('unclassified')).toHaveTextContent('Unclassified: no catalog rule matched');
    expect(screen.getByText('unclassified', { selector: '.ui-chip__note' })).toBeInTheDocument();
  });

  it('explains a workflow that never started instead of showing a diagram', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, source: 'RECONCILE', processInstanceId: null, activityId: null, activityName: null, incidentType: null, topic: null },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const explanation = await screen.findByTestId('no-process');
    expect(explanation).toHaveTextContent('No process instance. The order exists, but its workflow (order-orchestration) never started');
    expect(explanation).toHaveTextContent('Once the missing workflow is started (where offered under Actions), this case is resolved');
    expect(screen.queryByTestId('bpmn-container')).toBeNull();
    expect(fakeViewer.instances).toHaveLength(0);
    expect(screen.getByText('Never started')).toBeInTheDocument();
    expect(screen.getByText('No step: the workflow never started')).toBeInTheDocument();
  });

  it('says the missing workflow was started once the lost-start case is resolved, not "never started"', async () => {
    serve(
      buildCaseDetail({
        case: {
          id: CASE_ID, status: 'RESOLVED', resolvedAt: '2026-01-05T02:30:00Z', source: 'RECONCILE', processInstanceId: null, activityId: null, activityName: null,
          incidentType: null, topic: null, entity: { type: 'ORDER', id: 'ORD-100925' }, businessKey: 'order:ORD-100925',
        },
        order: { domainStatus: 'SUBMITTED', domainError: null, stage: 'Checking the order', disagreement: null },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const explanation = await screen.findByTestId('no-process');
    expect(explanation).toHaveTextContent('The missing workflow has been started.');
    expect(within(explanation).getByRole('link', { name: 'ORD-100925' })).toHaveAttribute('href', '/orders/ORD-100925');
    expect(screen.getByText('Started since')).toBeInTheDocument();
    expect(screen.queryByText('Never started')).toBeNull();
    expect(screen.getByTestId('order-standing')).toHaveTextContent('Workflow stage: Checking the order');
  });

  it('fills the runbook\'s placeholders from the case', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, entity: { type: 'ORDER', id: 'ORD-100925' }, businessKey: 'order:ORD-100925' },
        runbook: buildRunbook({ diagnosis: ['Search the business key order:{orderId} in the workbench.'] }),
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const runbook = await screen.findByTestId('runbook');
    expect(runbook).toHaveTextContent('Search the business key order:ORD-100925 in the workbench.');
    expect(runbook).not.toHaveTextContent('{orderId}');
  });

  it('fills the runbook step a timeline entry quotes, and leaves braces in a note alone', async () => {
    serve(
      buildCaseDetail({
        case: { id: CASE_ID, entity: { type: 'ORDER', id: 'ORD-100924' }, businessKey: 'order:ORD-100924' },
        timeline: [
          buildTimelineEntry({ at: '2026-01-05T02:05:00Z', action: 'DIAGNOSIS_STEP', text: 'Checked diagnosis step 1: Open the case from the business key order:{orderId}.' }),
          buildTimelineEntry({ at: '2026-01-05T02:10:00Z', action: 'ANNOTATE', text: 'Literally {orderId}' }),
        ],
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries[1]).toHaveTextContent('Open the case from the business key order:ORD-100924.');
    expect(entries[1]).not.toHaveTextContent('{orderId}');
    expect(entries[0]).toHaveTextContent('Literally {orderId}');
  });

  it('offers tech ops a link to freeze the step, pre-filled', async () => {
    serve(buildCaseDetail({ case: { id: CASE_ID, processDefinitionKey: 'order-orchestration', activityId: 'charge-payment', activityName: 'Charge payment' } }));
    renderApp(`/cases/${CASE_ID}`);
    expect(await screen.findByRole('link', { name: 'Freeze retries at Charge payment…' })).toHaveAttribute(
      'href',
      '/freezes?processDefinitionKey=order-orchestration&activityId=charge-payment&engineId=default',
    );
  });

  it('says plainly when the user may not open the case', async () => {
    server.use(handle(endpoints.caseDetail, () => respondError(403, 'FORBIDDEN', 'Reading cases needs the support role.')));
    renderApp(`/cases/${CASE_ID}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You may not open this case');
    expect(alert).toHaveTextContent('Reading cases needs the support role.');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
  });
});
