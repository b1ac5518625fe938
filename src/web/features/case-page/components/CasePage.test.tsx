import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { buildCaseDetail, buildCommandResult } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

// bpmn-js needs a real browser (SVG layout); the real diagram is covered by Playwright.
const viewer = vi.hoisted(() => ({
  instances: [] as Array<{ container: HTMLElement }>,
  renders: [] as Array<{ xml: string; activeActivityIds: readonly string[] }>,
  destroyed: 0,
}));
vi.mock('../../../lib/bpmn/BpmnViewer.js', () => ({
  BpmnViewer: class {
    constructor(container: HTMLElement) {
      viewer.instances.push({ container });
    }
    render(state: { xml: string; activeActivityIds: readonly string[] }) {
      viewer.renders.push(state);
      return Promise.resolve();
    }
    fitToViewport() {}
    zoomBy() {}
    destroy() {
      viewer.destroyed += 1;
    }
  },
}));

const CASE_ID = 'FO-2026-000042';
const XSS = '<img src=x onerror=alert(1)>';

beforeEach(() => {
  viewer.instances.length = 0;
  viewer.renders.length = 0;
  viewer.destroyed = 0;
});

function serveCase(...details: Array<ReturnType<typeof buildCaseDetail>>) {
  let calls = 0;
  server.use(
    handle(endpoints.caseDetail, () => {
      const detail = details[Math.min(calls, details.length - 1)]!;
      calls += 1;
      return respond(endpoints.caseDetail, detail);
    }),
  );
  return { calls: () => calls };
}

interface SeenRequest {
  key: string | null;
  ifMatch: string | null;
  body: unknown;
}

function recordRetries(...answers: Array<() => Response>) {
  const seen: SeenRequest[] = [];
  server.use(
    handle(endpoints.retryStep, async ({ request }) => {
      seen.push({ key: request.headers.get('idempotency-key'), ifMatch: request.headers.get('if-match'), body: await request.json() });
      return answers[Math.min(seen.length - 1, answers.length - 1)]!();
    }),
  );
  return seen;
}

async function openRetryDialog(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Retry step' }));
  return screen.findByRole('dialog', { name: 'Retry step?' });
}

describe('case page', () => {
  it('shows the case header, the failure as text and the incidents', async () => {
    serveCase(buildCaseDetail({ case: { id: CASE_ID, errorMessage: XSS, category: 'UNKNOWN_OUTCOME', severity: 'CRITICAL' } }));
    const { container } = renderApp(`/cases/${CASE_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: CASE_ID })).toBeInTheDocument();
    expect(screen.getAllByText('Unknown outcome').length).toBeGreaterThan(0);
    expect(screen.getByText('Critical')).toBeInTheDocument();
    const message = screen.getByTestId('case-error-message');
    expect(message.tagName).toBe('PRE');
    expect(message).toHaveTextContent(XSS);
    expect(message.childElementCount).toBe(0);
    expect(container.querySelector('img[src="x"]')).toBeNull();
    expect(screen.getByText('Root cause')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Path taken/ })).toBeInTheDocument();
    expect(screen.getByText('Order received')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe(`${CASE_ID} · order:ORD-100928 · Fallout Workbench`));
  });

  it('offers Retry only when the BFF offers it, and shows withheld actions with their reason', async () => {
    serveCase(
      buildCaseDetail({
        case: { id: CASE_ID, category: 'OPERATIONAL_UNSAFE' },
        actions: { offered: [], withheld: [{ action: 'RETRY_STEP', label: 'Retry step', reason: 'Frozen: a retry could charge the customer twice; needs an approval.' }] },
      }),
    );
    renderApp(`/cases/${CASE_ID}`);
    const withheld = await screen.findByTestId('withheld-action');
    expect(withheld).toHaveTextContent('Frozen: a retry could charge the customer twice; needs an approval.');
    expect(screen.queryByRole('button', { name: 'Retry step' })).toBeNull();
  });

  it('retries with Idempotency-Key and If-Match, shows the outcome and refreshes the case and lists', async () => {
    const served = serveCase(buildCaseDetail({ case: { id: CASE_ID, version: 7 } }));
    const seen = recordRetries(() => respond(endpoints.retryStep, buildCommandResult({ message: 'The engine picked the job up.' })));
    const { user, queryClient } = renderApp(`/cases/${CASE_ID}`);
    const listInvalidated = vi.fn();
    queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'invalidate' && event.query.queryKey[1] === 'list') listInvalidated();
    });
    queryClient.setQueryData(queryKeys.cases.list({ status: 'open' }), { items: [], total: 0 });

    const dialog = await openRetryDialog(user);
    expect(dialog).toHaveTextContent('Sets the failed job retries to 1; the engine runs Reserve inventory again.');
    await user.type(within(dialog).getByLabelText(/Comment/), 'Inventory service is back');
    await user.click(within(dialog).getByRole('button', { name: 'Retry step' }));

    expect(await screen.findByTestId('action-notice')).toHaveTextContent('Done: The engine picked the job up.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Retry step' })).toHaveFocus();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]!.ifMatch).toBe('"7"');
    expect(seen[0]!.body).toEqual({ comment: 'Inventory service is back' });
    await waitFor(() => expect(served.calls()).toBe(2));
    expect(listInvalidated).toHaveBeenCalled();
  });

  it('reuses the same Idempotency-Key when the same intent is re-submitted after a network error', async () => {
    serveCase(buildCaseDetail({ case: { id: CASE_ID } }));
    const seen = recordRetries(
      () => HttpResponse.error(),
      () => respond(endpoints.retryStep, buildCommandResult({ outcome: 'PENDING', message: 'Queued.' }), { status: 202 }),
      () => respond(endpoints.retryStep, buildCommandResult()),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);

    const dialog = await openRetryDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Retry step' }));
    const error = await within(dialog).findByTestId('action-error');
    expect(error).toHaveTextContent('could not be reached');
    expect(error).toHaveTextContent('Submitting again is safe');

    await user.click(within(dialog).getByRole('button', { name: 'Retry step again' }));
    expect(await screen.findByTestId('action-notice')).toHaveTextContent('Pending – recorded; it completes by itself when the engine answers again, nothing to re-submit. Queued.');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.key).toBe(seen[0]!.key);

    // A settled intent is over: the next retry is a new intent with a new key.
    const again = await openRetryDialog(user);
    await user.click(within(again).getByRole('button', { name: 'Retry step' }));
    await waitFor(() => expect(seen).toHaveLength(3));
    expect(seen[2]!.key).not.toBe(seen[0]!.key);
  });

  it('on 412 says the case changed, reloads it and acts on the new version next time', async () => {
    const served = serveCase(buildCaseDetail({ case: { id: CASE_ID, version: 3 } }), buildCaseDetail({ case: { id: CASE_ID, version: 4 } }));
    const seen = recordRetries(
      () => respondError(412, 'VERSION_MISMATCH', 'Case version 3 is stale; current is 4.'),
      () => respond(endpoints.retryStep, buildCommandResult({ outcome: 'ALREADY_DONE', message: 'The job was already retried.' })),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);

    const dialog = await openRetryDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Retry step' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The case changed meanwhile; reloaded');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(served.calls()).toBe(2));
    expect(await screen.findByText('4', { selector: 'dd' })).toBeInTheDocument();

    const again = await openRetryDialog(user);
    await user.click(within(again).getByRole('button', { name: 'Retry step' }));
    expect(await screen.findByTestId('action-notice')).toHaveTextContent('Already done: The job was already retried.');
    expect(seen[1]!.ifMatch).toBe('"4"');
    expect(seen[1]!.key).not.toBe(seen[0]!.key);
  });

  it('shows other errors with the BFF message and keeps the dialog open', async () => {
    serveCase(buildCaseDetail({ case: { id: CASE_ID } }));
    recordRetries(() => respondError(403, 'FORBIDDEN', 'Retrying needs the tech_ops role.'));
    const { user } = renderApp(`/cases/${CASE_ID}`);
    const dialog = await openRetryDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Retry step' }));
    expect(await within(dialog).findByTestId('action-error')).toHaveTextContent('Retrying needs the tech_ops role.');
  });

  it('with a liveError shows it and no diagram', async () => {
    serveCase(buildCaseDetail({ case: { id: CASE_ID }, diagram: null, path: [], liveError: 'Engine did not answer within 5 s' }));
    renderApp(`/cases/${CASE_ID}`);
    expect(await screen.findByTestId('live-error')).toHaveTextContent('Engine did not answer within 5 s');
    expect(screen.queryByTestId('bpmn-container')).toBeNull();
    expect(viewer.instances).toHaveLength(0);
  });

  it('creates one viewer and re-renders it when the live data changes', async () => {
    const first = buildCaseDetail({ case: { id: CASE_ID } });
    const second = buildCaseDetail({ case: { id: CASE_ID }, diagram: { ...first.diagram!, activeActivityIds: ['charge-payment'] } });
    serveCase(first, second);
    const { queryClient } = renderApp(`/cases/${CASE_ID}`);

    await screen.findByTestId('bpmn-container');
    await waitFor(() => expect(viewer.renders).toHaveLength(1));
    expect(viewer.renders[0]!.xml).toBe(first.diagram!.bpmnXml);
    expect(screen.getByRole('list', { name: 'Diagram legend' })).toBeInTheDocument();

    await queryClient.invalidateQueries({ queryKey: queryKeys.cases.detail(CASE_ID) });
    await waitFor(() => expect(viewer.renders).toHaveLength(2));
    expect(viewer.renders[1]!.activeActivityIds).toEqual(['charge-payment']);
    expect(viewer.instances).toHaveLength(1);
  });

  it('shows not found for an unknown case', async () => {
    server.use(handle(endpoints.caseDetail, () => respondError(404, 'NOT_FOUND', 'No case FO-2026-999999.')));
    renderApp('/cases/FO-2026-999999');
    expect(await screen.findByText('Case FO-2026-999999 not found')).toBeInTheDocument();
  });
});
