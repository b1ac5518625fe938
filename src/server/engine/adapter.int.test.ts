import { describe, expect, inject, it } from 'vitest';
import { flavorSpec } from '../../../scripts/lib/engine-flavor.js';
import { freePort } from '../../../scripts/lib/managed-process.js';
import { EngineAdapter, MAX_PAGE_SIZE } from './adapter.js';
import { EngineRequestError, EngineUnavailableError } from './errors.js';
import { identifyEngine } from './flavor.js';
import { EngineHttp } from './http.js';

const engineUrl = inject('engineUrl');
// The suite runs on Camunda or Operaton (ENGINE_FLAVOR); the version expected is the flavour's.
const flavor = flavorSpec(inject('engineFlavor'));

function adapterFor(baseUrl: string, credentials = { user: 'workbench', password: 'workbench-secret' }) {
  const calls: { method: string; path: string; query: string; status: number | null }[] = [];
  const adapter = new EngineAdapter(new EngineHttp({ baseUrl, ...credentials, timeoutMs: 5000 }, (c) => calls.push(c)));
  return { adapter, calls };
}

describe('engine adapter against the reference engine', () => {
  it(`talks to ${flavor.product} and tells its flavour from /version`, async () => {
    const version = await adapterFor(engineUrl).adapter.version();
    expect(version).toBe(flavor.expectedVersion);
    expect(identifyEngine(version).flavor).toBe(flavor.flavor);
  });

  it('never asks for more than one bounded page', async () => {
    const { adapter, calls } = adapterFor(engineUrl);
    await adapter.listIncidents({}, { maxResults: 100_000 });
    expect(calls).toHaveLength(1);
    expect(new URLSearchParams(calls[0]!.query).get('maxResults')).toBe(String(MAX_PAGE_SIZE));
  });

  it('parses incidents with UTC timestamps and the root-cause chain', async () => {
    const { adapter } = adapterFor(engineUrl);
    const { incidents, truncated } = await adapter.listAllOpenIncidents(10_000);
    expect(truncated).toBe(false);
    expect(incidents.length).toBeGreaterThan(0);
    for (const incident of incidents) expect(incident.incidentTimestamp).toMatch(/Z$/);
    const parent = incidents.find((i) => i.activityId === 'billingHandoff');
    expect(parent?.rootCauseIncidentId).toBe(incidents.find((i) => i.activityId === 'billingHandoffTask' && i.id === parent?.rootCauseIncidentId)?.id);
  });

  it('caches BPMN XML by definition id: the second read makes no call', async () => {
    const { adapter, calls } = adapterFor(engineUrl);
    const [incident] = (await adapter.listAllOpenIncidents(10)).incidents;
    const first = await adapter.getProcessDefinitionXml(incident!.processDefinitionId!);
    const before = calls.length;
    expect(await adapter.getProcessDefinitionXml(incident!.processDefinitionId!)).toBe(first);
    expect(calls.length).toBe(before);
  });

  it('turns failures into typed errors', async () => {
    const missing = adapterFor(engineUrl).adapter.getExternalTask('no-such-task');
    await expect(missing).rejects.toBeInstanceOf(EngineRequestError);
    await expect(missing).rejects.toMatchObject({ status: 404 });
    // A throwaway name: a wrong password for the shared technical user would make the engine's login throttle
    // refuse its right password for a while, and every later test with it.
    await expect(adapterFor(engineUrl, { user: `nobody-${Date.now()}`, password: 'wrong-password' }).adapter.version()).rejects.toMatchObject({ status: 401 });
    const closed = `http://127.0.0.1:${await freePort()}/engine-rest`;
    await expect(adapterFor(closed).adapter.version()).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});
