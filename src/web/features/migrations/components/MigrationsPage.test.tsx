import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import type { Role } from '../../../../contracts/session.js';
import { TEST_CSRF_TOKEN, buildSession } from '../../../testing/fixtures.js';
import { handle, respond, respondError } from '../../../testing/handlers.js';
import {
  buildMigrationDeployments,
  buildMigrationExclusion,
  buildMigrationInstance,
  buildMigrationPlan,
  buildMigrationPlanList,
} from '../../../testing/migration-fixtures.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

// The three pages are lazy chunks: load them once up front so the first test does not pay for it in its waits.
beforeAll(async () => {
  await Promise.all([import('./MigrationsPage.js'), import('./PlanMigrationPage.js'), import('./MigrationPlanPage.js')]);
}, 60_000);

function signInAs(id: string, roles: Role[]) {
  server.use(handle(endpoints.session, () => respond(endpoints.session, buildSession({ id, roles }))));
}

async function fill(user: UserEvent, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

describe('migration plans list', { timeout: 15_000 }, () => {
  const plans = [
    buildMigrationPlan({ id: 'mig-2', state: 'RUNNING', createdBy: 'paula.platform', createdAt: '2026-01-05T11:00:00Z' }),
    buildMigrationPlan({ id: 'mig-1', state: 'COMPLETED', sourceVersion: 11, targetVersion: 12, createdBy: 'pete.platform' }),
  ];

  it('lists each plan with its state in words, counts, requester, and a link; platform owners may plan one', async () => {
    signInAs('paula.platform', ['platform_owner']);
    server.use(handle(endpoints.listMigrationPlans, () => respond(endpoints.listMigrationPlans, buildMigrationPlanList(plans))));
    renderApp('/migrations');
    const rows = await screen.findAllByTestId('migration-plan-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(/Version 12 → 13.*order-orchestration.*Running.*3 orders planned.*1 excluded.*paula\.platform/);
    expect(rows[1]).toHaveTextContent(/Version 11 → 12.*Completed.*pete\.platform/);
    expect(within(rows[0]!).getByRole('link', { name: 'Version 12 → 13' })).toHaveAttribute('href', '/migrations/mig-2');
    expect(screen.getByRole('link', { name: 'Plan a migration' })).toHaveAttribute('href', '/migrations/new');
  });

  it('hides "Plan a migration" from a supervisor, who only follows and approves', async () => {
    signInAs('sara.supervisor', ['supervisor']);
    server.use(handle(endpoints.listMigrationPlans, () => respond(endpoints.listMigrationPlans, buildMigrationPlanList(plans))));
    renderApp('/migrations');
    expect(await screen.findAllByTestId('migration-plan-row')).toHaveLength(2);
    expect(screen.queryByRole('link', { name: 'Plan a migration' })).toBeNull();
  });

  it('says so when there is no plan, and when the roles do not allow the list', async () => {
    signInAs('paula.platform', ['platform_owner']);
    renderApp('/migrations');
    expect(await screen.findByText('No migration plans yet')).toBeInTheDocument();
    server.use(handle(endpoints.listMigrationPlans, () => respondError(403, 'FORBIDDEN', 'Not for your roles.')));
    signInAs('sam.support', ['support']);
    renderApp('/migrations');
    expect(await screen.findByText('Migration plans are not open to your roles')).toBeInTheDocument();
  });
});

describe('planning a migration', { timeout: 20_000 }, () => {
  function recordCreates(answer: () => Response) {
    const seen: Array<{ body: unknown; csrf: string | null }> = [];
    server.use(
      handle(endpoints.deployments, () => respond(endpoints.deployments, buildMigrationDeployments())),
      handle(endpoints.createMigrationPlan, async ({ request }) => {
        seen.push({ body: await request.json(), csrf: request.headers.get('x-csrf-token') });
        return answer();
      }),
    );
    return seen;
  }

  it('pre-fills from the address, checks the form against the contract, fills steps from the deployments, then sends the plan', async () => {
    signInAs('paula.platform', ['platform_owner']);
    const seen = recordCreates(() => respond(endpoints.createMigrationPlan, buildMigrationPlan({ id: 'mig-9' }), { status: 201 }));
    const { user, router } = renderApp('/migrations/new?process=order-orchestration&source=12&target=13');
    expect(await screen.findByLabelText(/^Process key/)).toHaveValue('order-orchestration');
    expect(screen.getByLabelText(/^Source version/)).toHaveValue('12');
    expect(screen.getByLabelText(/^Target version/)).toHaveValue('13');

    // Nothing in scope and no reason: refused in words before anything is sent.
    await fill(user, screen.getByLabelText(/^Batch size/), '900');
    await user.click(screen.getByRole('button', { name: 'Validate and dry-run' }));
    expect(screen.getByText('Name at least one step whose waiting orders should move.')).toBeInTheDocument();
    expect(screen.getByText('Batch size must be a whole number from 1 to 500.')).toBeInTheDocument();
    expect(screen.getByText('Say why these orders must move.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Steps in scope/)).toHaveFocus();
    expect(seen).toEqual([]);

    // The picker shows where version 12's orders wait; the renamed step needs a mapping to version 13.
    const picker = await screen.findByTestId('picker-steps');
    await user.click(within(picker).getByRole('checkbox', { name: /Wait for reservation callback/ }));
    await user.click(within(picker).getByRole('checkbox', { name: /Reserve inventory/ }));
    expect(within(picker).getByText('Version 13 has no such step: map it.')).toBeInTheDocument();
    await user.selectOptions(within(picker).getByLabelText('Target step for reserveInventoryTask'), 'reserveStockTask');
    await user.click(within(picker).getByRole('button', { name: 'Map' }));
    expect(screen.getByLabelText(/^Steps in scope/)).toHaveValue('waitForReservationCallback\nreserveInventoryTask');
    expect(screen.getByLabelText(/^Step mapping/)).toHaveValue('reserveInventoryTask -> reserveStockTask');

    await fill(user, screen.getByLabelText(/^Required variables/), 'orderId\nfulfillmentPlanRef');
    await fill(user, screen.getByLabelText(/^Allowed order states/), 'RESERVATION_PENDING, RESERVATION_REQUESTED');
    await fill(user, screen.getByLabelText(/^Batch size/), '25');
    await fill(user, screen.getByLabelText(/^Reason/), 'Old process calls the removed inventory topic');
    await user.click(screen.getByRole('button', { name: 'Validate and dry-run' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/migrations/mig-9'));
    expect(seen).toEqual([
      {
        body: {
          processDefinitionKey: 'order-orchestration',
          sourceVersion: 12,
          targetVersion: 13,
          scopeActivities: ['waitForReservationCallback', 'reserveInventoryTask'],
          activityMapping: [{ from: 'reserveInventoryTask', to: 'reserveStockTask' }],
          requiredVariables: ['orderId', 'fulfillmentPlanRef'],
          allowedOrderStates: ['RESERVATION_PENDING', 'RESERVATION_REQUESTED'],
          batchSize: 25,
          batchIntervalSeconds: 30,
          reason: 'Old process calls the removed inventory topic',
        },
        csrf: TEST_CSRF_TOKEN,
      },
    ]);
  });

  it('shows the server refusal (422 MIGRATION_INVALID) beside the form and stays on it', async () => {
    signInAs('paula.platform', ['platform_owner']);
    const seen = recordCreates(() => respondError(422, 'MIGRATION_INVALID', 'The engine refuses the mapping: reserveStockTask is not a wait state.'));
    const { user, router } = renderApp('/migrations/new?process=order-orchestration&source=12&target=13');
    await fill(user, await screen.findByLabelText(/^Steps in scope/), 'reserveInventoryTask');
    await fill(user, screen.getByLabelText(/^Step mapping/), 'reserveInventoryTask → reserveStockTask');
    await fill(user, screen.getByLabelText(/^Reason/), 'Removed topic');
    await user.click(screen.getByRole('button', { name: 'Validate and dry-run' }));
    const problem = await screen.findByTestId('plan-error');
    expect(problem).toHaveTextContent('The engine refuses the mapping: reserveStockTask is not a wait state.');
    expect(problem).toHaveTextContent('Nothing was saved. Change the mapping or the scope and submit again. (MIGRATION_INVALID, HTTP 422)');
    expect(router.state.location.pathname).toBe('/migrations/new');
    expect(seen).toHaveLength(1);
  });

  it('refuses a malformed mapping line in words', async () => {
    signInAs('paula.platform', ['platform_owner']);
    const seen = recordCreates(() => respond(endpoints.createMigrationPlan, buildMigrationPlan()));
    const { user } = renderApp('/migrations/new?process=order-orchestration&source=12&target=13');
    await fill(user, await screen.findByLabelText(/^Steps in scope/), 'reserveInventoryTask');
    await fill(user, screen.getByLabelText(/^Step mapping/), 'reserveInventoryTask');
    await fill(user, screen.getByLabelText(/^Reason/), 'Removed topic');
    await user.click(screen.getByRole('button', { name: 'Validate and dry-run' }));
    expect(screen.getByText('Write each mapping as old-step -> new-step, one per line.')).toBeInTheDocument();
    expect(seen).toEqual([]);
  });
});

describe('a migration plan', { timeout: 15_000 }, () => {
  function servePlan(...answers: Array<ReturnType<typeof buildMigrationPlan>>) {
    let served = 0;
    server.use(
      handle(endpoints.migrationPlan, () => {
        const plan = answers[Math.min(served, answers.length - 1)]!;
        served += 1;
        return respond(endpoints.migrationPlan, plan);
      }),
    );
  }

  it('shows the plan in the playbook terms, the canary and the batches with order links, and exclusions with reasons and case links', async () => {
    signInAs('paula.platform', ['platform_owner']);
    servePlan(
      buildMigrationPlan({
        exclusions: [
          buildMigrationExclusion(),
          buildMigrationExclusion({ processInstanceId: 'pi-y', businessKey: 'order:ORD-8', reason: 'DOMAIN_STATE', detail: 'order state COMPLETED is not allowed', caseId: null }),
        ],
      }),
    );
    renderApp('/migrations/mig-1');
    expect(await screen.findByRole('heading', { name: 'Order orchestration: version 12 → 13' })).toBeInTheDocument();
    expect(screen.getByTestId('plan-state')).toHaveTextContent('Awaiting approval');
    expect(screen.getByTestId('four-eyes')).toHaveTextContent('You requested this plan; another platform owner or a supervisor must approve it.');

    const shape = screen.getByTestId('plan-shape');
    expect(shape).toHaveTextContent('Old process calls the removed inventory topic');
    expect(shape).toHaveTextContent(/reserveInventoryTask\s*→\s*reserveStockTask/);
    expect(shape).toHaveTextContent('waitForReservationCallback (the same step in version 13)');
    expect(screen.getByTestId('plan-validations')).toHaveTextContent(/Variable orderId exists.*Variable fulfillmentPlanRef exists.*RESERVATION_PENDING or RESERVATION_REQUESTED/);
    expect(screen.getByTestId('plan-post-checks')).toHaveTextContent(/It runs on the target version.*No open incident at the steps it left.*The order service still has the order in an allowed state/);
    expect(screen.getByTestId('plan-pace')).toHaveTextContent('One canary order first; then batches of 2 orders, 30 seconds apart.');
    expect(screen.getByTestId('engine-validation')).toHaveTextContent('The engine accepts the mapping for every step in scope.');

    const canary = screen.getByTestId('canary');
    expect(within(canary).getAllByTestId('frozen-instance')).toHaveLength(1);
    expect(within(canary).getByRole('link', { name: 'ORD-1' })).toHaveAttribute('href', '/orders/ORD-1');
    const batch = screen.getByTestId('batch-1');
    expect(within(batch).getAllByTestId('frozen-instance').map((row) => within(row).getByTestId('order-link').textContent)).toEqual(['ORD-2', 'ORD-3']);
    expect(within(batch).getAllByText('Waiting')).toHaveLength(2);

    const exclusions = screen.getAllByTestId('exclusion');
    expect(exclusions[0]).toHaveTextContent(/ORD-9.*Has an open fallout case.*open fallout case FO-2026-000042/);
    expect(within(exclusions[0]!).getByTestId('exclusion-case-link')).toHaveAttribute('href', '/cases/FO-2026-000042');
    expect(exclusions[1]).toHaveTextContent(/ORD-8.*The order is in a state the plan does not allow.*order state COMPLETED is not allowed/);
    expect(within(exclusions[1]!).queryByTestId('exclusion-case-link')).toBeNull();
    expect(screen.getByTestId('plan-progress')).toHaveTextContent(/Planned3.*Migrated0.*Left out by the dry run2/);
    expect(screen.getByTestId('plan-events')).toHaveTextContent(/Planned and dry-run by paula\.platform/);

    // Nothing allowed: no buttons.
    expect(within(screen.getByTestId('plan-actions')).queryAllByRole('button')).toEqual([]);
  });

  it('offers exactly the actions the server allows, and an approval posts its reason', async () => {
    signInAs('sara.supervisor', ['supervisor']);
    const plan = buildMigrationPlan({ allowedActions: ['APPROVE', 'REJECT'] });
    servePlan(plan);
    const posted: Array<{ id: string; body: unknown; csrf: string | null }> = [];
    server.use(
      handle(endpoints.approveMigrationPlan, async ({ request, params }) => {
        posted.push({ id: String(params.planId), body: await request.json(), csrf: request.headers.get('x-csrf-token') });
        return respond(
          endpoints.approveMigrationPlan,
          buildMigrationPlan({ state: 'APPROVED', decidedBy: 'sara.supervisor', decidedAt: '2026-01-05T10:05:00Z', decisionReason: 'Checked the canary order', allowedActions: ['ABORT'] }),
        );
      }),
    );
    const { user } = renderApp('/migrations/mig-1');
    const actions = await screen.findByTestId('plan-actions');
    await waitFor(() => expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['Approve', 'Reject']));
    expect(screen.getByTestId('four-eyes')).toHaveTextContent('paula.platform requested this plan; you may approve or reject it.');

    await user.click(within(actions).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve this migration plan?' });
    await user.click(within(dialog).getByRole('button', { name: 'Approve plan' }));
    expect(within(dialog).getByText('Give a reason for the decision.')).toBeInTheDocument();
    expect(posted).toEqual([]);
    await fill(user, within(dialog).getByLabelText(/^Reason/), 'Checked the canary order');
    await user.click(within(dialog).getByRole('button', { name: 'Approve plan' }));

    expect(await screen.findByTestId('plan-notice')).toHaveTextContent('Approved. A platform owner may start it now.');
    expect(posted).toEqual([{ id: 'mig-1', body: { reason: 'Checked the canary order' }, csrf: TEST_CSRF_TOKEN }]);
    expect(screen.getByTestId('plan-state')).toHaveTextContent('Approved, not started');
    expect(screen.getByTestId('plan-decision')).toHaveTextContent('Approved by sara.supervisor');
    expect(within(screen.getByTestId('plan-actions')).getAllByRole('button').map((b) => b.textContent)).toEqual(['Abort']);
  });

  it('shows the server refusal inside the dialog (403 FOUR_EYES)', async () => {
    signInAs('paula.platform', ['platform_owner']);
    servePlan(buildMigrationPlan({ allowedActions: ['APPROVE'] }));
    server.use(handle(endpoints.approveMigrationPlan, () => respondError(403, 'FOUR_EYES', 'You requested this plan; someone else must approve it.')));
    const { user } = renderApp('/migrations/mig-1');
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve this migration plan?' });
    await fill(user, within(dialog).getByLabelText(/^Reason/), 'Looks right');
    await user.click(within(dialog).getByRole('button', { name: 'Approve plan' }));
    expect(await within(dialog).findByTestId('migration-decision-error')).toHaveTextContent('You requested this plan; someone else must approve it.');
  });

  it('follows a running plan by itself until it completes', async () => {
    signInAs('paula.platform', ['platform_owner']);
    const running = buildMigrationPlan({
      state: 'RUNNING',
      allowedActions: ['ABORT'],
      instances: [
        buildMigrationInstance({ processInstanceId: 'pi-1', state: 'MIGRATED', migratedAt: '2026-01-05T10:10:00Z' }),
        buildMigrationInstance({ processInstanceId: 'pi-2', businessKey: 'order:ORD-2', batch: 1 }),
      ],
    });
    const done = buildMigrationPlan({
      state: 'COMPLETED',
      instances: [
        buildMigrationInstance({ processInstanceId: 'pi-1', state: 'MIGRATED', migratedAt: '2026-01-05T10:10:00Z' }),
        buildMigrationInstance({ processInstanceId: 'pi-2', businessKey: 'order:ORD-2', batch: 1, state: 'MIGRATED', migratedAt: '2026-01-05T10:10:30Z' }),
      ],
    });
    servePlan(running, done);
    renderApp('/migrations/mig-1');
    expect(await screen.findByTestId('plan-state')).toHaveTextContent('Running');
    expect(screen.getByTestId('plan-progress')).toHaveTextContent(/Migrated1.*Waiting1/);
    await waitFor(() => expect(screen.getByTestId('plan-state')).toHaveTextContent('Completed'), { timeout: 6_000 });
    expect(screen.getByTestId('plan-progress')).toHaveTextContent(/Migrated2.*Waiting0/);
    expect(within(screen.getByTestId('plan-actions')).queryAllByRole('button')).toEqual([]);
  });
});
