import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildHealth } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

describe('sync backlog banner on the queue', () => {
  it('says the queue is incomplete while the sync is behind, with the counts', async () => {
    const health = buildHealth();
    server.use(
      handle(endpoints.health, () =>
        respond(endpoints.health, {
          ...health,
          sync: { ...health.sync, backlog: { behind: true, engineOpenIncidents: 20000, ingestedOpenIncidents: 12500, oldestNotIngestedAt: '2026-01-05T01:59:00Z' } },
        }),
      ),
    );
    renderApp('/cases');
    const banner = await screen.findByTestId('sync-backlog-banner');
    expect(banner).toHaveTextContent('The sync is catching up: not every engine incident is a case yet');
    expect(banner).toHaveTextContent('12,500 of 20,000 open engine incidents are in cases.');
  });

  it('shows nothing when the sync is caught up', async () => {
    const health = buildHealth();
    server.use(
      handle(endpoints.health, () =>
        respond(endpoints.health, { ...health, sync: { ...health.sync, backlog: { behind: false, engineOpenIncidents: 3, ingestedOpenIncidents: 3, oldestNotIngestedAt: null } } }),
      ),
    );
    renderApp('/cases');
    await screen.findAllByTestId('case-row');
    expect(screen.queryByTestId('sync-backlog-banner')).toBeNull();
  });
});
