// Bulk retry's two steps through HTTP: the dry run shows the scope and needs no idempotency key (it changes
// nothing), the real run needs one. In-memory PGlite; the engine URL points at a closed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type TestLogin } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let bff: TestBff;
let theo: TestLogin;

beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
  theo = await loginAs(bff.app, 'theo.tech');
}, 60_000);
afterAll(() => bff?.close());

const post = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  bff.app.inject({ method: 'POST', url: '/api/bulk/retry-step', headers: { ...theo.headers, ...headers }, payload: body });

describe('POST /api/bulk/retry-step', () => {
  it('answers a dry run without an idempotency key, changing nothing', async () => {
    const before = await bff.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recovery_command');
    const response = await post({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: true });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ dryRun: true, scope: [], excluded: [], results: [] });
    expect(await bff.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM recovery_command')).toEqual(before);
  });

  it('wants the key for the real run', async () => {
    const response = await post({ processDefinitionKey: 'order-orchestration', activityId: 'checkAvailability', dryRun: false, caseIds: ['FO-2026-000001'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
  });
});
