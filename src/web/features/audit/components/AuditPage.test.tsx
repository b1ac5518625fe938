import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildAuditEvent, buildAuditList, buildAuditVerification, buildSession } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

function signInAs(roles: Array<'auditor' | 'supervisor' | 'support'>) {
  server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'aud.auditor', roles, team: 'compliance' }))));
}

describe('audit view', () => {
  it('lists events with their detail as text and a case link', async () => {
    signInAs(['auditor']);
    const event = buildAuditEvent({ caseId: 'FO-2026-000042', idempotencyKey: 'idem-77', detail: { note: '<b>bold</b>' }, outcome: 'DENIED' });
    server.use(handle(endpoints.listAudit, () => respond(endpoints.listAudit, buildAuditList([event]))));
    renderApp('/audit');
    const row = await screen.findByTestId('audit-row');
    expect(within(row).getByRole('link', { name: 'FO-2026-000042' })).toHaveAttribute('href', '/cases/FO-2026-000042');
    expect(row).toHaveTextContent('idem-77');
    expect(row).toHaveTextContent('Denied');
    const detail = within(row).getByTestId('audit-detail');
    expect(detail).toHaveTextContent('"note": "<b>bold</b>"');
    expect(detail.childElementCount).toBe(0);
    expect(row.querySelector('time')?.getAttribute('title')).toBe(`${event.at} UTC`);
  });

  it('puts the filters into the URL and the request', async () => {
    signInAs(['auditor']);
    const seen: URLSearchParams[] = [];
    server.use(
      handle(endpoints.listAudit, ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return respond(endpoints.listAudit, buildAuditList([buildAuditEvent()]));
      }),
    );
    const { user, router } = renderApp('/audit');
    await screen.findByTestId('audit-row');
    await user.type(screen.getByLabelText('Case id'), 'FO-2026-000042');
    await user.type(screen.getByLabelText('From'), '2026-01-05');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(router.state.location.search).toBe('?caseId=FO-2026-000042&from=2026-01-05'));
    await waitFor(() => expect(seen.at(-1)!.get('caseId')).toBe('FO-2026-000042'));
    // Local midnight of 5 January, whatever the test machine's zone.
    expect(new Date(seen.at(-1)!.get('from')!).getTime()).toBe(new Date(2026, 0, 5, 0, 0, 0).getTime());
    expect(seen.at(-1)!.get('offset')).toBe('0');
  });

  it('links the exports with the current filters', async () => {
    signInAs(['auditor']);
    renderApp('/audit?businessKey=order%3AORD-1');
    const ndjson = await screen.findByRole('link', { name: 'Export NDJSON' });
    expect(ndjson).toHaveAttribute('href', '/api/audit/export?format=ndjson&businessKey=order%3AORD-1');
    expect(ndjson).toHaveAttribute('download');
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/api/audit/export?format=csv&businessKey=order%3AORD-1');
  });

  it('shows the chain as intact', async () => {
    signInAs(['auditor']);
    server.use(handle(endpoints.verifyAudit, () => respond(endpoints.verifyAudit, buildAuditVerification({ ok: true, checked: 312 }))));
    renderApp('/audit');
    const status = await screen.findByTestId('audit-verification');
    await waitFor(() => expect(status).toHaveTextContent('Chain intact: 312 events checked'));
    expect(status).toHaveTextContent('Matches the signed checkpoint of');
    expect(status).toHaveTextContent('(event position 118); 14 checkpoints on file, signing key 3f9a0c2b7d1e4a56.');
  });

  it('says when a rewrite is caught by a signed checkpoint, and how far the chain can still be trusted', async () => {
    signInAs(['auditor']);
    server.use(
      handle(endpoints.verifyAudit, () =>
        respond(
          endpoints.verifyAudit,
          buildAuditVerification({
            ok: false,
            checked: 40,
            problems: [{ seq: 26, kind: 'REWRITTEN', message: 'The chain no longer matches the checkpoint signed for position 30.' }],
            anchor: { keyId: '3f9a0c2b7d1e4a56', checkpoints: 6, lastGood: { chainIndex: 25, at: '2026-03-02T08:55:00.000Z' }, invalidSignatures: 0, unreadableLines: 0 },
          }),
        ),
      ),
    );
    renderApp('/audit');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Event #26 · Rewritten since a signed checkpoint: The chain no longer matches the checkpoint signed for position 30.');
    expect(alert).toHaveTextContent('(event position 25); 6 checkpoints on file');
  });

  it('says when the chain is checked against itself only', async () => {
    signInAs(['auditor']);
    server.use(handle(endpoints.verifyAudit, () => respond(endpoints.verifyAudit, buildAuditVerification({ anchor: null }))));
    renderApp('/audit');
    const status = await screen.findByTestId('audit-verification');
    await waitFor(() => expect(status).toHaveTextContent('No signed checkpoints are configured: the chain is checked against itself only.'));
  });

  it('lists the problems of a broken chain', async () => {
    signInAs(['auditor']);
    server.use(
      handle(endpoints.verifyAudit, () =>
        respond(
          endpoints.verifyAudit,
          buildAuditVerification({
            ok: false,
            checked: 40,
            problems: [
              { seq: 17, kind: 'EDITED', message: 'Hash does not match the content' },
              { seq: 18, kind: 'BROKEN_LINK', message: 'prevHash does not match event 17' },
            ],
          }),
        ),
      ),
    );
    renderApp('/audit');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Chain broken: 2 problems in 40 events checked.');
    expect(alert).toHaveTextContent('Event #17 · Edited: Hash does not match the content');
    expect(alert).toHaveTextContent('Event #18 · Broken link: prevHash does not match event 17');
  });

  it('gives a supervisor the log without verification or export', async () => {
    signInAs(['support', 'supervisor']);
    server.use(handle(endpoints.verifyAudit, () => new Response(null, { status: 500 })));
    renderApp('/audit');
    expect(await screen.findByRole('heading', { name: 'Audit log' })).toBeInTheDocument();
    expect(await screen.findByText('No audit events match these filters')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit' })).toBeInTheDocument();
    expect(screen.queryByTestId('audit-verification')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Export CSV' })).toBeNull();
  });

  it('hides the nav link from support', async () => {
    signInAs(['support']);
    renderApp('/cases');
    await screen.findAllByTestId('case-row');
    expect(screen.queryByRole('link', { name: 'Audit' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Catalog' })).toBeInTheDocument();
  });
});
