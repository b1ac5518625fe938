// The dashboard's deployments against the reference engine: each deployment with the versions of the process
// definitions it deployed (read by the sync's deployment mirror), each linked to exactly that version's cases.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod/mini';
import { dashboardSchema } from '../../contracts/dashboard.js';
import { queueResponseSchema } from '../../contracts/queues.js';
import { EngineSamplesRepo } from '../store/engine-samples-repo.js';
import { mirrorDeployments } from '../sync/deployment-mirror.js';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { engineReader } from '../testing/engine-probe.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
const services = inject('services');
const engine = engineReader(engineUrl);

describe('deployments with their definition versions, linked to their cases', () => {
  let bff: TestBff;
  let theo: TestLogin;

  beforeAll(async () => {
    bff = await startTestBff({ engineUrl, services });
    theo = await loginAs(bff.app, 'theo.tech');
    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
    await mirrorDeployments({ engine: bff.ctx.engine, engineId: bff.ctx.engineId, samples: new EngineSamplesRepo(bff.ctx.db), clock: bff.ctx.clock });
  });
  afterAll(async () => {
    await bff?.close();
  });

  it('lists each deployment with the versions the engine reports, and each link opens exactly that version’s cases', async () => {
    const response = await bff.app.inject({ url: '/api/dashboard?range=24h', headers: theo.headers });
    expect(response.statusCode, response.body).toBe(200);
    const dashboard = z.parse(dashboardSchema, response.json());
    const versions = dashboard.technical.deployments.flatMap((d) => d.versions ?? []);
    // The engine's own list of order-orchestration versions: every one was deployed in this run (clean engine).
    const engineVersions = (await engine.get<{ version: number }[]>('/process-definition?key=order-orchestration')).map((d) => d.version).sort();
    expect(versions.filter((v) => v.processKey === 'order-orchestration').map((v) => v.version).sort()).toEqual(engineVersions);
    // The seed starts ORD-100922 on a broken model version: at least two versions, and one of them has cases.
    expect(engineVersions.length).toBeGreaterThanOrEqual(2);
    const order = versions.filter((v) => v.processKey === 'order-orchestration');
    expect(order.some((v) => v.cases > 0)).toBe(true);

    for (const v of order) {
      const queue = await bff.app.inject({ url: `/api/queue?${v.filter}&limit=200`, headers: theo.headers });
      expect(queue.statusCode, queue.body).toBe(200);
      const page = z.parse(queueResponseSchema, queue.json());
      expect(page.total, `${v.processKey} v${v.version}`).toBe(v.cases);
      for (const item of page.items) {
        expect(item.processDefinitionKey).toBe('order-orchestration');
        expect(item.processDefinitionVersion).toBe(v.version);
      }
    }
  });
});
