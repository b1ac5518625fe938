import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildBulkRetryResponse, buildCaseSummary, buildQueueResponse, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

const XSS = '<img src=x onerror=alert(1)>';

function recordQueueRequests(body = buildQueueResponse()) {
  const seen: URLSearchParams[] = [];
  server.use(
    handle(endpoints.queue, ({ request }) => {
      seen.push(new URL(request.url).searchParams);
      return respond(endpoints.queue, body);
    }),
  );
  return seen;
}

describe('case queue', () => {
  it('lists the cases with the view counts', async () => {
    const { router } = renderApp('/cases');
    expect(await screen.findByRole('heading', { name: 'Fallout cases' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/cases');
    expect(await screen.findAllByTestId('case-row')).toHaveLength(2);
    const views = screen.getByRole('navigation', { name: 'Saved views' });
    expect(within(views).getByRole('link', { name: /Stuck/ })).toHaveTextContent('Stuck4');
    expect(within(views).getByRole('link', { name: /All/ })).toHaveAttribute('aria-current', 'page');
    // The title is set in an effect, which may run after the first paint.
    await waitFor(() => expect(document.title).toBe('All · Queue · Fallout Workbench'));
  });

  it('renders engine error text as text, never as markup, and dates with UTC on hover', async () => {
    const item = buildCaseSummary({ errorMessage: XSS, category: 'DATA_CORRUPTION' });
    server.use(handle(endpoints.queue, () => respond(endpoints.queue, buildQueueResponse({ items: [item] }))));
    const { container } = renderApp('/cases');

    const cell = await screen.findByTestId('case-error');
    expect(cell).toHaveTextContent(XSS);
    expect(cell.childElementCount).toBe(0);
    expect(container.querySelector('img[src="x"]')).toBeNull();
    const row = screen.getByTestId('case-row');
    expect(within(row).getByRole('link', { name: item.id })).toHaveAttribute('href', `/cases/${item.id}`);
    expect(within(row).getByText('Data corruption')).toBeInTheDocument();
    expect(within(row).getByText('order-orchestration v3')).toBeInTheDocument();
    const lastSeen = row.querySelector(`time[datetime="${item.lastSeenAt}"]`);
    expect(lastSeen?.getAttribute('title')).toContain(`${item.lastSeenAt} UTC`);
  });

  it('puts a filter into the URL and the request, showing the facet counts', async () => {
    const seen = recordQueueRequests();
    const { router, user } = renderApp('/cases?view=team');
    await screen.findAllByTestId('case-row');
    const category = screen.getByLabelText('Category');
    expect(within(category).getByRole('option', { name: 'Data corruption (3)' })).toBeInTheDocument();

    await user.selectOptions(category, 'Data corruption (3)');
    await waitFor(() => expect(router.state.location.search).toBe('?view=team&category=DATA_CORRUPTION'));
    await waitFor(() => expect(seen.some((params) => params.get('category') === 'DATA_CORRUPTION')).toBe(true));
    const last = seen.at(-1)!;
    expect(last.get('view')).toBe('team');
    expect(last.get('limit')).toBe('100');

    await user.type(screen.getByRole('searchbox', { name: 'Contains' }), 'ORD-7{Enter}');
    await waitFor(() => expect(router.state.location.search).toBe('?view=team&category=DATA_CORRUPTION&q=ORD-7'));
    await waitFor(() => expect(seen.at(-1)!.get('q')).toBe('ORD-7'));
  });

  it('shows the filters a dashboard link brought as chips, forwards them, and removes one at a time', async () => {
    const seen = recordQueueRequests();
    const { router, user } = renderApp('/cases?status=all&command=RETRY_STEP&commandOutcome=failed&eventWithinMinutes=1440&approval=breached');
    await screen.findAllByTestId('case-row');
    await waitFor(() => expect(seen.at(-1)!.get('command')).toBe('RETRY_STEP'));
    expect(Object.fromEntries(seen.at(-1)!)).toMatchObject({ status: 'all', commandOutcome: 'failed', eventWithinMinutes: '1440', approval: 'breached' });

    expect(screen.getByTestId('link-filter-command')).toHaveTextContent('Recovery action: Retry step');
    expect(screen.getByTestId('link-filter-commandOutcome')).toHaveTextContent('Command outcome: failed');
    expect(screen.getByTestId('link-filter-eventWithinMinutes')).toHaveTextContent('Command or request in the last 1 day');
    expect(screen.getByTestId('link-filter-approval')).toHaveTextContent('Unsafe-retry request: not decided in time');

    await user.click(screen.getByRole('button', { name: 'Remove filter: Unsafe-retry request: not decided in time' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=all&command=RETRY_STEP&commandOutcome=failed&eventWithinMinutes=1440'));
    await waitFor(() => expect(seen.at(-1)!.get('approval')).toBeNull());
    // The router's loader asks for the new list before the navigation's render commits.
    await waitFor(() => expect(screen.queryByTestId('link-filter-approval')).toBeNull());
  });

  it('says the sort in words in the table caption', async () => {
    renderApp('/cases?sort=slaDue&order=asc');
    await screen.findAllByTestId('case-row');
    expect(screen.getByRole('table')).toHaveAccessibleName(/sorted by SLA due, soonest first$/);
  });

  it('filters past-due cases with the SLA control and by source and engine through their facets', async () => {
    const seen = recordQueueRequests();
    const { router, user } = renderApp('/cases');
    await screen.findAllByTestId('case-row');
    // The less used filters are folded away until asked for.
    expect(screen.getByLabelText('SLA')).not.toBeVisible();
    const more = screen.getByRole('button', { name: 'More filters' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    await user.click(more);
    expect(more).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByLabelText('SLA')).toBeVisible();
    await user.selectOptions(screen.getByLabelText('SLA'), 'Past due');
    await waitFor(() => expect(router.state.location.search).toBe('?slaBreached=true'));
    await user.selectOptions(screen.getByLabelText('Source'), 'Incident (2)');
    await user.selectOptions(screen.getByLabelText('Engine'), 'default (20)');
    await waitFor(() => expect(router.state.location.search).toBe('?slaBreached=true&source=INCIDENT&engineId=default'));
    await waitFor(() => expect(Object.fromEntries(seen.at(-1)!)).toMatchObject({ slaBreached: 'true', source: 'INCIDENT', engineId: 'default' }));
    // With three of its filters set the fold stays open and says so (once the navigation's render commits).
    expect(await screen.findByRole('button', { name: 'More filters (3)' })).toBeDisabled();
    expect(screen.getByLabelText('Engine')).toBeVisible();
  });

  it('sorts by a column header and toggles the order on a second click', async () => {
    const seen = recordQueueRequests();
    const { router, user } = renderApp('/cases');
    await screen.findAllByTestId('case-row');
    const lastSeen = screen.getByRole('columnheader', { name: /Last seen/ });
    expect(lastSeen).toHaveAttribute('aria-sort', 'descending');

    await user.click(within(lastSeen).getByRole('button'));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=lastSeen&order=asc'));
    await waitFor(() => expect(screen.getByRole('columnheader', { name: /Last seen/ })).toHaveAttribute('aria-sort', 'ascending'));
    await waitFor(() => expect(seen.at(-1)!.get('order')).toBe('asc'));

    await user.click(within(screen.getByRole('columnheader', { name: /Severity/ })).getByRole('button'));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=severity&order=desc'));
    await waitFor(() => expect(screen.getByRole('columnheader', { name: /Severity/ })).toHaveAttribute('aria-sort', 'descending'));
    expect(screen.getByRole('columnheader', { name: /Last seen/ })).toHaveAttribute('aria-sort', 'none');
    await waitFor(() => expect(seen.at(-1)!.get('sort')).toBe('severity'));
  });

  it('renders only a window of rows for 10 000 cases', async () => {
    const template = buildCaseSummary();
    const items = Array.from({ length: 10_000 }, (_, i) => ({ ...template, id: `FO-BIG-${String(i).padStart(5, '0')}` }));
    server.use(handle(endpoints.queue, () => respond(endpoints.queue, buildQueueResponse({ items }))));
    renderApp('/cases');
    const rows = await screen.findAllByTestId('case-row', {}, { timeout: 10_000 });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(screen.getByText(/showing 10,000 of 10,000 cases/)).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('link')).toHaveTextContent('FO-BIG-00000');
  }, 20_000);

  it('loads the next page with the cursor as the list scrolls, and says a capped total as 10,000+', async () => {
    const template = buildCaseSummary();
    const page = (n: number) => Array.from({ length: 100 }, (_, i) => ({ ...template, id: `FO-P${n}-${String(i).padStart(3, '0')}` }));
    const cursors: (string | null)[] = [];
    server.use(
      handle(endpoints.queue, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        cursors.push(cursor);
        const n = cursor === null ? 1 : Number(cursor.slice(-1)) + 1;
        return respond(endpoints.queue, buildQueueResponse({ items: page(n), total: 10_000, totalCapped: true, nextCursor: n < 3 ? `after-page-${n}` : null }));
      }),
    );
    renderApp('/cases');
    await screen.findAllByTestId('case-row');
    expect(screen.getByText(/showing 100 of 10,000\+ cases/)).toBeInTheDocument();
    expect(cursors).toEqual([null]);

    const scroll = screen.getByTestId('queue-scroll');
    scroll.scrollTop = 90 * 44;
    scroll.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(cursors).toContain('after-page-1'));
    expect(await screen.findByText(/showing 200 of 10,000\+ cases/, {}, { timeout: 5_000 })).toBeInTheDocument();
    scroll.scrollTop = 190 * 44;
    scroll.dispatchEvent(new Event('scroll'));
    expect(await screen.findByText(/showing 300 of 10,000\+ cases/, {}, { timeout: 5_000 })).toBeInTheDocument();
    // The third page has no next cursor: nothing more is asked for.
    expect(cursors).toEqual([null, 'after-page-1', 'after-page-2']);
    expect(screen.queryByRole('button', { name: 'Load more cases' })).toBeNull();
  });

  it('shows the view’s empty state with a hint', async () => {
    server.use(handle(endpoints.queue, () => respond(endpoints.queue, buildQueueResponse({ items: [] }))));
    renderApp('/cases?view=stuck');
    expect(await screen.findByText('No cases in “Stuck”')).toBeInTheDocument();
    expect(screen.getByText('No instance waits past its stage budget.')).toBeInTheDocument();
  });

  it('shows the error with a retry that reloads', async () => {
    let healthy = false;
    server.use(
      handle(endpoints.queue, () =>
        healthy ? respond(endpoints.queue, buildQueueResponse()) : respondError(503, 'SYNC_UNAVAILABLE', 'The case store is not reachable.'),
      ),
    );
    const { user } = renderApp('/cases');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The case store is not reachable.');
    expect(alert).toHaveTextContent('SYNC_UNAVAILABLE · HTTP 503');
    healthy = true;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('case-row')).toHaveLength(2);
  });

  it('moves between rows with the arrow keys', async () => {
    const { user } = renderApp('/cases');
    const [first, second] = await screen.findAllByTestId('case-row');
    within(first!).getByRole('link').focus();
    await user.keyboard('{ArrowDown}');
    expect(within(second!).getByRole('link')).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(within(first!).getByRole('link')).toHaveFocus();
  });
});

describe('bulk retry', () => {
  const pinned = '/cases?processKey=order-orchestration&activityId=reserve-inventory';

  it('is offered only when one process and activity are pinned', async () => {
    renderApp('/cases?processKey=order-orchestration');
    await screen.findAllByTestId('case-row');
    expect(screen.queryByRole('button', { name: /Bulk retry/ })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('is not offered without the tech_ops role', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support'] }))));
    renderApp(pinned);
    await screen.findAllByTestId('case-row');
    expect(screen.queryByRole('button', { name: /Bulk retry/ })).toBeNull();
  });

  it('opens with the dry run running when arriving from the dashboard’s Bulk retry link, and forgets the request on close', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    server.use(
      handle(endpoints.bulkRetry, async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        return respond(endpoints.bulkRetry, buildBulkRetryResponse({ scope: [{ caseId: 'FO-2026-000101', businessKey: 'order:ORD-1', version: 3 }], results: [] }));
      }),
    );
    const { user, router } = renderApp(`${pinned}&bulk=retry`);
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByTestId('bulk-dry-run')).toHaveTextContent('1 case in scope');
    expect(bodies).toEqual([{ processDefinitionKey: 'order-orchestration', activityId: 'reserve-inventory', dryRun: true }]);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(router.state.location.search).toBe('?processKey=order-orchestration&activityId=reserve-inventory'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('ignores the Bulk retry link for a user without tech_ops', async () => {
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support', 'fulfillment_ops'] }))));
    renderApp(`${pinned}&bulk=retry`);
    await screen.findAllByTestId('case-row');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('runs the dry run first, then the real run over exactly the dry run’s cases', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const keys: Array<string | null> = [];
    server.use(
      handle(endpoints.bulkRetry, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        keys.push(request.headers.get('idempotency-key'));
        if (body.dryRun) {
          return respond(
            endpoints.bulkRetry,
            buildBulkRetryResponse({
              scope: [
                { caseId: 'FO-2026-000101', businessKey: 'order:ORD-1', version: 3 },
                { caseId: 'FO-2026-000102', businessKey: 'order:ORD-2', version: 1 },
              ],
              beyondCap: 7,
              excluded: [{ caseId: 'FO-2026-000103', reason: 'Not transient (DATA_CORRUPTION)' }],
            }),
          );
        }
        return respond(
          endpoints.bulkRetry,
          buildBulkRetryResponse({
            dryRun: false,
            scope: [
              { caseId: 'FO-2026-000101', businessKey: 'order:ORD-1', version: 3 },
              { caseId: 'FO-2026-000102', businessKey: 'order:ORD-2', version: 1 },
            ],
            results: [
              { caseId: 'FO-2026-000101', outcome: 'DONE', message: 'The engine picked the job up.' },
              { caseId: 'FO-2026-000102', outcome: 'FAILED', message: 'Case changed meanwhile.' },
            ],
          }),
        );
      }),
    );
    const { user } = renderApp(pinned);
    await screen.findAllByTestId('case-row');
    await user.click(screen.getByRole('button', { name: 'Bulk retry' }));

    const dialog = await screen.findByRole('dialog');
    const dryRun = await within(dialog).findByTestId('bulk-dry-run');
    expect(bodies).toEqual([{ processDefinitionKey: 'order-orchestration', activityId: 'reserve-inventory', dryRun: true }]);
    expect(dryRun).toHaveTextContent('2 cases in scope');
    expect(dryRun).toHaveTextContent('FO-2026-000101');
    expect(dryRun).toHaveTextContent('7 more cases matched beyond the cap');
    expect(dryRun).toHaveTextContent('FO-2026-000103: Not transient (DATA_CORRUPTION)');

    await user.click(within(dialog).getByRole('button', { name: 'Retry 2 cases' }));
    const results = await within(dialog).findByTestId('bulk-results');
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual({
      processDefinitionKey: 'order-orchestration',
      activityId: 'reserve-inventory',
      dryRun: false,
      caseIds: ['FO-2026-000101', 'FO-2026-000102'],
    });
    expect(keys[1]).toBeTruthy();
    expect(results).toHaveTextContent('2 cases processed, 1 failed');
    expect(results).toHaveTextContent('FO-2026-000102 Failed: Case changed meanwhile.');
  });
  it('with rows ticked, runs only the ticked cases of the dry run’s scope', async () => {
    const items = [buildCaseSummary({ id: 'FO-2026-000201' }), buildCaseSummary({ id: 'FO-2026-000202' })];
    server.use(handle(endpoints.queue, () => respond(endpoints.queue, buildQueueResponse({ items }))));
    const bodies: Array<Record<string, unknown>> = [];
    server.use(
      handle(endpoints.bulkRetry, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        const scope = [
          { caseId: 'FO-2026-000201', businessKey: null, version: 1 },
          { caseId: 'FO-2026-000202', businessKey: null, version: 1 },
        ];
        return respond(
          endpoints.bulkRetry,
          buildBulkRetryResponse({
            dryRun: Boolean(body.dryRun),
            scope,
            results: body.dryRun ? [] : [{ caseId: 'FO-2026-000202', outcome: 'DONE', message: 'Retried.' }],
          }),
        );
      }),
    );
    const { user } = renderApp(pinned);
    await screen.findAllByTestId('case-row');
    await user.click(screen.getByRole('checkbox', { name: 'Select FO-2026-000202' }));
    await user.click(screen.getByRole('button', { name: 'Bulk retry (1 selected)' }));
    const dialog = await screen.findByRole('dialog');
    const dryRun = await within(dialog).findByTestId('bulk-dry-run');
    expect(dryRun).toHaveTextContent('1 case in scope');
    expect(dryRun).toHaveTextContent('1 eligible case not selected, left alone: FO-2026-000201');
    await user.click(within(dialog).getByRole('button', { name: 'Retry 1 case' }));
    await within(dialog).findByTestId('bulk-results');
    expect(bodies.map((body) => body.caseIds)).toEqual([undefined, ['FO-2026-000202']]);
  });
});
