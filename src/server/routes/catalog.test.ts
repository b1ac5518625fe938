// The catalog view through HTTP: exactly the contract's shape, with actions and rules (patterns as text).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { catalogViewSchema } from '../../contracts/catalog.js';
import { loginAs } from '../testing/auth.js';
import { startTestBff, unreachableEngineUrl, type TestBff } from '../testing/test-context.js';

let bff: TestBff;
beforeAll(async () => {
  bff = await startTestBff({ engineUrl: await unreachableEngineUrl() });
}, 60_000);
afterAll(() => bff?.close());

describe('GET /api/catalog', () => {
  it('answers the catalog view: topics without their source file, every action, the rules in order', async () => {
    const sam = await loginAs(bff.app, 'sam.support');
    const response = await bff.app.inject({ url: '/api/catalog', headers: sam.headers });
    expect(response.statusCode).toBe(200);
    const raw = response.json() as Record<string, unknown[]>;
    const body = z.parse(catalogViewSchema, raw);

    expect(body.topics.length).toBeGreaterThan(0);
    expect(raw.topics!.every((t) => !Object.hasOwn(t as object, 'source'))).toBe(true);
    expect(body.actions.map((a) => a.id).sort()).toEqual([
      'ANNOTATE', 'ASSIGN', 'CHECK_EXTERNAL_STATUS', 'CONFIRM_EXTERNAL_OUTCOME', 'ESCALATE', 'MARK_FAILED_AND_RETRY', 'REQUEST_UNSAFE_RETRY',
      'RESOLVE', 'RETRY_STEP', 'START_MISSING_WORKFLOW',
    ]);
    expect(raw.actions!.every((a) => !Object.hasOwn(a as object, 'inputs'))).toBe(true);
    expect(body.rules.find((r) => r.id === 'reserve-timeout-after-send')).toMatchObject({
      topic: 'reserve-inventory', messagePattern: '^RESERVATION_TIMEOUT_AFTER_SEND\\b', category: 'UNKNOWN_OUTCOME', severity: 'HIGH',
      runbookId: 'inventory-reservation-unknown-outcome',
    });
    expect(body.stageBudgets.find((b) => b.activityId === 'reserveInventory')).toMatchObject({ budget: 'PT5M', severity: 'HIGH' });
  });
});
