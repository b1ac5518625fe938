// The platform's probes, without a session: alive, and ready when the database is reachable with its schema
// current; the engine is only reported. In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
}, 60_000);
afterAll(() => bff?.close());

describe('probes', () => {
  it('/livez answers without a session', async () => {
    const response = await bff.app.inject({ url: '/livez' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready with the database current, whatever the engine does, and says how the engine is', async () => {
    await bff.app.inject({ url: '/readyz' });
    // The engine check runs in the background; the second answer carries its result.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await bff.app.inject({ url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: 'ok', engine: 'unreachable' });
  });

  it('/readyz is not ready while a migration is missing', async () => {
    await bff.ctx.db.query("DELETE FROM schema_migration WHERE name = '006_diagnosis_checklist.sql'");
    try {
      const response = await bff.app.inject({ url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'not ready', database: 'migrations pending' });
    } finally {
      await bff.ctx.db.query("INSERT INTO schema_migration (name) VALUES ('006_diagnosis_checklist.sql')");
    }
  });
});
