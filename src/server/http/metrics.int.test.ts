// The metrics after a real sync pass against the reference engine (the demo's failing orders): the incidents
// the pass attached to cases are counted, the engine calls it made are timed by path template, its lag is
// fresh, and the cases gauge agrees with the cases the read model holds. Fresh PGlite, so every incident in
// it was ingested by this BFF.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parsePrometheusText, sampleValue, type PromSample } from '../testing/prometheus-text.js';
import { startTestBff, type TestBff } from '../testing/test-context.js';

const engineUrl = inject('engineUrl');
let bff: TestBff;

beforeAll(async () => {
  bff = await startTestBff({ engineUrl });
});
afterAll(() => bff?.close());

async function scrape(): Promise<PromSample[]> {
  const response = await bff.app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  return parsePrometheusText(response.body);
}

describe('metrics after a sync pass against the reference engine', () => {
  it('count the ingested incidents, time the engine calls, and report a fresh sync', async () => {
    const before = await scrape();
    expect(sampleValue(before, 'fw_incidents_ingested_total', { engine: 'default' })).toBeUndefined();
    // Before any pass: the lag counts from this BFF's start.
    expect(sampleValue(before, 'fw_sync_lag_seconds', { engine: 'default' })).toBeGreaterThanOrEqual(0);

    await bff.sync.runOnce();
    expect(bff.sync.status.lastError).toBeNull();
    const after = await scrape();

    const attached = (await bff.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_incident'))[0]!.n;
    expect(attached).toBeGreaterThan(0);
    expect(sampleValue(after, 'fw_incidents_ingested_total', { engine: 'default' })).toBe(attached);

    expect(sampleValue(after, 'fw_engine_request_duration_seconds_count', { method: 'GET', route: '/incident', outcome: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(after, 'fw_sync_lag_seconds', { engine: 'default' })).toBeLessThan(30);

    const active = await bff.ctx.db.query<{ category: string; status: string; n: number }>(
      `SELECT category, status, count(*)::int AS n FROM fallout_case
       WHERE status IN ('OPEN','IN_PROGRESS','AWAITING_APPROVAL','ESCALATED','CLEARED_OUTSIDE','CANCELLED_IN_ENGINE') GROUP BY category, status`,
    );
    expect(active.length).toBeGreaterThan(0);
    for (const row of active) expect(sampleValue(after, 'fw_cases', { category: row.category, status: row.status }), `${row.category} ${row.status}`).toBe(row.n);
    expect(after.filter((s) => s.name === 'fw_cases').length).toBe(active.length);

    // A second pass finds nothing new: the counter stays.
    await bff.sync.runOnce();
    const again = await scrape();
    const attachedNow = (await bff.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_incident'))[0]!.n;
    expect(sampleValue(again, 'fw_incidents_ingested_total', { engine: 'default' })).toBe(attachedNow);
  });
});
