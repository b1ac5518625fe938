import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../contracts/alerts.js';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

const firing: Alert = {
  id: 'AL-1a2b3c4d',
  engineId: 'default',
  rule: 'INCIDENT_SPIKE',
  scope: 'order-orchestration/checkAvailability',
  status: 'FIRING',
  episodes: 2,
  firstDetectedAt: '2026-06-15T09:58:00.000Z',
  lastEvaluatedAt: '2026-06-15T10:00:00.000Z',
  resolvedAt: null,
  payload: {
    title: '5 orders failing at Check availability',
    severity: 'HIGH',
    impact: { ordersAffected: 5, quoteApprovalsDelayed: 0, text: '5 orders stopped at Check availability until the failure is recovered.' },
    measure: { observed: 5, threshold: 3, text: '5 open failures at this step where up to 3 are usual' },
    process: { key: 'order-orchestration', name: 'Order orchestration', versions: [3] },
    activity: { id: 'checkAvailability', name: 'Check availability' },
    category: 'TECHNICAL_TRANSIENT',
    exampleBusinessKeys: ['order:ORD-100931', 'order:ORD-100928'],
    firstDetectedAt: '2026-06-15T09:58:00.000Z',
    recentDeployment: { name: 'order-release-42', deployedAt: '2026-06-15T09:30:00.000Z', versions: [3], text: 'Deployment "order-release-42" released version 3, which the affected cases run: suspect the release first.' },
    safeFirstAction: 'Check the downstream service the step calls; retry the failed orders in bulk only once it answers again',
    runbook: { id: 'dependency-unavailable', title: 'Dependency unavailable for a safe step', url: '/catalog#runbook-dependency-unavailable' },
    casesUrl: '/cases?processKey=order-orchestration&activityId=checkAvailability&source=INCIDENT',
    technical: { processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability' },
  },
  notifications: [
    { channel: 'alertmanager', target: 'alertmanager:9093', sent: 'FIRING', state: 'DELIVERED', attempts: 1, lastAttemptAt: '2026-06-15T09:58:01.000Z', deliveredAt: '2026-06-15T09:58:01.000Z', lastError: null },
    { channel: 'webhook', target: 'hooks.example.com', sent: 'FIRING', state: 'RETRYING', attempts: 3, lastAttemptAt: '2026-06-15T09:59:00.000Z', deliveredAt: null, lastError: 'HTTP 503' },
  ],
  history: [
    { at: '2026-06-15T09:58:00.000Z', kind: 'REFIRED', text: 'Fired again, episode 2.' },
    { at: '2026-06-15T08:00:00.000Z', kind: 'RESOLVED', text: 'Condition gone.' },
    { at: '2026-06-15T07:00:00.000Z', kind: 'FIRED', text: 'Fired.' },
  ],
};

const resolved: Alert = {
  ...firing,
  id: 'AL-99999999',
  rule: 'ORDER_BACKLOG',
  scope: 'order-orchestration/waitForReservationCallback',
  status: 'RESOLVED',
  episodes: 1,
  resolvedAt: '2026-06-15T09:00:00.000Z',
  payload: { ...firing.payload, title: '2 orders held at Wait for reservation callback beyond the stage budget', recentDeployment: null, runbook: null },
  notifications: [],
  history: [{ at: '2026-06-15T09:00:00.000Z', kind: 'RESOLVED', text: 'Condition gone.' }],
};

function signInAs(roles: Array<'support' | 'tech_ops' | 'supervisor'>) {
  server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'theo.tech', roles }))));
}

describe('alerts page', () => {
  it('shows firing and resolved alerts in business words, who was notified, and links to the cases', async () => {
    signInAs(['support', 'tech_ops']);
    server.use(handle(endpoints.alerts, () => respond(endpoints.alerts, { active: [firing], recent: [resolved] })));
    renderApp('/alerts');

    const [card] = await screen.findAllByTestId('active-alert');
    expect(within(card!).getByRole('heading', { name: '5 orders failing at Check availability' })).toBeInTheDocument();
    expect(within(card!).getByTestId('alert-impact')).toHaveTextContent('5 orders stopped at Check availability until the failure is recovered.');
    expect(within(card!).getByTestId('alert-first-action')).toHaveTextContent(/^Check the downstream service/);
    expect(card).toHaveTextContent('suspect the release first');
    expect(card).toHaveTextContent('fired 2 times');
    expect(within(card!).getByRole('link', { name: 'ORD-100931' })).toHaveAttribute('href', '/orders/ORD-100931');
    expect(within(card!).getByTestId('alert-cases-link')).toHaveAttribute('href', '/cases?processKey=order-orchestration&activityId=checkAvailability&source=INCIDENT');
    expect(within(card!).getByRole('link', { name: 'Runbook: Dependency unavailable for a safe step' })).toHaveAttribute('href', '/catalog#runbook-dependency-unavailable');
    const notified = within(card!).getByTestId('alert-notified');
    expect(notified).toHaveTextContent('Alertmanager (alertmanager:9093): told it fired');
    expect(notified).toHaveTextContent('Webhook (hooks.example.com): not reached yet, retrying (3 attempts, last: HTTP 503)');

    // Engine words only inside technical details.
    const technical = card!.querySelector('[data-technical]')!;
    expect(technical).toHaveTextContent('checkAvailability');
    const outside = (card!.textContent ?? '').replace(technical.textContent ?? '', '');
    expect(outside).not.toMatch(/checkAvailability|order-orchestration v|INCIDENT_SPIKE/);

    const [done] = screen.getAllByTestId('resolved-alert');
    expect(done).toHaveTextContent('2 orders held at Wait for reservation callback beyond the stage budget');
    expect(within(done!).getByTestId('alert-notified')).toHaveTextContent('nobody (no receiver is configured; shown here only)');
    expect(screen.getByRole('link', { name: 'Alerts' })).toHaveAttribute('href', '/alerts');
  });

  it('says when nothing fires, and when the alerts are not open to the roles', async () => {
    signInAs(['supervisor']);
    server.use(handle(endpoints.alerts, () => respond(endpoints.alerts, { active: [], recent: [] })));
    const first = renderApp('/alerts');
    expect(await screen.findByText('No alert is firing')).toBeInTheDocument();
    first.unmount();

    server.use(handle(endpoints.alerts, () => respondError(403, 'FORBIDDEN', 'Not for your roles.')));
    renderApp('/alerts');
    expect(await screen.findByText('Alerts are not open to your roles')).toBeInTheDocument();
  });

  it('support alone has no alerts link', async () => {
    signInAs(['support']);
    server.use(handle(endpoints.alerts, () => respond(endpoints.alerts, { active: [], recent: [] })));
    renderApp('/search');
    await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.queryByRole('link', { name: 'Alerts' })).toBeNull();
  });
});
