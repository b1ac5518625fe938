// The release report (playbook §4.2, §4.3) on two small hand-written versions of one process, against the
// reference catalog and a read model on PGlite: every field of the expected report is written out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseReportSchema } from '../../contracts/deployments.js';
import type { Catalog } from '../catalog/catalog.js';
import { referenceCatalog } from '../catalog/testing.js';
import type { EngineAdapter } from '../engine/adapter.js';
import type { Db } from '../store/db.js';
import { ReleaseRepo } from '../store/release-repo.js';
import { openTestPglite } from '../testing/pglite-template.js';
import { writeReleaseReports } from './release-reports.js';
import { buildDeployments } from '../dashboard/deployments-service.js';
import * as z from 'zod/mini';

const NOW = new Date('2026-11-02T09:00:00.000Z');
const SEEN = '2026-11-02T08:58:00.000Z';

const bpmn = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="shipment" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

const V1 = bpmn(`
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="reserveStock" name="Reserve stock" camunda:type="external" camunda:topic="reserve-inventory">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="reservationRequestId">\${orderId}-r</camunda:inputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:receiveTask id="waitForCarrier" name="Wait for carrier" />
    <bpmn:serviceTask id="notify" name="Notify customer" camunda:type="external" camunda:topic="notify-customer" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="reserveStock" />
    <bpmn:sequenceFlow id="f2" sourceRef="reserveStock" targetRef="waitForCarrier" />
    <bpmn:sequenceFlow id="f3" sourceRef="waitForCarrier" targetRef="notify" />
    <bpmn:sequenceFlow id="f4" sourceRef="notify" targetRef="end" />`);

// v2: the reservation id is no longer mapped, the carrier wait and the notification are gone, a fraud screening
// on a topic nobody published a contract for is new, and a decision is called.
const V2 = bpmn(`
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="fraudCheck" name="Screen for fraud" camunda:type="external" camunda:topic="fraud-screening">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="orderRef">\${orderId}</camunda:inputParameter>
        <camunda:inputParameter name="segment">\${customerSegment}</camunda:inputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="reserveStock" name="Reserve stock" camunda:type="external" camunda:topic="reserve-inventory" />
    <bpmn:businessRuleTask id="routeShipment" name="Route shipment" camunda:decisionRef="shipment-routing" camunda:resultVariable="route" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fraudCheck" />
    <bpmn:sequenceFlow id="f2" sourceRef="fraudCheck" targetRef="reserveStock" />
    <bpmn:sequenceFlow id="f3" sourceRef="reserveStock" targetRef="routeShipment" />
    <bpmn:sequenceFlow id="f4" sourceRef="routeShipment" targetRef="end" />`);

const dmn = (outputs: string[]) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dm" name="d" namespace="n">
  <decision id="shipment-routing" name="Shipment routing"><decisionTable id="t">
    <input id="i1"><inputExpression id="e1" typeRef="string"><text>region</text></inputExpression></input>
    ${outputs.map((o) => `<output id="o_${o}" name="${o}" typeRef="string" />`).join('\n    ')}
  </decisionTable></decision>
</definitions>`;

/** The engine as the report step sees it; every call is counted. */
function fakeEngine(calls: string[]): EngineAdapter {
  const xml: Record<string, string> = { 'shipment:1:a': V1, 'shipment:2:b': V2 };
  return {
    getProcessDefinitionXml: async (id: string) => (calls.push(`xml ${id}`), xml[id]!),
    processDefinitionByKeyAndVersion: async (key: string, version: number) => (calls.push(`definition ${key} ${version}`), version === 1 ? { id: 'shipment:1:a', key, version, name: 'Shipment' } : null),
    latestDecisionVersions: async (key: string) => (calls.push(`decision ${key}`), [
      { id: 'shipment-routing:2:y', version: 2, xml: dmn(['carrier', 'slaHours']) },
      { id: 'shipment-routing:1:x', version: 1, xml: dmn(['carrier', 'priority']) },
    ]),
  } as unknown as EngineAdapter;
}

let db: Db;
let catalog: Catalog;

beforeAll(async () => {
  db = await openTestPglite();
  catalog = await referenceCatalog();
  const definitions = (id: string, version: number) => JSON.stringify([{ key: 'shipment', name: 'Shipment', version, id }]);
  await db.query(
    `INSERT INTO engine_deployment (engine_id, id, name, deployed_at, definition_keys, definitions, synced_at) VALUES
     ('default', 'dep-1', 'release 1', '2026-10-01T10:00:00Z', '{shipment}', $1::jsonb, $3),
     ('default', 'dep-2', 'release 2', '2026-11-02T08:00:00Z', '{shipment}', $2::jsonb, $3)`,
    [definitions('shipment:1:a', 1), definitions('shipment:2:b', 2), NOW],
  );
  // v1: 3 orders at the carrier wait, 1 at the notification, 1 at the reservation, 1 finished (not counted);
  // v2: 1 order at the fraud screening (not an older version).
  const instances: [string, number, string, string[]][] = [
    ['p1', 1, 'ACTIVE', ['waitForCarrier']], ['p2', 1, 'ACTIVE', ['waitForCarrier']], ['p3', 1, 'SUSPENDED', ['waitForCarrier']],
    ['p4', 1, 'ACTIVE', ['notify']], ['p5', 1, 'ACTIVE', ['reserveStock']], ['p6', 1, 'COMPLETED', []], ['p7', 2, 'ACTIVE', ['fraudCheck']],
  ];
  for (const [id, version, state, activities] of instances) {
    await db.query(
      `INSERT INTO process_instance (engine_id, id, definition_id, definition_key, definition_version, state, current_activity_ids, synced_at)
       VALUES ('default', $1, $2, 'shipment', $3, $4, $5, $6)`,
      [id, `shipment:${version}:${version === 1 ? 'a' : 'b'}`, version, state, activities, NOW],
    );
  }
  await db.query(`INSERT INTO worker_sample (engine_id, topic, waiting, sampled_at, worker_seen_at) VALUES ('default', 'reserve-inventory', 0, $1, $2)`, [NOW, SEEN]);
}, 60_000);
afterAll(() => db?.close());

describe('release reports', () => {
  it('reports each version once against the one before it, with the advice in words', async () => {
    const calls: string[] = [];
    const release = new ReleaseRepo(db);
    const deps = { engine: fakeEngine(calls), engineId: 'default', catalog, release, clock: { now: () => NOW } };
    expect(await writeReleaseReports(deps)).toEqual({ written: 2 });

    const rows = await release.latestReports('default', 10);
    expect(rows.map((r) => [r.version, r.previous_version])).toEqual([[2, 1], [1, null]]);
    const [v2, v1] = rows.map((r) => z.parse(releaseReportSchema, r.report));

    expect(v1!.advice).toEqual({ action: 'FIRST_VERSION', reasons: ['This is the first version of the process: there is nothing to drain or migrate.'] });
    expect(v1!.topicsAdded).toEqual([]);

    expect(v2).toEqual({
      topicsAdded: [{ topic: 'fraud-screening', activityIds: ['fraudCheck'], contract: false, owner: null, workerSeenAt: null }],
      topicsRemoved: [{ topic: 'notify-customer', activityIds: ['notify'], contract: true, owner: 'fulfillment', workerSeenAt: null }],
      topics: [
        { topic: 'fraud-screening', activityIds: ['fraudCheck'], contract: false, owner: null, workerSeenAt: null },
        { topic: 'reserve-inventory', activityIds: ['reserveStock'], contract: true, owner: 'fulfillment', workerSeenAt: SEEN },
      ],
      activitiesRemoved: [
        { activityId: 'waitForCarrier', name: 'Wait for carrier', runningInstances: 3 },
        { activityId: 'notify', name: 'Notify customer', runningInstances: 1 },
      ],
      activitiesAdded: [{ activityId: 'fraudCheck', name: 'Screen for fraud' }, { activityId: 'routeShipment', name: 'Route shipment' }],
      steps: [
        { activityId: 'start', name: null }, { activityId: 'fraudCheck', name: 'Screen for fraud' }, { activityId: 'reserveStock', name: 'Reserve stock' },
        { activityId: 'routeShipment', name: 'Route shipment' }, { activityId: 'end', name: null },
      ],
      // orderId is still mentioned (the fraud step's mapping); customerId never was, so the heuristic says nothing.
      variablesNoLongerProvided: [{ activityId: 'reserveStock', topic: 'reserve-inventory', variable: 'reservationRequestId' }],
      // Read by the fraud step's mapping, never mentioned by v1, set by nothing in v2 (route is set: not listed).
      variablesNewlyRead: ['customerSegment'],
      decisionChanges: [{ decisionKey: 'shipment-routing', outputsAdded: ['slaHours'], outputsRemoved: ['priority'] }],
      advice: {
        action: 'CONSIDER_MIGRATION',
        reasons: [
          '5 orders run on older versions and will finish there; new orders take this version.',
          '3 orders wait at “Wait for carrier”, which this version no longer has; they continue on their own version.',
          '1 order waits at “Notify customer”, which this version no longer has; they continue on their own version.',
          'Orders on the old version still wait for work this version dropped: keep its workers running until they are done, or plan a migration with a step mapping (platform owner; playbook §17).',
        ],
      },
      risks: [
        'The step “Screen for fraud” has no published worker contract and no worker has been seen taking its work: orders that reach it will wait there.',
        'The step “Reserve stock” expects a value the new model no longer sets or passes on (see technical details).',
        'This version reads values no earlier version used and nothing in it sets (see technical details): unless whoever starts the process sets them, orders fail where they are read.',
        'A decision this process calls no longer returns some of its earlier results (see technical details).',
      ],
    });
    expect(await release.reportedTopics('default')).toEqual(['fraud-screening', 'notify-customer', 'reserve-inventory']);

    // Once per version: the next pass finds nothing to report and asks the engine nothing.
    calls.length = 0;
    expect(await writeReleaseReports(deps)).toEqual({ written: 0 });
    expect(calls).toEqual([]);
  });

  it('says the orders at removed steps and the advice again with the running counts of now on the deployments page', async () => {
    // The order at the notification finished after the release.
    await db.query(`UPDATE process_instance SET state = 'COMPLETED', current_activity_ids = '{}' WHERE id = 'p4'`);
    const page = await buildDeployments({ db, engineId: 'default' }, NOW);
    const [v2, v1] = page.processes.find((p) => p.processKey === 'shipment')!.versions;
    expect(v1!.running).toBe(4);
    expect(v2!.running).toBe(1);
    expect(v2!.casesFilter).toBe('processKey=shipment&processVersion=2&status=all&engineId=default');
    expect(v2!.report!.activitiesRemoved).toEqual([
      { activityId: 'waitForCarrier', name: 'Wait for carrier', runningInstances: 3 },
      { activityId: 'notify', name: 'Notify customer', runningInstances: 0 },
    ]);
    expect(v2!.report!.advice).toEqual({
      action: 'DRAIN_KEEP_OLD_WORKERS',
      reasons: [
        '4 orders run on older versions and will finish there; new orders take this version.',
        '3 orders wait at “Wait for carrier”, which this version no longer has; they continue on their own version.',
        'Older versions still call work this version dropped: keep those workers running until the older orders have drained, then retire them.',
      ],
    });
    await db.query(`UPDATE process_instance SET state = 'ACTIVE', current_activity_ids = '{notify}' WHERE id = 'p4'`);
  });

  it('counts running instances per version and step from the read model', async () => {
    const release = new ReleaseRepo(db);
    const rows = await release.runningByVersionAndActivity('default', ['shipment']);
    const sorted = rows.map((r) => [r.definition_version, r.activity_id, r.count]).sort((a, b) => String(a).localeCompare(String(b)));
    expect(sorted).toEqual([[1, 'notify', 1], [1, 'reserveStock', 1], [1, 'waitForCarrier', 3], [2, 'fraudCheck', 1]]);
    expect((await release.runningByVersion('default', ['shipment'])).map((r) => [r.definition_version, r.count]).sort()).toEqual([[1, 5], [2, 1]]);
  });
});
