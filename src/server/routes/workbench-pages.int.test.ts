// The workbench pages' endpoints against the real engine and demo services: after a sync, the queue, the
// dashboard and the order view answer from the read model (no engine call); the worker sampler sees tasks
// waiting on a topic nobody serves; the seeded cancelled-but-waiting order shows its disagreement.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod/mini';
import { dashboardSchema } from '../../contracts/dashboard.js';
import { orderViewSchema } from '../../contracts/orders.js';
import { queueResponseSchema } from '../../contracts/queues.js';
import type { Catalog } from '../catalog/catalog.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { sampleWorkers } from '../sync/worker-sampler.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { eventually, ordersOf } from '../testing/engine-probe.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const manifest = inject('manifest');
const AUTH = 'Basic ' + Buffer.from('workbench:workbench-secret').toString('base64');

let bff: TestBff;
let olivia: TestLogin;

beforeAll(async () => {
  bff = await startTestBff({ engineUrl, services: { ...services } });
  olivia = await loginAs(bff.app, 'olivia.ops');
  await bff.sync.runOnce();
  expect(bff.sync.status.lastError).toBeNull();
});
afterAll(() => bff?.close());

const get = (url: string) => bff.app.inject({ url, headers: olivia.headers });
const engineCallsNow = () => bff.engineCalls.length;

describe('read-model endpoints', () => {
  it('answer the queue, the dashboard and the order view without calling the engine', async () => {
    const before = engineCallsNow();
    expect(before, 'the sync itself reads the engine, so the counter works').toBeGreaterThan(0);
    const queue = await get('/api/queue?status=all&limit=200');
    expect(queue.statusCode, queue.body).toBe(200);
    const body = z.parse(queueResponseSchema, queue.json());
    expect(body.total).toBeGreaterThan(0);
    const dashboard = await get('/api/dashboard?range=24h');
    expect(dashboard.statusCode, dashboard.body).toBe(200);
    z.parse(dashboardSchema, dashboard.json());
    const [order] = ordersOf(manifest, 'cancelled-while-waiting');
    const view = await get(`/api/orders/${order!.orderId}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(bff.engineCalls.slice(before)).toEqual([]);
  });

  it('show the sampled workers of every catalog topic and the demo deployments on the dashboard', async () => {
    const dashboard = z.parse(dashboardSchema, (await get('/api/dashboard?range=24h')).json());
    const topics = bff.ctx.catalog.allTopics().map((t) => t.topic).sort();
    expect(dashboard.technical.workers.map((w) => w.topic)).toEqual(topics);
    expect(dashboard.technical.deployments.some((d) => d.definitions.includes('order-orchestration'))).toBe(true);
  });
});

describe('order view', () => {
  it('shows the seeded cancelled order whose workflow still waits as a disagreement', async () => {
    const [order] = ordersOf(manifest, 'cancelled-while-waiting');
    const view = await eventually(async () => {
      await bff.sync.runOnce();
      const v = z.parse(orderViewSchema, (await get(`/api/orders/${order!.orderId}`)).json());
      return v.domain?.status === 'CANCELLED' && v.stage ? v : null;
    }, 60_000, `cancelled order ${order!.orderId} in the order view`);
    expect(view.stage).toEqual(expect.objectContaining({ activityId: 'waitForReservationCallback', label: "Waiting for the inventory's confirmation" }));
    expect(view.disagreement).toMatch(/is cancelled, but its workflow is still running/);
    expect(view.processes.some((p) => p.processDefinitionKey === 'order-orchestration' && p.state === 'ACTIVE')).toBe(true);
  });
});

describe('worker sampler', () => {
  const topic = `fw-probe-${Date.now()}`;
  const processKey = `fwSamplerProbe${Date.now()}`;
  let instanceId: string | null = null;

  afterAll(async () => {
    if (instanceId) await fetch(`${engineUrl}/process-instance/${instanceId}?skipCustomListeners=true`, { method: 'DELETE', headers: { authorization: AUTH } });
  });

  it('counts the tasks waiting on a topic no worker serves, with the oldest one’s creation time', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="probe" targetNamespace="http://fallout-workbench/test">
  <bpmn:process id="${processKey}" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="${topic}" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
    const form = new FormData();
    form.append('deployment-name', 'worker-sampler-probe');
    form.append('probe.bpmn', new Blob([xml], { type: 'application/xml' }), 'probe.bpmn');
    const deployed = await fetch(`${engineUrl}/deployment/create`, { method: 'POST', headers: { authorization: AUTH }, body: form });
    expect(deployed.ok, await deployed.clone().text()).toBe(true);
    const started = await fetch(`${engineUrl}/process-definition/key/${processKey}/start`, {
      method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ businessKey: `probe:${topic}` }),
    });
    expect(started.ok, await started.clone().text()).toBe(true);
    instanceId = ((await started.json()) as { id: string }).id;

    const samples = new EngineSamplesRepo(bff.ctx.db);
    const catalog = { allTopics: () => [{ topic }] } as unknown as Catalog;
    await sampleWorkers({ engine: bff.ctx.engine, engineId: 'default', catalog, samples, clock: { now: () => new Date() } });
    const sample = (await samples.workerSamples('default')).find((s) => s.topic === topic);
    expect(sample?.waiting).toBe(1);
    expect(sample?.oldest_waiting_since).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - sample!.oldest_waiting_since!.getTime())).toBeLessThan(5 * 60_000);
  });
});
