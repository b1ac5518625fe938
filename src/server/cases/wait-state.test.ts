import { describe, expect, it } from 'vitest';
import { waitItemsOf, type WaitSources } from './wait-state.js';

const none: WaitSources = {
  jobs: [],
  externalTasks: [],
  subscriptions: [],
  jobDefinitions: new Map(),
  businessKey: 'order:ORD-1',
  activityNames: new Map([
    ['checkAvailability', 'Check availability'],
    ['waitForReservationCallback', 'Wait for reservation callback'],
    ['reminderTimer', 'Remind after a day'],
    ['validateOrder', 'Validate order'],
  ]),
  caseActivityId: 'waitForReservationCallback',
};

describe('what an instance waits on', () => {
  it('is nothing for an instance with no jobs, tasks or subscriptions', () => {
    expect(waitItemsOf(none)).toEqual([]);
  });

  it('lists an external task with its topic, worker, lock and retries left', () => {
    const [item] = waitItemsOf({
      ...none,
      externalTasks: [
        { id: 't1', activityId: 'checkAvailability', topicName: 'inventory.check', workerId: 'worker-7', retries: 2, lockExpirationTime: '2026-12-03T12:05:00.000Z', errorMessage: 'ECONNRESET', processInstanceId: 'pi', suspended: false },
      ],
    });
    expect(item).toEqual({
      kind: 'EXTERNAL_TASK', activityId: 'checkAvailability', activityName: 'Check availability', name: 'inventory.check', workerId: 'worker-7',
      lockExpiresAt: '2026-12-03T12:05:00.000Z', retriesLeft: 2, dueAt: null, correlationKey: null, suspended: false, lastError: 'ECONNRESET', since: null,
    });
  });

  it('tells a timer, a failed job with its next try, a spent job and an async continuation apart by their job definitions', () => {
    const items = waitItemsOf({
      ...none,
      jobDefinitions: new Map([
        ['jd-timer', { id: 'jd-timer', activityId: 'reminderTimer', jobType: 'timer-intermediate-transition', jobConfiguration: 'DURATION: P1D' }],
        ['jd-async', { id: 'jd-async', activityId: 'validateOrder', jobType: 'async-continuation', jobConfiguration: 'async-before' }],
      ]),
      jobs: [
        { id: 'j1', jobDefinitionId: 'jd-timer', processInstanceId: 'pi', retries: 3, exceptionMessage: null, dueDate: '2026-12-04T09:00:00.000Z', suspended: false },
        { id: 'j2', jobDefinitionId: 'jd-async', processInstanceId: 'pi', retries: 2, exceptionMessage: 'Unknown property used in expression', dueDate: '2026-12-03T12:01:00.000Z', suspended: false },
        { id: 'j3', jobDefinitionId: 'jd-async', processInstanceId: 'pi', retries: 0, exceptionMessage: 'Unknown property used in expression', dueDate: '2026-12-03T12:01:00.000Z', suspended: false },
        { id: 'j4', jobDefinitionId: 'jd-async', processInstanceId: 'pi', retries: 3, exceptionMessage: null, dueDate: null, suspended: true },
      ],
    });
    expect(items.map((i) => [i.kind, i.activityName, i.retriesLeft, i.dueAt, i.suspended])).toEqual([
      ['TIMER', 'Remind after a day', null, '2026-12-04T09:00:00.000Z', false],
      ['FAILED_JOB', 'Validate order', 2, '2026-12-03T12:01:00.000Z', false],
      ['FAILED_JOB', 'Validate order', 0, null, false],
      ['JOB', 'Validate order', null, null, true],
    ]);
  });

  it('lists messages with the business key they are correlated by, signals and conditions, not compensation; the case step first', () => {
    const items = waitItemsOf({
      ...none,
      externalTasks: [
        { id: 't1', activityId: 'checkAvailability', topicName: 'inventory.check', workerId: null, retries: null, lockExpirationTime: null, errorMessage: null, processInstanceId: 'pi' },
      ],
      subscriptions: [
        { id: 's0', eventType: 'compensate', eventName: null, activityId: 'checkAvailability', processInstanceId: 'pi', createdDate: null },
        { id: 's1', eventType: 'signal', eventName: 'CatalogFrozen', activityId: 'checkAvailability', processInstanceId: 'pi', createdDate: '2026-12-03T11:00:00.000Z' },
        { id: 's2', eventType: 'message', eventName: 'ReservationConfirmed', activityId: 'waitForReservationCallback', processInstanceId: 'pi', createdDate: '2026-12-03T11:30:00.000Z' },
        { id: 's3', eventType: 'conditional', eventName: null, activityId: null, processInstanceId: 'pi', createdDate: null },
      ],
    });
    expect(items.map((i) => [i.kind, i.activityId, i.name, i.correlationKey])).toEqual([
      ['MESSAGE', 'waitForReservationCallback', 'ReservationConfirmed', 'order:ORD-1'],
      ['EXTERNAL_TASK', 'checkAvailability', 'inventory.check', null],
      ['SIGNAL', 'checkAvailability', 'CatalogFrozen', null],
      ['CONDITION', null, null, null],
    ]);
  });
});
