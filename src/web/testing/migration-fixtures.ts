// Migration plan payloads (playbook §17) for component tests, parsed by the contracts so a mock cannot drift.
import * as z from 'zod/mini';
import { deploymentsResponseSchema, type DeploymentsResponse, type DeploymentVersion } from '../../contracts/deployments.js';
import {
  migrationExclusionSchema,
  migrationInstanceSchema,
  migrationPlanListSchema,
  migrationPlanSchema,
  type MigrationExclusion,
  type MigrationInstance,
  type MigrationPlan,
  type MigrationPlanSummary,
} from '../../contracts/migrations.js';

export function buildMigrationInstance(overrides: Partial<MigrationInstance> = {}): MigrationInstance {
  return z.parse(migrationInstanceSchema, {
    processInstanceId: 'pi-1',
    businessKey: 'order:ORD-1',
    activityId: 'waitForReservationCallback',
    state: 'PENDING',
    batch: 0,
    migratedAt: null,
    problems: [],
    ...overrides,
  });
}

export function buildMigrationExclusion(overrides: Partial<MigrationExclusion> = {}): MigrationExclusion {
  return z.parse(migrationExclusionSchema, {
    processInstanceId: 'pi-x',
    businessKey: 'order:ORD-9',
    activityId: 'waitForReservationCallback',
    reason: 'OPEN_CASE',
    detail: 'open fallout case FO-2026-000042',
    caseId: 'FO-2026-000042',
    ...overrides,
  });
}

/** A plan of three orders (canary + a batch of two) and one exclusion, awaiting approval. */
export function buildMigrationPlan(overrides: Partial<MigrationPlan> = {}): MigrationPlan {
  const instances = overrides.instances ?? [
    buildMigrationInstance({ processInstanceId: 'pi-1', businessKey: 'order:ORD-1', batch: 0 }),
    buildMigrationInstance({ processInstanceId: 'pi-2', businessKey: 'order:ORD-2', batch: 1 }),
    buildMigrationInstance({ processInstanceId: 'pi-3', businessKey: 'order:ORD-3', batch: 1, activityId: 'reserveInventoryTask' }),
  ];
  const exclusions = overrides.exclusions ?? [buildMigrationExclusion()];
  const count = (state: MigrationInstance['state']) => instances.filter((i) => i.state === state).length;
  return z.parse(migrationPlanSchema, {
    id: 'mig-1',
    engineId: 'default',
    processDefinitionKey: 'order-orchestration',
    processName: 'Order orchestration',
    sourceVersion: 12,
    targetVersion: 13,
    sourceDefinitionId: 'order-orchestration:12:aaa',
    targetDefinitionId: 'order-orchestration:13:bbb',
    reason: 'Old process calls the removed inventory topic',
    scopeActivities: ['waitForReservationCallback', 'reserveInventoryTask'],
    activityMapping: [{ from: 'reserveInventoryTask', to: 'reserveStockTask' }],
    requiredVariables: ['orderId', 'fulfillmentPlanRef'],
    allowedOrderStates: ['RESERVATION_PENDING', 'RESERVATION_REQUESTED'],
    batchSize: 2,
    batchIntervalSeconds: 30,
    state: 'AWAITING_APPROVAL',
    createdBy: 'paula.platform',
    createdAt: '2026-01-05T10:00:00Z',
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    validation: { valid: true, failures: [] },
    totals: {
      planned: instances.length,
      migrated: count('MIGRATED'),
      failed: count('FAILED'),
      skipped: count('SKIPPED'),
      pending: count('PENDING'),
      excluded: exclusions.length,
    },
    instances,
    exclusions,
    events: [{ at: '2026-01-05T10:00:00Z', actor: 'paula.platform', type: 'CREATED', detail: '3 orders on the frozen list, 1 left out' }],
    allowedActions: [],
    ...overrides,
  });
}

export function summaryOf(plan: MigrationPlan): MigrationPlanSummary {
  const { id, engineId, processDefinitionKey, sourceVersion, targetVersion, state, createdBy, createdAt, totals } = plan;
  return { id, engineId, processDefinitionKey, sourceVersion, targetVersion, state, createdBy, createdAt, totals };
}

export function buildMigrationPlanList(plans: MigrationPlan[] = []) {
  return z.parse(migrationPlanListSchema, { items: plans.map(summaryOf) });
}

function version(overrides: Partial<DeploymentVersion> & Pick<DeploymentVersion, 'version'>): DeploymentVersion {
  return {
    engineId: 'default',
    processKey: 'order-orchestration',
    processName: 'Order orchestration',
    deployedAt: '2026-01-01T09:00:00Z',
    previousVersion: null,
    report: null,
    runningByActivity: [],
    running: 0,
    casesFilter: `processKey=order-orchestration&processVersion=${overrides.version}&status=all`,
    ...overrides,
  };
}

/** Versions 12 (orders waiting at two steps) and 13 (the latest, which renamed one of them). */
export function buildMigrationDeployments(): DeploymentsResponse {
  return z.parse(deploymentsResponseSchema, {
    generatedAt: '2026-01-05T12:00:00Z',
    processes: [
      {
        processKey: 'order-orchestration',
        processName: 'Order orchestration',
        versions: [
          version({
            version: 13,
            previousVersion: 12,
            deployedAt: '2026-01-05T09:00:00Z',
            report: {
              topicsAdded: [],
              topicsRemoved: [],
              topics: [],
              activitiesRemoved: [{ activityId: 'reserveInventoryTask', name: 'Reserve inventory', runningInstances: 2 }],
              activitiesAdded: [{ activityId: 'reserveStockTask', name: 'Reserve stock' }],
              steps: [
                { activityId: 'waitForReservationCallback', name: 'Wait for reservation callback' },
                { activityId: 'reserveStockTask', name: 'Reserve stock' },
              ],
              variablesNoLongerProvided: [],
              decisionChanges: [],
              advice: { action: 'CONSIDER_MIGRATION', reasons: ['5 orders run on version 12.'] },
              risks: [],
            },
          }),
          version({
            version: 12,
            running: 5,
            runningByActivity: [
              { activityId: 'waitForReservationCallback', count: 3 },
              { activityId: 'reserveInventoryTask', count: 2 },
            ],
          }),
        ],
      },
    ],
    workers: [],
  });
}
