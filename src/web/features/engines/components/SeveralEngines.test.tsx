// With several engines every case names its engine (label, Cockpit); with one, nothing does.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { endpoints } from '../../../../contracts/endpoints.js';
import { healthSchema } from '../../../../contracts/session.js';
import {
  buildCaseDetail, buildCaseSummary, buildDashboard, buildEngineList, buildHealth, buildProcessSummary, buildQueueResponse, buildSearchResponse, TWO_ENGINES,
} from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

const north = buildCaseSummary({ id: 'FO-2026-000101', engineId: 'default', businessKey: 'order:ORD-M1', processInstanceId: 'pi-north' });
const south = buildCaseSummary({ id: 'FO-2026-000102', engineId: 'south', businessKey: 'order:ORD-M1', processInstanceId: 'pi-south' });

const serveEngines = (engines = TWO_ENGINES) => server.use(handle(endpoints.engines, () => respond(endpoints.engines, buildEngineList(engines))));
const serveSearch = () =>
  server.use(handle(endpoints.search, () => respond(endpoints.search, buildSearchResponse({ query: 'ORD-M1', interpretedAs: null, cases: [north, south], ended: [],
    running: [buildProcessSummary({ processInstanceId: 'pi-north', businessKey: 'order:ORD-M1', engineId: 'default' }), buildProcessSummary({ processInstanceId: 'pi-south', businessKey: 'order:ORD-M1', engineId: 'south' })],
  }))));

beforeAll(async () => {
  await import('../../dashboard/components/DashboardPage.js');
}, 60_000);

describe('several engines', { timeout: 15_000 }, () => {
  it('labels each search result with its engine, so the same order in two engines reads as two', async () => {
    serveEngines();
    serveSearch();
    renderApp('/search?q=ORD-M1');
    const northRow = (await screen.findByRole('link', { name: 'FO-2026-000101' })).closest('tr')!;
    await waitFor(() => expect(within(northRow).getByTestId('engine-label')).toHaveTextContent('North (Camunda)'));
    const southRow = screen.getByRole('link', { name: 'FO-2026-000102' }).closest('tr')!;
    expect(within(southRow).getByTestId('engine-label')).toHaveTextContent('South (Operaton)');
    // The two running instances of the order, one per engine.
    expect(screen.getAllByTestId('process-row').map((row) => within(row).getByTestId('engine-label').textContent)).toEqual(['North (Camunda)', 'South (Operaton)']);
  });

  it('names no engine when the workbench serves one', async () => {
    serveEngines([{}]);
    serveSearch();
    renderApp('/search?q=ORD-M1');
    await screen.findByRole('link', { name: 'FO-2026-000101' });
    // Give the engine list time to arrive: it must still show no label.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByTestId('engine-label')).toBeNull();
  });

  it('labels queue rows with their engine', async () => {
    serveEngines();
    server.use(handle(endpoints.queue, () => respond(endpoints.queue, buildQueueResponse({ items: [north, south] }))));
    renderApp('/cases');
    const southRow = (await screen.findByRole('link', { name: 'FO-2026-000102' })).closest('tr')!;
    await waitFor(() => expect(within(southRow).getByTestId('engine-label')).toHaveTextContent('South (Operaton)'));
  });

  it("shows the case's engine and a link to that engine's Cockpit on the case page", async () => {
    serveEngines();
    server.use(handle(endpoints.caseDetail, () => respond(endpoints.caseDetail, buildCaseDetail({ case: south }))));
    renderApp('/cases/FO-2026-000102');
    const fact = await screen.findByTestId('case-engine');
    await waitFor(() => expect(within(fact).getByTestId('engine-label')).toHaveTextContent('South (Operaton)'));
    expect(within(fact).getByRole('link', { name: 'Open its Cockpit' })).toHaveAttribute('href', 'http://south.example:8080/operaton/app/cockpit/');
  });

  it("shows one sync tile per engine on the dashboard, each with its engine's leader and lag", async () => {
    serveEngines();
    const base = buildHealth();
    const sync = (leader: string, lagSeconds: number, lastError: string | null = null) => ({
      leader, lastSuccessAt: '2026-01-05T02:00:00Z', lastPassAt: '2026-01-05T02:00:00Z', lastError, lagSeconds, backlog: null,
    });
    server.use(
      handle(endpoints.dashboard, () =>
        respond(
          endpoints.dashboard,
          buildDashboard({
            technical: {
              // The same topic on both engines: two rows, each naming its engine.
              workers: [
                { engineId: 'south', topic: 'inventory.reserve', waiting: 4, oldestWaitingSince: '2026-01-05T11:50:00Z', sampledAt: '2026-01-05T12:00:00Z', workerSeenAt: '2026-01-05T11:59:50Z', retrying: 0, lockExpiredNow: 0, lockExpirationsInRange: 0 },
                { engineId: 'default', topic: 'inventory.reserve', waiting: 1, oldestWaitingSince: '2026-01-05T11:59:00Z', sampledAt: '2026-01-05T12:00:00Z', workerSeenAt: '2026-01-05T11:59:50Z', retrying: 0, lockExpiredNow: 0, lockExpirationsInRange: 0 },
              ],
            },
          }),
        ),
      ),
      handle(endpoints.health, () =>
        respond(endpoints.health, z.parse(healthSchema, {
          ...base,
          engines: [
            { ...TWO_ENGINES[0], reachable: true, version: '7.24.0', sync: sync('bff-a', 1) },
            { ...TWO_ENGINES[1], reachable: false, version: null, sync: sync('bff-b', 95, 'The engine is not reachable.') },
          ],
        })),
      ),
    );
    renderApp('/dashboard');
    await waitFor(() => expect(screen.getAllByTestId('engine-sync-tile')).toHaveLength(2));
    const [first, second] = screen.getAllByTestId('engine-sync-tile');
    expect(first).toHaveTextContent('Sync · North (Camunda)');
    expect(first).toHaveTextContent('bff-a');
    expect(first).toHaveTextContent('up to date');
    expect(second).toHaveTextContent('Sync · South (Operaton)');
    expect(second).toHaveTextContent('Engine not reachable');
    expect(second).toHaveTextContent('2 min behind');
    expect(screen.queryByTestId('sync-status-tile')).toBeNull();
    const workers = screen.getAllByTestId('worker-row');
    expect(workers.map((row) => within(row).getByTestId('engine-label').textContent)).toEqual(['North (Camunda)', 'South (Operaton)']);
    expect(workers.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['1', '4']);
  });
});
