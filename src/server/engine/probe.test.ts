import { describe, expect, it } from 'vitest';
import type { EngineAdapter } from './adapter.js';
import { EngineProbe } from './probe.js';

const clock = { now: () => new Date('2026-03-10T12:00:00Z') };
const engineAnswering = (version: () => Promise<string>) => ({ version }) as unknown as EngineAdapter;

describe('EngineProbe', () => {
  it('reports the flavour /version tells (Operaton numbers from 1.0)', async () => {
    const probe = new EngineProbe(engineAnswering(async () => '1.0.3'), clock);
    expect(await probe.check()).toEqual({ reachable: true, version: '1.0.3', flavor: 'operaton', checkedAt: '2026-03-10T12:00:00.000Z' });
  });

  it('reports no version and no flavour while the engine is unreachable', async () => {
    const probe = new EngineProbe(engineAnswering(async () => Promise.reject(new Error('ECONNREFUSED'))), clock);
    expect(await probe.check()).toMatchObject({ reachable: false, version: null, flavor: null });
  });
});
