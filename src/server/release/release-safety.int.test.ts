// Release safety and early warnings against the reference engine. A copy of the demo's change-order model under
// its own key (so no other test file starts orders on a version made here): v1 as shipped, two orders left
// waiting at its review step; v2 replaces the review with work on a topic nobody published a contract for and
// no worker serves. The sync's report must name the unknown topic (no contract, no worker) and the removed step
// still holding both orders. Then the test plays a failing worker on the new topic (a failure with retries
// left) and leaves another task's lock to run out: the dashboard's early warnings must show both.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod/mini';
import { dashboardSchema } from '../../contracts/dashboard.js';
import { deploymentsResponseSchema } from '../../contracts/deployments.js';
import { referenceCatalog, REFERENCE_WORKFLOWS_DIR } from '../catalog/testing.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { ReleaseRepo } from '../store/release-repo.js';
import { mirrorDeployments } from '../sync/deployment-mirror.js';
import { writeReleaseReports } from '../sync/release-reports.js';
import { sampleWorkers } from '../sync/worker-sampler.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { eventually } from '../testing/engine-probe.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';
import { authHeader, deployResources } from '../../../workflows/deploy.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const KEY = `change-order-release-${process.pid}`;
const TOPIC = `change-screening-${process.pid}`;
const auth = { engineUrl, user: 'workbench', password: 'workbench-secret' };

async function engine<T>(method: string, p: string, body?: unknown): Promise<T> {
  const response = await fetch(`${engineUrl}${p}`, {
    method,
    headers: { authorization: authHeader(auth.user, auth.password), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${p} → ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

const shipped = readFileSync(path.join(REFERENCE_WORKFLOWS_DIR, 'change-order', 'change-order.bpmn'), 'utf8').replaceAll('change-order', KEY);
const v1 = shipped;
// The review (a user task) becomes work for a worker on an unknown topic; the diagram keeps its shape.
const v2 = shipped.replace(
  /<bpmn:userTask id="reviewChange" name="Review change" camunda:candidateGroups="order-desk">([\s\S]*?)<\/bpmn:userTask>/,
  `<bpmn:serviceTask id="screenChange" name="Screen change" camunda:type="external" camunda:topic="${TOPIC}">$1</bpmn:serviceTask>`,
).replaceAll('"reviewChange"', '"screenChange"').replace('bpmnElement="reviewChange"', 'bpmnElement="screenChange"');

describe('release safety against the reference engine', () => {
  let bff: TestBff;
  let theo: TestLogin;
  const deploymentIds: string[] = [];

  beforeAll(async () => {
    bff = await startTestBff({ engineUrl, services });
    theo = await loginAs(bff.app, 'theo.tech');
    const first = await deployResources({ ...auth, deploymentName: KEY, resources: [{ name: `${KEY}.bpmn`, content: v1 }] });
    deploymentIds.push(first.deploymentId);
    for (const n of [1, 2]) await engine('POST', `/process-definition/key/${KEY}/start`, { businessKey: `CHG-${process.pid}-${n}`, variables: { changeOrderId: { value: `CHG-${process.pid}-${n}`, type: 'String' } } });
    // Both wait at the review once the async validation ran.
    await eventually(async () => (await engine<{ count: number }>('GET', `/task/count?processDefinitionKey=${KEY}`)).count === 2, 20_000, 'two reviews waiting');
    const second = await deployResources({ ...auth, deploymentName: KEY, resources: [{ name: `${KEY}.bpmn`, content: v2 }] });
    expect(second.deployedNew).toBe(true);
    deploymentIds.push(second.deploymentId);
  }, 60_000);

  afterAll(async () => {
    for (const id of deploymentIds.reverse()) await engine('DELETE', `/deployment/${id}?cascade=true`).catch(() => undefined);
    await bff?.close();
  });

  it('reports the unknown topic (no contract, no worker) and the removed step still holding orders', async () => {
    // One pass mirrors the instances with their token positions, the deployments, and writes the reports.
    await bff.sync.runOnce();
    const deps = { engine: bff.ctx.engine, engineId: bff.ctx.engineId, clock: bff.ctx.clock };
    const release = new ReleaseRepo(bff.ctx.db);
    await mirrorDeployments({ ...deps, samples: new EngineSamplesRepo(bff.ctx.db) });
    // Several passes' worth of other versions may be pending on a fresh read model; write until none is.
    for (let i = 0; i < 20 && (await writeReleaseReports({ ...deps, catalog: await referenceCatalog(), release })).written > 0; i++);

    const response = await bff.app.inject({ url: '/api/deployments', headers: theo.headers });
    expect(response.statusCode, response.body).toBe(200);
    const process = z.parse(deploymentsResponseSchema, response.json()).processes.find((p) => p.processKey === KEY);
    expect(process?.versions.map((v) => v.version)).toEqual([2, 1]);
    const [newest, oldest] = process!.versions;
    expect(oldest!.running).toBe(2);
    expect(oldest!.runningByActivity).toEqual([{ activityId: 'reviewChange', count: 2 }]);
    const report = newest!.report!;
    expect(report.topicsAdded).toEqual([{ topic: TOPIC, activityIds: ['screenChange'], contract: false, owner: null, workerSeenAt: null }]);
    expect(report.activitiesRemoved).toEqual([{ activityId: 'reviewChange', name: 'Review change', runningInstances: 2 }]);
    expect(report.risks).toContain('The step “Screen change” has no published worker contract and no worker has been seen taking its work: orders that reach it will wait there.');
    expect(report.advice.action).toBe('DRAIN');
    expect(report.advice.reasons).toContain('2 orders wait at “Review change”, which this version no longer has; they continue on their own version.');
    expect(newest!.casesFilter).toBe(`processKey=${KEY}&processVersion=2&status=all`);
  });

  it('shows a step failing but still retrying, and a lock that ran out, on the dashboard', async () => {
    for (const n of [3, 4]) await engine('POST', `/process-definition/key/${KEY}/start`, { businessKey: `CHG-${process.pid}-${n}`, variables: { changeOrderId: { value: `CHG-${process.pid}-${n}`, type: 'String' } } });
    await eventually(async () => (await engine<{ count: number }>('GET', `/external-task/count?topicName=${TOPIC}`)).count === 2, 20_000, 'two screening tasks');
    // A worker takes one task and reports a failure with two retries left (next try in a minute).
    const [failing] = await engine<{ id: string }[]>('POST', '/external-task/fetchAndLock', { workerId: 'release-test', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000 }] });
    await engine('POST', `/external-task/${failing!.id}/failure`, { workerId: 'release-test', errorMessage: 'screening service unreachable', retries: 2, retryTimeout: 60_000 });
    // Another takes the other task with a lock of 1 ms and never answers.
    const [silent] = await engine<{ id: string }[]>('POST', '/external-task/fetchAndLock', { workerId: 'release-test-silent', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 1 }] });
    expect(silent).toBeDefined();
    await eventually(async () => (await engine<{ count: number }>('GET', `/external-task/count?topicName=${TOPIC}&notLocked=true&withRetriesLeft=true`)).count >= 1, 5_000, 'the lock to run out');

    await sampleWorkers({
      engine: bff.ctx.engine, engineId: bff.ctx.engineId, catalog: await referenceCatalog(), samples: new EngineSamplesRepo(bff.ctx.db), clock: bff.ctx.clock,
      release: new ReleaseRepo(bff.ctx.db),
    });
    const response = await bff.app.inject({ url: '/api/dashboard?range=24h', headers: theo.headers });
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = z.parse(dashboardSchema, response.json());
    const step = dashboard.technical.retryingSteps.find((s) => s.processKey === KEY);
    expect(step).toMatchObject({
      kind: 'externalTask', processVersion: 2, activityId: 'screenChange', activityName: 'Screen change', topic: TOPIC, count: 1, minRetriesLeft: 2,
      lastError: 'screening service unreachable', filter: `processKey=${KEY}&processVersion=2&activityId=screenChange&status=all`,
    });
    expect(step!.nextTryAt).not.toBeNull();
    const worker = dashboard.technical.workers.find((w) => w.topic === TOPIC);
    // Seen: the failure report it sent (the engine's external task log).
    expect(worker).toMatchObject({ retrying: 1, lockExpiredNow: 1, lockExpirationsInRange: 1 });
    expect(worker!.workerSeenAt).not.toBeNull();
  });
});
