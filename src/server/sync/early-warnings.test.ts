// Early warnings from the engine's answers, on hand-made tasks and jobs with hand-written expected figures.
import { describe, expect, it } from 'vitest';
import type { EngineFetchedTask, EngineRetryingJob } from '../engine/adapter.js';
import { summarizeJobs, summarizeTasks } from './early-warnings.js';

const NOW = new Date('2026-11-02T09:00:00.000Z');
const task = (id: string, over: Partial<EngineFetchedTask>): EngineFetchedTask => ({
  id, topicName: 'check-availability', activityId: 'checkAvailability', workerId: 'w1', retries: null, lockExpirationTime: null, errorMessage: null,
  processInstanceId: `pi-${id}`, processDefinitionId: 'order:3:x', processDefinitionKey: 'order', ...over,
});

describe('summarizeTasks', () => {
  it('tells held, failing-but-retrying and ran-out locks apart, per topic and per step', () => {
    const { topics, expiries, steps } = summarizeTasks([
      task('held', { lockExpirationTime: '2026-11-02T09:00:10.000Z' }),
      task('failing-1', { retries: 2, errorMessage: 'ECONNRESET', lockExpirationTime: '2026-11-02T09:00:01.000Z' }),
      task('failing-2', { retries: 1, errorMessage: 'ETIMEDOUT', lockExpirationTime: '2026-11-02T08:59:59.000Z' }),
      task('ran-out', { topicName: 'reserve-inventory', activityId: 'reserveInventory', lockExpirationTime: '2026-11-02T08:58:00.000Z' }),
      // Retries 0 is an incident already: not an early warning.
      task('incident', { retries: 0, errorMessage: 'gave up', lockExpirationTime: '2026-11-02T08:00:00.000Z' }),
    ], NOW);
    expect(Object.fromEntries(topics)).toEqual({
      'check-availability': { retrying: 2, lockExpired: 0, heldNow: true },
      'reserve-inventory': { retrying: 0, lockExpired: 1, heldNow: false },
    });
    expect(expiries).toEqual([{ taskId: 'ran-out', topic: 'reserve-inventory', at: '2026-11-02T08:58:00.000Z' }]);
    expect(steps).toEqual([{
      kind: 'externalTask', definition_id: 'order:3:x', definition_key: 'order', definition_version: null, activity_id: 'checkAvailability', activity_name: null,
      topic: 'check-availability', count: 2, min_retries_left: 1, next_try_at: new Date('2026-11-02T09:00:01.000Z'), last_error: 'ECONNRESET',
      example_instance_ids: ['pi-failing-1', 'pi-failing-2'],
    }]);
  });
});

describe('summarizeJobs', () => {
  it('groups failed jobs with retries left per definition and step, earliest next try first', () => {
    const job = (id: string, retries: number, due: string): EngineRetryingJob => ({
      id, processInstanceId: `pi-${id}`, processDefinitionId: 'order:2:y', processDefinitionKey: 'order', failedActivityId: 'validateOrder', retries, exceptionMessage: 'Unknown property', dueDate: due,
    });
    expect(summarizeJobs([job('a', 2, '2026-11-02T09:00:05.000Z'), job('b', 1, '2026-11-02T09:00:02.000Z')])).toEqual([{
      kind: 'job', definition_id: 'order:2:y', definition_key: 'order', definition_version: null, activity_id: 'validateOrder', activity_name: null, topic: null,
      count: 2, min_retries_left: 1, next_try_at: new Date('2026-11-02T09:00:02.000Z'), last_error: 'Unknown property', example_instance_ids: ['pi-a', 'pi-b'],
    }]);
  });
});
