import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildHealth } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

describe('sync issues banner on the queue', () => {
  it('names the cases the sync could not fully read, while saying every other case is up to date', async () => {
    const health = buildHealth();
    server.use(
      handle(endpoints.health, () =>
        respond(endpoints.health, {
          ...health,
          sync: {
            ...health.sync,
            issues: [{ at: '2026-01-05T01:59:00Z', subject: 'incident 8cd902d2', step: 'describe', message: 'The engine has no history record of process instance 8b8c5e73.' }],
          },
        }),
      ),
    );
    renderApp('/cases');
    const banner = await screen.findByTestId('sync-issues-banner');
    expect(banner).toHaveTextContent('The sync skipped one case it could not fully read; every other case is up to date');
    expect(banner).toHaveTextContent('incident 8cd902d2 (describe,');
    expect(banner).toHaveTextContent('The engine has no history record of process instance 8b8c5e73.');
  });

  it('shows nothing when every case synced', async () => {
    renderApp('/cases');
    await screen.findAllByTestId('case-row');
    expect(screen.queryByTestId('sync-issues-banner')).toBeNull();
  });
});
