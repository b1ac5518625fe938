// With several engines every case names its engine (label, Cockpit); with one, nothing does.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { endpoints } from '../../../../contracts/endpoints.js';
import { dashboardQuerySchema } from '../../../../contracts/dashboard.js';
import { createFreezeRequestSchema } from '../../../../contracts/freezes.js';
import { healthSchema, type Role } from '../../../../contracts/session.js';
import {
  buildCaseDetail, buildCaseSummary, buildDashboard, buildEngineList, buildFreeze, buildFreezeList, buildHealth, buildOrderView, buildProcessSummary, buildQueueResponse,
  buildSearchResponse, buildSession, TWO_ENGINES,
} from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { buildOrderHistory, buildOrderRun } from '../../../testing/order-history-fixtures.js';
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

  it('names the engine of each freeze and freezes the step on the engine chosen (pre-filled from the case)', async () => {
    serveEngines();
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'theo.tech', roles: ['support', 'tech_ops'] as Role[] }))));
    server.use(handle(endpoints.listFreezes, () => respond(endpoints.listFreezes, buildFreezeList([buildFreeze({ id: 'frz-s', engineId: 'south', activityId: 'reserve-inventory' })]))));
    const bodies: unknown[] = [];
    server.use(
      handle(endpoints.createFreeze, async ({ request }) => {
        // The request must be one the BFF accepts: the shared contract checks it.
        const body = z.parse(createFreezeRequestSchema, await request.json());
        bodies.push(body);
        return respond(endpoints.createFreeze, buildFreeze({ engineId: body.engineId ?? 'default', processDefinitionKey: body.processDefinitionKey, activityId: body.activityId }));
      }),
    );
    const { user } = renderApp('/freezes?processDefinitionKey=order-orchestration&activityId=charge-payment&engineId=south');
    const row = await screen.findByTestId('active-freeze');
    await waitFor(() => expect(within(row).getByTestId('engine-label')).toHaveTextContent('South (Operaton)'));
    const engine = await screen.findByLabelText(/^Engine/);
    expect(engine).toHaveValue('south');
    expect(within(engine).getAllByRole('option').map((o) => o.textContent)).toEqual(['North (Camunda)', 'South (Operaton)']);
    await user.click(screen.getByLabelText(/^Reason/));
    await user.paste('Storm in the south');
    await user.click(screen.getByRole('button', { name: 'Freeze' }));
    expect(await screen.findByTestId('freeze-notice')).toHaveTextContent('Frozen charge-payment in order-orchestration on South (Operaton)');
    expect(bodies).toEqual([{ engineId: 'south', processDefinitionKey: 'order-orchestration', activityId: 'charge-payment', reason: 'Storm in the south', durationMinutes: 60 }]);
  });

  it('sends no engine with one engine, and shows no engine picker', async () => {
    serveEngines([{}]);
    server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id: 'theo.tech', roles: ['support', 'tech_ops'] as Role[] }))));
    renderApp('/freezes?processDefinitionKey=order-orchestration&activityId=charge-payment&engineId=default');
    await screen.findByLabelText(/^Process definition key/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByLabelText(/^Engine/)).toBeNull();
  });

  it('names the engine of each deployment on the dashboard', async () => {
    serveEngines();
    server.use(
      handle(endpoints.dashboard, () =>
        respond(endpoints.dashboard, buildDashboard({
          technical: {
            deployments: [
              { at: '2026-01-04T08:00:00Z', engineId: 'default', name: 'north release', definitions: ['order-orchestration'] },
              { at: '2026-01-04T09:00:00Z', engineId: 'south', name: 'south release', definitions: ['order-orchestration'] },
            ],
          },
        })),
      ),
    );
    renderApp('/dashboard');
    const list = await screen.findByTestId('deployment-list');
    await waitFor(() => expect(within(list).getAllByTestId('engine-label')).toHaveLength(2));
    expect(within(list).getAllByTestId('deployment').map((d) => [d.querySelector('strong')?.textContent, within(d).getByTestId('engine-label').textContent])).toEqual([
      ['south release', 'South (Operaton)'],
      ['north release', 'North (Camunda)'],
    ]);
  });

  it('shows an order known to two engines per engine, each titled with its label, with its own disagreement', async () => {
    serveEngines();
    const stage = (activityId: string, label: string) => ({ activityId, label, since: null });
    server.use(
      handle(endpoints.orderView, () =>
        respond(endpoints.orderView, buildOrderView({
          orderId: 'ORD-M1',
          businessKey: 'order:ORD-M1',
          processes: [
            buildProcessSummary({ processInstanceId: 'pi-north', businessKey: 'order:ORD-M1', engineId: 'default', startedAt: '2026-01-05T02:00:00Z' }),
            buildProcessSummary({ processInstanceId: 'pi-south', businessKey: 'order:ORD-M1', engineId: 'south', startedAt: '2026-01-05T01:00:00Z' }),
          ],
          engines: [
            { engineId: 'default', label: 'North (Camunda)', domain: { status: 'RESERVATION_PENDING', updatedAt: null, customerId: null }, domainError: null, stage: stage('reserveInventory', 'Reserving stock'), disagreement: null },
            { engineId: 'south', label: 'South (Operaton)', domain: { status: 'CANCELLED', updatedAt: null, customerId: null }, domainError: null, stage: stage('checkAvailability', 'Checking availability'), disagreement: 'The order service says ORD-M1 is cancelled, but its workflow is still running.' },
          ],
        })),
      ),
    );
    renderApp('/orders/ORD-M1');
    const panels = await screen.findAllByTestId('order-engine-state');
    expect(panels.map((p) => within(p).getByRole('heading', { level: 2 }).textContent)).toEqual(['Where the order is in North (Camunda)', 'Where the order is in South (Operaton)']);
    expect(panels[0]).toHaveTextContent('Reserving stock');
    expect(panels[1]).toHaveTextContent('Checking availability');
    // Its open cases and runs in the read model name their engine too.
    await waitFor(() =>
      expect(screen.getAllByTestId('order-process-row').map((row) => within(row).getByTestId('engine-label').textContent).sort()).toEqual(['North (Camunda)', 'South (Operaton)']),
    );
    expect(screen.getAllByTestId('order-disagreement').map((d) => d.textContent)).toEqual([
      'The order service and the workflow disagree (South (Operaton)).The order service says ORD-M1 is cancelled, but its workflow is still running.',
    ]);
  });

  it("filters the dashboard to one engine: asks the BFF for that engine's figures and opens its cases from each figure", async () => {
    serveEngines();
    const asked: (string | null)[] = [];
    server.use(
      handle(endpoints.dashboard, ({ request }) => {
        const query = Object.fromEntries(new URL(request.url).searchParams);
        // The query must be one the BFF accepts: the shared contract checks it.
        asked.push(z.parse(dashboardQuerySchema, query).engineId ?? null);
        return respond(endpoints.dashboard, buildDashboard({ business: { unknownOutcomeOpen: query.engineId === 'south' ? 2 : 5 } }));
      }),
    );
    const { user } = renderApp('/dashboard?range=24h');
    const select = await screen.findByTestId('dashboard-engine');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['All engines', 'North (Camunda)', 'South (Operaton)']);
    await user.selectOptions(select, 'south');
    await waitFor(() => expect(asked.at(-1)).toBe('south'));
    const tile = await screen.findByRole('link', { name: /Unknown outcome, open/ });
    await waitFor(() => expect(tile).toHaveTextContent('2'));
    expect(new URLSearchParams(tile.getAttribute('href')!.split('?')[1]).get('engineId')).toBe('south');
    // Back to all engines: their figures (asked first, before the choice) again.
    await user.selectOptions(select, '');
    await waitFor(() => expect(screen.getByRole('link', { name: /Unknown outcome, open/ })).toHaveTextContent('5'));
    expect(asked[0]).toBeNull();
  });

  it('offers no engine filter on the dashboard with one engine', async () => {
    serveEngines([{}]);
    server.use(handle(endpoints.dashboard, () => respond(endpoints.dashboard, buildDashboard())));
    renderApp('/dashboard');
    await screen.findByTestId('deployment-list');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByTestId('dashboard-engine')).toBeNull();
  });

  it('names the engine of each run in the order history', async () => {
    serveEngines();
    const run = (engineId: string, id: string, startedAt: string) =>
      buildOrderRun({ engineId, startedAt, technical: { processInstanceId: id, processDefinitionId: 'order-orchestration:1:x', processDefinitionKey: 'order-orchestration', engineState: 'ACTIVE' } });
    server.use(
      handle(endpoints.orderView, () => respond(endpoints.orderView, buildOrderView({ orderId: 'ORD-M1', businessKey: 'order:ORD-M1' }))),
      handle(endpoints.orderHistory, () =>
        respond(endpoints.orderHistory, buildOrderHistory({ orderId: 'ORD-M1', businessKey: 'order:ORD-M1', total: 2, runs: [run('south', 'pi-s', '2026-01-05T02:00:00Z'), run('default', 'pi-n', '2026-01-05T01:00:00Z')] })),
      ),
    );
    renderApp('/orders/ORD-M1');
    const runs = await screen.findAllByTestId('order-run');
    await waitFor(() => expect(runs.map((r) => within(r).getByTestId('engine-label').textContent)).toEqual(['South (Operaton)', 'North (Camunda)']));
  });
});
