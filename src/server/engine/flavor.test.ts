// The BFF tells Camunda 7 from Operaton by GET /version, and reads older engines' answers without the fields
// they lack: Camunda 7.22 and 7.23 send external tasks without `createTime` (their ExternalTaskDto has none).
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EngineAdapter } from './adapter.js';
import { identifyEngine } from './flavor.js';
import type { EngineHttp } from './http.js';

describe('identifyEngine', () => {
  it.each([
    ['7.24.0', 'camunda', false],
    ['7.22.0', 'camunda', false],
    ['7.23.5-ee', 'camunda', true],
    ['7.24.0-SNAPSHOT', 'camunda', false],
    ['1.0.3', 'operaton', false],
    ['1.0.0-beta-4', 'operaton', false],
    ['2.0.0', 'operaton', false],
    ['8.7.0', 'unknown', false],
    ['', 'unknown', false],
  ] as const)('%s → %s', (version, flavor, enterprise) => {
    expect(identifyEngine(version)).toEqual({ flavor, version, enterprise });
  });
});

/** An EngineHttp that answers from canned JSON and still runs the adapter's own schemas. */
function cannedHttp(answers: Record<string, unknown>): EngineHttp {
  const answer = (path: string, schema: z.ZodTypeAny | null) => {
    const key = path.split('?')[0]!;
    if (!(key in answers)) throw new Error(`no canned answer for ${key}`);
    return schema ? schema.parse(answers[key]) : null;
  };
  return {
    baseUrl: 'http://engine.test/engine-rest',
    get: async (path: string, schema: z.ZodTypeAny) => answer(path, schema),
    send: async (_method: string, path: string, _body: unknown, schema: z.ZodTypeAny | null) => answer(path, schema),
  } as unknown as EngineHttp;
}

// An external task as Camunda 7.23 answers it: every field of 7.24 but `createTime`.
const task723 = {
  activityId: 'checkAvailabilityTask', activityInstanceId: 'checkAvailabilityTask:1', errorMessage: 'connection reset',
  executionId: 'ex-1', id: 'et-1', lockExpirationTime: null, processDefinitionId: 'order:1:pd', processDefinitionKey: 'order',
  processDefinitionVersionTag: null, processInstanceId: 'pi-1', retries: 0, suspended: false, workerId: 'w-1',
  topicName: 'check-availability', tenantId: null, priority: 0, businessKey: 'order:ORD-1',
};

describe('engine answers of Camunda 7.22/7.23 (external tasks without createTime)', () => {
  const adapter = new EngineAdapter(cannedHttp({ '/external-task': [task723], '/external-task/et-1': task723 }));

  it('reads a single task and tasks by id', async () => {
    expect(await adapter.getExternalTask('et-1')).toMatchObject({ id: 'et-1', topicName: 'check-availability', retries: 0 });
    expect(await adapter.externalTasksByIds(['et-1'])).toHaveLength(1);
  });

  it('reports no oldest-waiting time instead of failing the worker sample', async () => {
    expect(await adapter.oldestWaitingExternalTaskSince('check-availability')).toBeNull();
  });

  it('reports the oldest-waiting time where the engine sends it (7.24, Operaton)', async () => {
    const withCreateTime = new EngineAdapter(cannedHttp({ '/external-task': [{ ...task723, createTime: '2026-03-10T12:01:00.000+0100' }] }));
    expect(await withCreateTime.oldestWaitingExternalTaskSince('check-availability')).toBe('2026-03-10T11:01:00.000Z');
  });
});
